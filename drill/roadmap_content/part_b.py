"""Roadmap content, part B: job search, interviews, career ladder, salary, plan, resources, tips.

Facts and figures (sites, companies, counts, durations, years, dollar amounts, titles) follow the
roadmap reference exactly; the wording is drill's own. Interview questions, study topics and story
themes keep the reference's short labels, since they are facts about what gets asked.
"""

from __future__ import annotations

from drill.roadmap_types import (
    Advancement,
    Block,
    CompanyTier,
    InterviewPrep,
    InterviewStage,
    Item,
    LadderStep,
    Money,
    PlanMonth,
    QuestionGroup,
    Salary,
    SalaryLevel,
    Section,
    StudyArea,
)

# Deck titles, exactly as the bundled decks name themselves.
ML_FUNDAMENTALS = "ML fundamentals"
DEEP_LEARNING = "Deep learning"
SYSTEM_DESIGN = "ML system design"
BEHAVIOURAL = "Behavioural (STAR)"
CODING = "Coding patterns"
MLOPS_LLMS = "MLOps and LLMs"
LLM_SYSTEMS = "LLMs and generative AI"

# ---------------------------------------------------------------------------------------------
# Job search
# ---------------------------------------------------------------------------------------------

JOB_SEARCH = Section(
    slug="job-search",
    title="Job search",
    intro=("Where ML roles get posted, how to spend your applications well, what a resume "
           "should hold, how referrals happen, and how long a search usually runs."),
    blocks=(
        Block(
            title="Job boards",
            lines=(
                "LinkedIn: the strongest all-rounder, with easy apply.",
                "Indeed: a broad mix of listings.",
                "Glassdoor: useful for reading company reviews.",
                "AngelList: startup roles.",
                "Built In: tech companies.",
            ),
        ),
        Block(
            title="ML-specific job boards",
            lines=(
                "AI Jobs (ai-jobs.net)",
                "ML Jobs List (mljobslist.com)",
                "RemoteML (remoteml.com): remote roles.",
                "Kaggle Jobs",
            ),
        ),
        Block(
            title="Company career pages",
            lines=(
                "FAANG: Meta, Apple, Amazon, Netflix, Google.",
                "Top ML companies: OpenAI, Anthropic, DeepMind, Scale AI.",
                "Unicorns: Databricks, Snowflake, DataRobot.",
            ),
        ),
        Block(
            title="Quality over volume",
            lines=(
                "Sending one generic resume to 50 jobs is the weak approach.",
                "Choose 10-15 jobs with care instead, and give each of them the work below.",
            ),
            items=(
                Item("job.applying.tailor-resume", "Adapt the resume to this particular job."),
                Item("job.applying.cover-letter", "Write a cover letter for this company alone."),
                Item("job.applying.research", "Look into the company before applying."),
                Item("job.applying.referral", "Find someone to refer you, where you can."),
            ),
        ),
        Block(
            title="Resume layout",
            lines=(
                "Sections, in this order:",
                "1. Contact details: name, email, phone, LinkedIn, GitHub.",
                "2. Summary: 2-3 sentences.",
                "3. Skills, grouped: languages, frameworks, tools, cloud.",
                "4. Experience, newest first.",
                "5. Projects: your 2-3 strongest.",
                "6. Education.",
                "7. Publications and awards, if you have any.",
            ),
        ),
        Block(
            title="Resume content",
            items=(
                Item("job.resume.action-verbs",
                     "Open bullets with action verbs: Built, Implemented, Deployed, Optimized."),
                Item("job.resume.quantify",
                     "Put numbers on the impact, e.g. 95% accuracy, 10x speedup, $1M revenue."),
                Item("job.resume.show-dont-tell",
                     "Prove skills with what you made: not \"skilled in PyTorch\" but the CNN "
                     "you built with it."),
            ),
        ),
        Block(
            title="Resume format",
            items=(
                Item("job.resume.ats",
                     "Keep it readable by applicant tracking systems (ATS): no tables, columns "
                     "or images."),
                Item("job.resume.font", "Pick a plain font such as Arial, Calibri or Times New Roman."),
                Item("job.resume.length",
                     "One page if you have under 5 years of experience; never more than 2 pages."),
                Item("job.resume.pdf", "Send it as a PDF."),
            ),
        ),
        Block(
            title="A resume bullet, weak and strong",
            lines=(
                "Weak: \"Did machine learning projects with Python and TensorFlow.\" It names "
                "tools but says nothing about results.",
                "Strong: \"Built an XGBoost fraud detection model with 94% precision and 89% "
                "recall, cutting false positives by 40% and saving $500K a year.\"",
                "The strong version names the method, the metrics and the money.",
            ),
        ),
        Block(
            title="Why referrals matter",
            lines=("A referral makes an interview 3-5x more likely.",),
        ),
        Block(
            title="Referrals through LinkedIn",
            lines=(
                "A message along these lines works: \"Hi [Name], I see you're a [Role] at "
                "[Company]. I'm looking at the [Position] opening and would value hearing how "
                "you find it there. Could we have a short chat?\"",
            ),
            items=(
                Item("job.referrals.connect", "Connect with people who work at your target companies."),
                Item("job.referrals.message",
                     "Send each one a personal note rather than a blank request."),
            ),
        ),
        Block(
            title="Referrals through alumni",
            items=(
                Item("job.referrals.alumni-search", "Search LinkedIn for alumni of your school."),
                Item("job.referrals.alumni-contact",
                     "Contact the alumni who work at your target companies."),
                Item("job.referrals.shared-link", "Bring up what you have in common."),
            ),
        ),
        Block(
            title="Referrals through meetups and conferences",
            items=(
                Item("job.referrals.meetups", "Go to ML meetups."),
                Item("job.referrals.genuine", "Build real relationships, not transactions."),
                Item("job.referrals.follow-up", "Get back in touch after the event."),
            ),
        ),
        Block(
            title="Referrals through online communities",
            lines=(
                "Reddit: r/MachineLearning, r/cscareerquestions.",
                "Discord servers.",
                "Slack communities.",
            ),
        ),
        Block(
            title="Timeline, weeks 1-2: get ready",
            items=(
                Item("job.timeline.update-profiles", "Refresh your resume, LinkedIn and portfolio."),
                Item("job.timeline.research", "Study the companies you want to join."),
                Item("job.timeline.practice", "Start practising interviews."),
            ),
        ),
        Block(
            title="Timeline, weeks 3-6: apply",
            items=(
                Item("job.timeline.apply", "Send 5-10 applications a week."),
                Item("job.timeline.network", "Network and ask for referrals."),
                Item("job.timeline.keep-practising", "Keep up the interview practice."),
            ),
        ),
        Block(
            title="Timeline, weeks 7-12: interview",
            lines=(
                "This is when the interviews arrive: phone screens, technical interviews, "
                "on-sites and take-home assignments.",
            ),
        ),
        Block(
            title="Timeline, week 13 onward: offers",
            items=(
                Item("job.timeline.evaluate", "Compare the offers you have."),
                Item("job.timeline.negotiate", "Negotiate."),
                Item("job.timeline.choose", "Accept the one that suits you best."),
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Interview preparation
# ---------------------------------------------------------------------------------------------

STAGES = (
    InterviewStage(
        number=1,
        name="Phone Screen",
        duration="30-45 min",
        minutes=(30, 45),
        what_happens=(
            "A call with a recruiter.",
            "Questions about your background.",
            "A few high-level technical questions.",
            "A check on culture fit.",
        ),
        prep=(
            Item("interview.stage1.resume", "Be able to talk through every line of your resume."),
            Item("interview.stage1.intro", "Have a 2-minute introduction ready."),
            Item("interview.stage1.research", "Read up on the company."),
            Item("interview.stage1.questions", "Bring your own questions for them."),
        ),
        decks=(BEHAVIOURAL,),
        mock_format="recruiter",
    ),
    InterviewStage(
        number=2,
        name="Technical Phone Screen",
        duration="45-60 min",
        minutes=(45, 60),
        what_happens=(
            "Coding problems in the LeetCode style.",
            "Questions on ML concepts.",
            "Now and then, some system design.",
        ),
        prep=(
            Item("interview.stage2.leetcode-medium", "Work through 50-100 LeetCode medium problems."),
            Item("interview.stage2.ml-review", "Go back over the ML fundamentals."),
            Item("interview.stage2.coderpad", "Practise coding in CoderPad or HackerRank."),
        ),
        decks=(CODING, ML_FUNDAMENTALS, DEEP_LEARNING, SYSTEM_DESIGN),
        mock_format="technical",
    ),
    InterviewStage(
        number=3,
        name="Take-Home Assignment",
        duration="4-8 hours",
        minutes=(240, 480),
        what_happens=(
            "You build an ML model on data they give you.",
            "You write up a report.",
            "You hand in the code along with its documentation.",
        ),
        prep=(
            Item("interview.stage3.template", "Keep a project template ready to start from."),
            Item("interview.stage3.time", "Practise working to a fixed time budget."),
            Item("interview.stage3.communication", "Put effort into explaining your work clearly."),
        ),
        decks=(ML_FUNDAMENTALS, MLOPS_LLMS),
        mock_format=None,
    ),
    InterviewStage(
        number=4,
        name="On-Site / Virtual On-Site",
        duration="4-6 hours",
        minutes=(240, 360),
        what_happens=(
            "Several rounds in a row:",
            "Coding: 1-2 rounds.",
            "ML concepts: 1-2 rounds.",
            "System design: 1 round.",
            "Behavioural: 1 round.",
        ),
        prep=(
            Item("interview.stage4.full-prep", "Prepare for every kind of round."),
            Item("interview.stage4.mocks", "Do mock interviews."),
            Item("interview.stage4.rest", "Get proper rest beforehand."),
        ),
        decks=(CODING, ML_FUNDAMENTALS, DEEP_LEARNING, SYSTEM_DESIGN, BEHAVIOURAL, LLM_SYSTEMS),
        mock_format="onsite",
    ),
)

STUDY = (
    StudyArea(
        name="Coding (LeetCode)",
        topics=(
            "Arrays & Strings",
            "Hash Tables",
            "Two Pointers",
            "Sliding Window",
            "Binary Search",
            "Trees (BFS, DFS)",
            "Dynamic Programming (basic)",
        ),
        targets=(
            "100 easy problems",
            "50 medium problems",
            "Learn the patterns behind them, not just the answers",
            "Time: 2-3 months, 1-2 hours a day",
        ),
        deck=CODING,
    ),
    StudyArea(
        name="ML concepts",
        topics=(
            "Supervised learning (regression, classification)",
            "Unsupervised learning (clustering, PCA)",
            "Neural networks (architecture, backprop)",
            "CNNs (convolution, pooling, architectures)",
            "RNNs/Transformers (attention, BERT, GPT)",
            "Training (optimization, regularization)",
            "Evaluation (metrics, cross-validation)",
            "Bias-variance tradeoff",
            "Overfitting/underfitting",
        ),
        targets=(
            "Study from: an interview prep guide (in drill, the ML fundamentals and Deep "
            "learning decks)",
            "Study from: the Hands-On ML book",
            "Study from: the Deep Learning book (Goodfellow)",
        ),
        deck=ML_FUNDAMENTALS,
    ),
    StudyArea(
        name="ML system design",
        topics=(
            "Design a recommendation system",
            "Design a search ranking system",
            "Design a fraud detection system",
            "Design a news feed",
            "Design an ad prediction system",
        ),
        targets=("Practise 10-20 system design problems",),
        deck=SYSTEM_DESIGN,
    ),
    StudyArea(
        name="Behavioural",
        topics=(
            "The STAR method: Situation, Task, Action, Result",
            "Challenging project",
            "Teamwork/collaboration",
            "Handling failure",
            "Leadership",
            "Conflict resolution",
            "Time management",
            "Learning new technology",
        ),
        targets=("Have 5-7 stories ready",),
        deck=BEHAVIOURAL,
    ),
)

QUESTIONS = (
    QuestionGroup(
        area="ML concepts",
        questions=(
            "Explain bias-variance tradeoff",
            "What is regularization? L1 vs L2?",
            "Explain gradient descent",
            "How does backpropagation work?",
            "What is cross-validation?",
            "Precision vs Recall, when to optimize for each?",
            "Explain ROC-AUC",
            "How do you handle imbalanced data?",
            "What is dropout? How does it prevent overfitting?",
            "Explain batch normalization",
        ),
        deck=ML_FUNDAMENTALS,
    ),
    QuestionGroup(
        area="Deep learning",
        questions=(
            "Explain CNN architecture",
            "What is transfer learning?",
            "Explain attention mechanism",
            "BERT vs GPT differences",
            "How to fine-tune a pre-trained model?",
            "Vanishing gradient problem and solutions",
            "Explain different optimizers (SGD, Adam)",
            "What is learning rate scheduling?",
            "How to prevent overfitting in neural networks?",
            "Explain ResNet skip connections",
        ),
        deck=DEEP_LEARNING,
    ),
    QuestionGroup(
        area="System design",
        questions=(
            "Design YouTube recommendation system",
            "Design image search engine",
            "Design autocomplete system",
            "Design spam classifier",
            "Design real-time bidding system",
        ),
        deck=SYSTEM_DESIGN,
    ),
)

INTERVIEW = InterviewPrep(
    stages=STAGES,
    study=STUDY,
    design_framework=(
        "Clarify the requirements",
        "Define the metrics",
        "Lay out the data pipeline",
        "Choose the model",
        "Plan the training infrastructure",
        "Plan the serving",
        "Plan the monitoring",
    ),
    star=(
        "Situation: set the scene.",
        "Task: say what you were responsible for.",
        "Action: describe what you yourself did.",
        "Result: give the outcome, with numbers where you can.",
    ),
    story_themes=(
        "Challenging project",
        "Teamwork/collaboration",
        "Handling failure",
        "Leadership",
        "Conflict resolution",
        "Time management",
        "Learning new technology",
    ),
    questions=QUESTIONS,
)

# ---------------------------------------------------------------------------------------------
# Career progression
# ---------------------------------------------------------------------------------------------

LADDER = (
    LadderStep("Junior ML Engineer", (0, 2), "shared", None),
    LadderStep("ML Engineer", (2, 4), "shared", "Junior ML Engineer"),
    LadderStep("Senior ML Engineer", (4, 7), "shared", "ML Engineer"),
    LadderStep("Staff ML Engineer", (7, 10), "technical", "Senior ML Engineer"),
    LadderStep("Principal ML Engineer", (10, 15), "technical", "Staff ML Engineer"),
    LadderStep("Distinguished Engineer", (15, None), "technical", "Principal ML Engineer"),
    LadderStep("ML Engineering Manager", (7, 10), "management", "Senior ML Engineer"),
    LadderStep("Senior Manager / Director of ML", (10, 15), "management",
               "ML Engineering Manager"),
    LadderStep("VP of ML / Head of ML", (15, None), "management",
               "Senior Manager / Director of ML"),
)

ADVANCEMENT = (
    Advancement(
        step="Junior → Mid-level",
        skills=(
            "Carry a project through without hand-holding",
            "Write clean code that has tests",
            "Track down hard bugs",
            "Handle basic system design",
        ),
    ),
    Advancement(
        step="Mid-level → Senior",
        skills=(
            "Design whole systems, end to end",
            "Mentor junior engineers",
            "Lead on technical matters",
            "Work well with other teams",
            "Weigh technical tradeoffs sensibly",
        ),
    ),
    Advancement(
        step="Senior → Staff",
        skills=(
            "Decide the technical direction",
            "Have influence across the organization",
            "Lead large initiatives",
            "Be a source of ideas others follow (thought leadership)",
            "Make the architectural calls",
        ),
    ),
    Advancement(
        step="Staff → Principal",
        skills=(
            "Have an impact on the whole company",
            "Be recognised across the industry",
            "Make strategic technical decisions",
            "Be visible outside the company (conferences, papers)",
        ),
    ),
)

CONTINUOUS_LEARNING = Section(
    slug="continuous-learning",
    title="Continuous learning",
    intro="The field moves fast; a steady rhythm of small habits keeps you up to date.",
    blocks=(
        Block(
            title="Every day (30 min)",
            items=(
                Item("learn.daily.arxiv", "Read papers on arXiv."),
                Item("learn.daily.social", "Keep up with ML people on Twitter and LinkedIn."),
                Item("learn.daily.news", "Browse HackerNews and Reddit r/MachineLearning."),
            ),
        ),
        Block(
            title="Every week (2-3 hours)",
            items=(
                Item("learn.weekly.implement-paper", "Implement a paper yourself."),
                Item("learn.weekly.side-project", "Put time into a side project."),
                Item("learn.weekly.blogs", "Read technical blog posts."),
            ),
        ),
        Block(
            title="Every month",
            items=(
                Item("learn.monthly.meetup", "Go to a meetup or a conference."),
                Item("learn.monthly.course-module", "Finish one module of an online course."),
                Item("learn.monthly.blog-post", "Publish a blog post."),
            ),
        ),
        Block(
            title="Every year",
            items=(
                Item("learn.yearly.major-project", "Take on one big side project."),
                Item("learn.yearly.talk", "Give a talk at a conference."),
                Item("learn.yearly.skill-upgrade", "Raise one skill to a clearly higher level."),
            ),
        ),
        Block(
            title="Where to keep up",
            lines=(
                "Papers: arXiv.org, Papers with Code.",
                "Blogs: Distill.pub, Google AI Blog, OpenAI Blog.",
                "Conferences: NeurIPS, ICML, ICLR, CVPR.",
                "Courses: Coursera, fast.ai, DeepLearning.AI.",
                "Books: watch for new releases and keep reading.",
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Salary
# ---------------------------------------------------------------------------------------------

SALARY = Salary(
    source=("United States, 2024 data, as collected in the roadmap this app is based on "
            "(which cites Levels.fyi, Blind and industry surveys); figures vary by company and "
            "change every year."),
    levels=(
        SalaryLevel(
            level="Junior ML Engineer",
            years=(0, 2),
            base=Money(100_000, 150_000),
            stock=Money(20_000, 50_000),
            bonus=Money(10_000, 30_000),
            total=Money(130_000, 230_000),
            base_by_location={
                "SF Bay Area": Money(140_000, 200_000),
                "Seattle": Money(130_000, 180_000),
                "NYC": Money(130_000, 190_000),
                "Austin": Money(110_000, 150_000),
                "Remote": Money(100_000, 140_000),
            },
        ),
        SalaryLevel(
            level="ML Engineer",
            years=(2, 4),
            base=Money(150_000, 200_000),
            stock=Money(50_000, 100_000),
            bonus=Money(20_000, 50_000),
            total=Money(220_000, 350_000),
            top_companies_total=Money(300_000, 450_000),
        ),
        SalaryLevel(
            level="Senior ML Engineer",
            years=(4, 7),
            base=Money(180_000, 250_000),
            stock=Money(100_000, 300_000),
            bonus=Money(30_000, 80_000),
            total=Money(310_000, 630_000),
            top_companies_total=Money(400_000, 700_000),
        ),
        SalaryLevel(
            level="Staff ML Engineer",
            years=(7, 10),
            base=Money(220_000, 300_000),
            stock=Money(200_000, 500_000),
            bonus=Money(50_000, 150_000),
            total=Money(470_000, 950_000),
            top_companies_total=Money(600_000, 1_200_000),
        ),
    ),
    tiers=(
        CompanyTier(
            tier=1,
            name="FAANG + Top ML",
            companies=("Meta", "Google", "Amazon", "Apple", "Netflix",
                       "OpenAI", "Anthropic", "DeepMind",
                       "Databricks", "Snowflake", "Scale AI"),
        ),
        CompanyTier(
            tier=2,
            name="Strong Tech",
            companies=("Microsoft", "Nvidia", "Adobe", "Salesforce",
                       "Uber", "Lyft", "Airbnb", "DoorDash",
                       "Stripe", "Square", "Coinbase"),
        ),
        CompanyTier(
            tier=3,
            name="Good Tech",
            companies=("Mid-size tech companies", "Well-funded startups", "Enterprise software"),
            note="Kinds of company rather than named ones.",
        ),
        CompanyTier(
            tier=4,
            name="Average",
            companies=("Small startups", "Non-tech companies", "Agencies"),
            note="Kinds of company rather than named ones.",
        ),
    ),
    other_figures=(
        Block(
            title="Reading the top-company totals",
            lines=(
                "For ML Engineer, the top-company total ($300K - $450K) refers to FAANG.",
                "For Senior and Staff ML Engineer, the top-company totals ($400K - $700K and "
                "$600K - $1.2M) refer to top companies in general.",
                "Stock is counted per year; location figures are base salary only, and are "
                "given for Junior ML Engineer alone.",
            ),
        ),
        Block(
            title="Sources of negotiating leverage",
            lines=(
                "Offers from other companies.",
                "Skills that few candidates have.",
                "Having done well in the interviews.",
                "An internal promotion or a counteroffer from your current employer.",
                "Timing: the end of a quarter or of the fiscal year.",
            ),
        ),
    ),
    negotiation_do=(
        "Negotiate every time, even when the first offer already pleases you.",
        "Line up more than one offer: a competing offer is leverage.",
        "Judge the whole package (total compensation), not the base alone.",
        "Name concrete numbers.",
        "Stay polite and professional throughout.",
    ),
    negotiation_dont=(
        "Say yes to the first offer on the spot.",
        "Reveal what you earn now, if you can avoid it.",
        "Push aggressively or make demands.",
        "Negotiate with no competing offer in hand.",
        "Look at the base salary and nothing else.",
    ),
    script=(
        "Thanks very much for the offer; I'm really keen on this role.",
        "I've gone through the package and weighed it against my experience and what the "
        "market pays,",
        "and I'd been aiming for total compensation nearer [Target].",
        "Is there room to move on the [base/stock/bonus]?",
    ),
)

# ---------------------------------------------------------------------------------------------
# Action plan
# ---------------------------------------------------------------------------------------------

ACTION_PLAN = (
    PlanMonth(
        months=(1, 3),
        title="Foundations",
        items=(
            Item("plan.m01-03.python", "Finish the Python fundamentals."),
            Item("plan.m01-03.libraries", "Get to know NumPy, pandas and matplotlib."),
            Item("plan.m01-03.math", "Study the math: linear algebra, calculus, statistics."),
            Item("plan.m01-03.projects", "Build 2-3 simple projects."),
        ),
    ),
    PlanMonth(
        months=(4, 6),
        title="ML fundamentals",
        items=(
            Item("plan.m04-06.course", "Finish an ML course (Andrew Ng's, or one like it)."),
            Item("plan.m04-06.sklearn", "Become fluent in scikit-learn."),
            Item("plan.m04-06.projects", "Build a classification project and a regression project."),
            Item("plan.m04-06.kaggle", "Take part in a Kaggle competition."),
        ),
    ),
    PlanMonth(
        months=(7, 9),
        title="Deep learning",
        items=(
            Item("plan.m07-09.course", "Finish a DL course (fast.ai or Deeplearning.AI)."),
            Item("plan.m07-09.framework", "Learn PyTorch or TensorFlow."),
            Item("plan.m07-09.cnn-project", "Build a CNN project."),
            Item("plan.m07-09.nlp-project", "Build an NLP project."),
        ),
    ),
    PlanMonth(
        months=(10, 12),
        title="Specialization and portfolio",
        items=(
            Item("plan.m10-12.specialize", "Pick a specialization (CV, NLP, MLOps, or another)."),
            Item("plan.m10-12.projects", "Build 2-3 advanced projects."),
            Item("plan.m10-12.blog", "Write some blog posts."),
            Item("plan.m10-12.profiles", "Bring your resume, LinkedIn and GitHub up to date."),
        ),
    ),
    PlanMonth(
        months=(13, 15),
        title="Interview prep",
        items=(
            Item("plan.m13-15.leetcode", "Practise on LeetCode (100+ problems)."),
            Item("plan.m13-15.ml-review", "Revise the ML concepts."),
            Item("plan.m13-15.system-design", "Practise system design."),
            Item("plan.m13-15.mocks", "Do mock interviews."),
        ),
    ),
    PlanMonth(
        months=(16, 18),
        title="Job search",
        items=(
            Item("plan.m16-18.apply", "Apply for jobs, 5-10 a week."),
            Item("plan.m16-18.network", "Network and ask for referrals."),
            Item("plan.m16-18.interview", "Interview with companies."),
            Item("plan.m16-18.offer", "Negotiate, then accept an offer."),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------------------------

RESOURCES = Section(
    slug="resources",
    title="Essential resources",
    intro="The courses, books, practice sites and communities most worth your time.",
    blocks=(
        Block(
            title="Courses",
            items=(
                Item("resources.course.andrew-ng-ml", "Andrew Ng's Machine Learning (Coursera)"),
                Item("resources.course.dl-specialization", "Deep Learning Specialization (Coursera)"),
                Item("resources.course.fastai", "fast.ai Practical Deep Learning"),
                Item("resources.course.stanford",
                     "Stanford CS229, CS230, CS231n (free to follow online)"),
            ),
        ),
        Block(
            title="Books",
            items=(
                Item("resources.book.hands-on-ml", "\"Hands-On Machine Learning\" by Aurélien Géron"),
                Item("resources.book.deep-learning",
                     "\"Deep Learning\" by Goodfellow, Bengio and Courville"),
                Item("resources.book.designing-ml-systems",
                     "\"Designing Machine Learning Systems\" by Chip Huyen"),
            ),
        ),
        Block(
            title="Practice",
            lines=(
                "LeetCode: coding problems.",
                "Kaggle: ML projects.",
                "Papers with Code: state-of-the-art (SOTA) methods.",
                "GitHub: open source.",
            ),
        ),
        Block(
            title="Community",
            lines=(
                "Reddit: r/MachineLearning, r/learnmachinelearning.",
                "Twitter: follow ML researchers.",
                "LinkedIn: connect with people working in ML.",
                "Discord: join ML servers.",
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Final tips
# ---------------------------------------------------------------------------------------------

FINAL_TIPS = Section(
    slug="final-tips",
    title="Final tips",
    intro="Eight habits that matter more than any single course or project.",
    blocks=(
        Block(
            title="Habits",
            items=(
                Item("tips.build-in-public", "Build in public: let people see what you are learning."),
                Item("tips.network", "Network consistently: the people you know count."),
                Item("tips.fundamentals",
                     "Focus on fundamentals: understand things, rather than copying tutorials."),
                Item("tips.ship", "Ship projects: get the things you begin finished."),
                Item("tips.curious", "Stay curious: the field never stops changing."),
                Item("tips.help-others", "Help others: explaining something makes it stick."),
                Item("tips.patient", "Be patient: careers grow slowly."),
                Item("tips.enjoy",
                     "Enjoy the journey: interviewers can tell when you love the work."),
            ),
        ),
        Block(
            title="Keep in mind",
            lines=(
                "No two careers follow the same route.",
                "Treat this roadmap as a guide, not a fixed schedule: bend it to your "
                "background, your goals and your situation.",
            ),
        ),
    ),
)
