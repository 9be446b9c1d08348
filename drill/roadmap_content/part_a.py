"""Roadmap content, part A: the six roles, the skill matrix, the two learning paths, the portfolio.

Facts and figures (role and job titles, skills, star ratings, month and week numbers, counts,
book, course and tool names) follow the roadmap reference exactly; the wording is drill's own.
Item ids are written out by hand from the facts, so rewording an item never changes its id.
"""

from __future__ import annotations

from drill.roadmap_types import Block, Item, LearningPath, Period, Role, Section, SkillMatrix, Week


def _items(prefix: str, *pairs: tuple[str, str]) -> tuple[Item, ...]:
    """Items from (slug, text) pairs; each id is `prefix.slug`."""
    return tuple(Item(id=f"{prefix}.{slug}", text=text) for slug, text in pairs)


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------

ROLES: tuple[Role, ...] = (
    Role(
        slug="ml-engineer",
        title="Machine Learning Engineer",
        summary="Gets models out of notebooks and into production, then keeps them fast, "
                "reliable and able to scale.",
        what_they_do=(
            "Build ML models and ship them to production",
            "Design the pipelines and infrastructure that ML runs on",
            "Tune models for speed, quality and scale",
            "Partner with the software and data engineers around you",
        ),
        typical_day=(
            ("Morning", (
                "Check how the models are performing",
                "Chase down problems in production",
                "Team standup",
            )),
            ("Afternoon", (
                "Build a new feature engineering pipeline",
                "Cut model serving latency",
                "Review a teammate's ML pipeline code",
            )),
            ("Evening", (
                "Try out new model architectures",
                "Write documentation",
                "Plan the next sprint",
            )),
        ),
        required_skills=(
            "Strong programming: Python, production-quality code",
            "ML algorithms and frameworks: PyTorch, TensorFlow, scikit-learn",
            "Software engineering: Git, testing, CI/CD",
            "ML deployment: Docker, Kubernetes, cloud platforms",
            "Data structures and algorithms",
        ),
        background=(
            "A CS degree, or a bootcamp plus self-study",
            "1-2 years of projects or internships",
        ),
        entry_points=("Junior ML Engineer", "ML Engineer I", "Associate ML Engineer"),
    ),
    Role(
        slug="data-scientist",
        title="Data Scientist",
        summary="Turns data into answers the business can act on, using statistics, quick ML "
                "prototypes and clear charts.",
        what_they_do=(
            "Dig through data to find insights",
            "Create statistical models and quick ML prototypes",
            "Produce visualizations and reports",
            "Work closely with business stakeholders",
        ),
        typical_day=(
            ("Morning", (
                "Read the results of an A/B test",
                "Walk the product team through the findings",
                "Pull user behavior data with SQL",
            )),
            ("Afternoon", (
                "Build a model that predicts customer churn",
                "Make a dashboard in Tableau",
                "Meet with stakeholders",
            )),
            ("Evening", (
                "Explore the data for a new project",
                "Write the analysis up in a Jupyter notebook",
            )),
        ),
        required_skills=(
            "Statistics and probability",
            "Data manipulation: pandas, SQL",
            "Visualization: matplotlib, seaborn, Tableau",
            "ML fundamentals",
            "Business acumen and communication",
        ),
        background=(
            "A degree in Statistics, Math, Economics or a related field",
            "A sharp analytical mind",
        ),
        entry_points=("Data Analyst → Data Scientist", "Junior Data Scientist", "Data Scientist I"),
    ),
    Role(
        slug="research-scientist",
        title="Research Scientist / ML Researcher",
        summary="Invents new methods and publishes them, moving the state of the art forward.",
        what_they_do=(
            "Come up with new ML algorithms",
            "Publish at the top conferences",
            "Advance the state of the art",
            "Work with academic collaborators",
        ),
        typical_day=(
            ("Morning", (
                "Catch up on new papers on arXiv",
                "Experiment with a new attention mechanism",
                "Write up early results",
            )),
            ("Afternoon", (
                "Debug a PyTorch implementation",
                "Meet with the research team",
                "Go over the experiment results",
            )),
            ("Evening", (
                "Draft a paper",
                "Get a conference submission ready",
                "Review a colleague's paper",
            )),
        ),
        required_skills=(
            "A deep grasp of ML theory",
            "Strong math: linear algebra, optimization, probability",
            "Research methodology",
            "Writing and presenting papers",
            "Programming and experimentation",
        ),
        background=(
            "A PhD (CS, ML, Math, Physics or something close)",
            "Papers at top conferences (NeurIPS, ICML, ICLR)",
        ),
        entry_points=("Research Intern → Research Scientist", "Postdoc → Research Scientist"),
    ),
    Role(
        slug="mlops",
        title="MLOps Engineer",
        summary="Builds and runs the platform that trains, ships and watches models, so the rest "
                "of the team can rely on it.",
        what_they_do=(
            "Create the platforms and infrastructure that ML runs on",
            "Automate how models are trained and deployed",
            "Keep an eye on models in production",
            "Make the whole system reliable and scalable",
        ),
        typical_day=(
            ("Morning", (
                "Triage model monitoring alerts",
                "Repair a broken deployment pipeline",
                "Tune the training infrastructure",
            )),
            ("Afternoon", (
                "Build a feature store",
                "Set up a framework for A/B tests",
                "Run performance tests",
            )),
            ("Evening", (
                "Set up automatic model retraining",
                "Work on Terraform configs",
                "Take an on-call shift",
            )),
        ),
        required_skills=(
            "DevOps/SRE experience",
            "Cloud platforms: AWS, GCP, Azure",
            "Container orchestration: Kubernetes, Docker",
            "CI/CD pipelines",
            "ML fundamentals, enough to know what models need",
        ),
        background=("Software Engineer → MLOps", "DevOps Engineer → MLOps"),
        entry_points=("Platform Engineer", "ML Platform Engineer", "MLOps Engineer I"),
    ),
    Role(
        slug="computer-vision",
        title="Computer Vision Engineer",
        summary="Builds systems that make sense of images and video. Common specializations: "
                "medical imaging, autonomous vehicles, robotics, and surveillance and security.",
        what_they_do=(
            "Build systems that interpret images and video",
            "Develop object detection and segmentation models",
            "Work on autonomous systems and medical imaging",
            "Make vision models run well on edge devices",
        ),
        # The reference gives no day-to-day for this role: these are its listed duties.
        typical_day=(
            ("Morning", (
                "Develop object detection or segmentation models",
                "Apply them to autonomous systems or medical imaging",
            )),
            ("Afternoon", (
                "Shrink vision models (quantization, pruning) so they fit edge devices",
            )),
        ),
        required_skills=(
            "Deep learning: CNNs, Vision Transformers",
            "Computer vision algorithms",
            "Image processing",
            "PyTorch/TensorFlow expertise",
            "Model optimization: quantization, pruning",
        ),
        background=(),
        entry_points=(),
    ),
    Role(
        slug="nlp-llm",
        title="NLP Engineer / LLM Engineer",
        summary="Builds software that works with human language, more and more on top of large "
                "language models. Hot areas in 2024: LLM fine-tuning, RAG systems, agent "
                "frameworks, multimodal models.",
        what_they_do=(
            "Build systems that understand language",
            "Fine-tune LLMs and put them into service",
            "Develop chatbots, translation and summarization",
            "Put RAG systems together",
        ),
        # The reference gives no day-to-day for this role: these are its listed duties.
        typical_day=(
            ("Morning", (
                "Fine-tune an LLM and get it deployed",
                "Build a chatbot, translation or summarization feature",
            )),
            ("Afternoon", (
                "Implement a RAG system on a vector database",
            )),
        ),
        required_skills=(
            "Transformers architecture",
            "HuggingFace ecosystem",
            "Prompt engineering",
            "Vector databases",
            "LLM APIs (OpenAI, Anthropic)",
        ),
        background=(),
        entry_points=(),
    ),
)


# ---------------------------------------------------------------------------------------------
# Skill matrix (stars per role, columns in the reference's order)
# ---------------------------------------------------------------------------------------------

_MATRIX_ROLES = ("ml-engineer", "data-scientist", "research-scientist", "mlops", "computer-vision",
                 "nlp-llm")
_MATRIX_ROWS: tuple[tuple[str, tuple[int, int, int, int, int, int]], ...] = (
    ("Programming", (5, 4, 4, 5, 5, 5)),
    ("Math/Stats", (4, 5, 5, 2, 4, 4)),
    ("ML Algorithms", (5, 4, 5, 3, 5, 5)),
    ("Software Eng", (5, 3, 3, 5, 4, 4)),
    ("DevOps", (4, 2, 2, 5, 3, 3)),
    ("Communication", (3, 5, 4, 3, 3, 3)),
    ("Research", (2, 3, 5, 1, 3, 3)),
    ("Domain Specific", (2, 3, 3, 2, 5, 5)),
)

MATRIX = SkillMatrix(
    skills=tuple(skill for skill, _ in _MATRIX_ROWS),
    roles=_MATRIX_ROLES,
    ratings={skill: dict(zip(_MATRIX_ROLES, stars, strict=True)) for skill, stars in _MATRIX_ROWS},
)


# ---------------------------------------------------------------------------------------------
# Learning paths
# ---------------------------------------------------------------------------------------------

_B = "path.beginner"

_BEGINNER = LearningPath(
    slug="beginner-to-mle",
    title="Complete Beginner → ML Engineer",
    months=(12, 18),
    summary="Starting from zero: programming first, then math, classic ML, deep learning and a "
            "specialization, and finally the job search. Plan on 12-18 months.",
    periods=(
        Period(
            months=(1, 2),
            title="Programming Fundamentals",
            weeks=(
                Week(
                    weeks=(1, 2),
                    title="Python Basics",
                    items=_items(
                        f"{_B}.m01-02.w01-02",
                        ("variables-types-control-flow", "Variables, data types, control flow"),
                        ("functions-classes-modules", "Functions, classes, modules"),
                    ),
                    resources=("Python Crash Course", "Automate the Boring Stuff"),
                ),
                Week(
                    weeks=(3, 4),
                    title="Data Structures & Algorithms",
                    items=_items(
                        f"{_B}.m01-02.w03-04",
                        ("lists-dicts-sets", "Lists, dictionaries, sets"),
                        ("sorting-searching", "Sorting, searching"),
                        ("time-complexity", "Time complexity"),
                    ),
                    resources=("LeetCode (Easy problems)",),
                ),
                Week(
                    weeks=(5, 6),
                    title="Python for Data Science",
                    items=_items(
                        f"{_B}.m01-02.w05-06",
                        ("numpy-basics", "NumPy basics"),
                        ("pandas-fundamentals", "Pandas fundamentals"),
                        ("data-manipulation", "Data manipulation"),
                    ),
                    resources=("Pandas documentation", "Kaggle micro-courses"),
                ),
                Week(
                    weeks=(7, 8),
                    title="Version Control & Tools",
                    items=_items(
                        f"{_B}.m01-02.w07-08",
                        ("git-basics", "Git basics: commit, push, pull, branch, merge"),
                        ("github", "GitHub"),
                        ("jupyter", "Jupyter notebooks"),
                        ("vscode-setup", "Set up VS Code"),
                    ),
                ),
            ),
        ),
        Period(
            months=(3, 4),
            title="Math & Statistics",
            weeks=(
                Week(
                    weeks=(1, 2),
                    title="Linear Algebra",
                    items=_items(
                        f"{_B}.m03-04.w01-02",
                        ("vectors-matrices", "Vectors, matrices"),
                        ("matrix-operations", "Matrix operations"),
                        ("eigen", "Eigenvalues/eigenvectors"),
                    ),
                    resources=("3Blue1Brown", "Khan Academy"),
                ),
                Week(
                    weeks=(3, 4),
                    title="Calculus",
                    items=_items(
                        f"{_B}.m03-04.w03-04",
                        ("derivatives", "Derivatives"),
                        ("partial-derivatives", "Partial derivatives"),
                        ("chain-rule", "Chain rule"),
                        ("gradient-descent", "Gradient descent"),
                    ),
                    resources=("Khan Academy", "MIT OCW"),
                ),
                Week(
                    weeks=(5, 6),
                    title="Probability & Statistics",
                    items=_items(
                        f"{_B}.m03-04.w05-06",
                        ("distributions", "Probability distributions"),
                        ("bayes", "Bayes' theorem"),
                        ("hypothesis-testing", "Hypothesis testing"),
                        ("statistical-inference", "Statistical inference"),
                    ),
                    resources=("Khan Academy", "Seeing Theory"),
                ),
                Week(
                    weeks=(7, 8),
                    title="Practice & Review",
                    items=_items(
                        f"{_B}.m03-04.w07-08",
                        ("problems", "Solve practice problems"),
                        ("implement-in-python", "Code the math concepts up in Python"),
                    ),
                ),
            ),
        ),
        Period(
            months=(5, 6),
            title="Machine Learning Fundamentals",
            weeks=(
                Week(
                    weeks=(1, 2),
                    title="Supervised Learning",
                    items=_items(
                        f"{_B}.m05-06.w01-02",
                        ("linear-regression", "Linear regression"),
                        ("logistic-regression", "Logistic regression"),
                        ("decision-trees", "Decision trees"),
                        ("random-forests", "Random forests"),
                    ),
                    resources=("Andrew Ng's ML course",),
                ),
                Week(
                    weeks=(3, 4),
                    title="scikit-learn",
                    items=_items(
                        f"{_B}.m05-06.w03-04",
                        ("train-test-split", "Train-test split"),
                        ("cross-validation", "Cross-validation"),
                        ("evaluation-metrics", "Model evaluation metrics"),
                        ("hyperparameter-tuning", "Hyperparameter tuning"),
                        ("project-titanic", "Project: a classifier for the Titanic dataset"),
                    ),
                ),
                Week(
                    weeks=(5, 6),
                    title="Unsupervised Learning",
                    items=_items(
                        f"{_B}.m05-06.w05-06",
                        ("k-means", "K-means clustering"),
                        ("pca", "PCA"),
                        ("anomaly-detection", "Anomaly detection"),
                    ),
                    resources=("Hands-On ML book",),
                ),
                Week(
                    weeks=(7, 8),
                    title="ML Project",
                    items=_items(
                        f"{_B}.m05-06.w07-08",
                        ("kaggle-end-to-end", "Take a Kaggle project from start to finish"),
                        ("feature-engineering", "Feature engineering"),
                        ("model-selection", "Model selection"),
                        ("evaluation", "Evaluation"),
                    ),
                ),
            ),
        ),
        Period(
            months=(7, 9),
            title="Deep Learning",
            weeks=(
                Week(
                    weeks=(1, 3),
                    title="Neural Networks Fundamentals",
                    items=_items(
                        f"{_B}.m07-09.w01-03",
                        ("perceptrons", "Perceptrons"),
                        ("backpropagation", "Backpropagation"),
                        ("activation-functions", "Activation functions"),
                        ("optimization", "Optimization"),
                    ),
                    resources=("fast.ai", "Deep Learning Specialization"),
                ),
                Week(
                    weeks=(4, 6),
                    title="PyTorch/TensorFlow",
                    items=_items(
                        f"{_B}.m07-09.w04-06",
                        ("tensors-autograd", "Tensors and autograd"),
                        ("building-networks", "Building neural networks"),
                        ("training-loops", "Training loops"),
                        ("gpu", "GPU acceleration"),
                        ("project-mnist", "Project: an MNIST digit classifier"),
                    ),
                ),
                Week(
                    weeks=(7, 9),
                    title="CNNs & Computer Vision",
                    items=_items(
                        f"{_B}.m07-09.w07-09",
                        ("conv-layers", "Convolutional layers"),
                        ("pooling", "Pooling"),
                        ("transfer-learning", "Transfer learning"),
                        ("data-augmentation", "Data augmentation"),
                        ("project-cifar10", "Project: image classification on CIFAR-10"),
                    ),
                ),
                Week(
                    weeks=(10, 12),
                    title="RNNs & Sequence Models",
                    items=_items(
                        f"{_B}.m07-09.w10-12",
                        ("lstm-gru", "LSTMs, GRUs"),
                        ("seq2seq", "Sequence-to-sequence"),
                        ("attention", "Attention mechanism"),
                        ("project-sentiment", "Project: sentiment analysis"),
                    ),
                ),
            ),
        ),
        Period(
            months=(10, 12),
            title="Advanced Topics & Specialization",
            weeks=(
                Week(
                    weeks=(1, 4),
                    title="Transformers & NLP",
                    items=_items(
                        f"{_B}.m10-12.w01-04",
                        ("transformer-architecture", "Transformer architecture"),
                        ("bert-gpt", "BERT, GPT"),
                        ("huggingface", "HuggingFace"),
                        ("fine-tuning", "Fine-tuning"),
                        ("project-text-classification", "Project: text classification using transformers"),
                    ),
                ),
                Week(
                    weeks=(5, 8),
                    title="MLOps Basics",
                    items=_items(
                        f"{_B}.m10-12.w05-08",
                        ("model-deployment", "Model deployment (Flask/FastAPI)"),
                        ("docker-basics", "Docker basics"),
                        ("cloud-deployment", "Cloud deployment (AWS/GCP)"),
                        ("ci-cd-basics", "CI/CD basics"),
                        ("project-rest-api", "Project: serve a model behind a REST API"),
                    ),
                ),
                Week(
                    weeks=(9, 12),
                    title="Portfolio Projects",
                    items=_items(
                        f"{_B}.m10-12.w09-12",
                        ("substantial-projects", "Finish 2-3 substantial projects"),
                        ("github-docs", "Put them on GitHub, documented"),
                        ("blog-posts", "Write blog posts that explain the projects"),
                        ("resume-linkedin", "Update your resume and LinkedIn"),
                    ),
                ),
            ),
        ),
        # The reference's "Month 13-18: Job Search & Specialization" is split by months, not
        # weeks, so each two-month stretch is its own period.
        Period(
            months=(13, 14),
            title="Job Search & Specialization: Interview Prep",
            items=_items(
                f"{_B}.m13-14",
                ("leetcode-medium-hard", "LeetCode (medium/hard)"),
                ("ml-system-design", "ML system design"),
                ("behavioral", "Behavioral questions"),
                ("mock-interviews", "Mock interviews"),
            ),
        ),
        Period(
            months=(15, 16),
            title="Job Search & Specialization: Applications & Networking",
            items=_items(
                f"{_B}.m15-16",
                ("apply-5-10-per-week", "Send 5-10 job applications every week"),
                ("meetups", "Go to meetups"),
                ("linkedin-connections", "Build connections on LinkedIn"),
                ("referrals", "Ask your contacts for referrals"),
            ),
        ),
        Period(
            months=(17, 18),
            title="Job Search & Specialization: Interviews & Offers",
            items=_items(
                f"{_B}.m17-18",
                ("technical-interviews", "Technical interviews"),
                ("take-homes", "Take-home assignments"),
                ("negotiate", "Negotiate your offers"),
                ("choose", "Pick the offer that fits you best"),
            ),
        ),
    ),
)

_S = "path.swe"

_SWE = LearningPath(
    slug="swe-to-mle",
    title="Software Engineer → ML Engineer",
    months=(6, 12),
    summary="For working software engineers, in 6-12 months. You already have programming "
            "skills, software engineering practices, and Git, testing and CI/CD, so the time "
            "goes into ML itself.",
    periods=(
        Period(
            months=(1, 2),
            title="ML Fundamentals",
            items=_items(
                f"{_S}.m01-02",
                ("andrew-ng-course", "Andrew Ng's ML course, taken at a fast pace"),
                ("hands-on-ml", "Work through the Hands-On ML book"),
                ("sklearn-projects", "Build scikit-learn projects"),
            ),
        ),
        Period(
            months=(3, 4),
            title="Deep Learning",
            items=_items(
                f"{_S}.m03-04",
                ("fastai-course", "The fast.ai course (the practical route)"),
                ("pytorch-fundamentals", "PyTorch fundamentals"),
                ("dl-projects-3-4", "Build 3-4 deep learning projects"),
            ),
        ),
        Period(
            months=(5, 6),
            title="Advanced & Deployment",
            items=_items(
                f"{_S}.m05-06",
                ("mlops-practices", "MLOps practices"),
                ("model-deployment", "Model deployment"),
                ("system-design", "System design"),
                ("portfolio-projects", "Portfolio projects"),
            ),
        ),
        Period(
            months=(7, 12),
            title="Transition",
            items=_items(
                f"{_S}.m07-12",
                ("apply-ml-at-work", "Use ML in your current company"),
                ("internal-transfer", "Move to an ML role through an internal transfer, or"),
                ("job-search", "Look for an ML role elsewhere"),
            ),
        ),
    ),
)

PATHS: tuple[LearningPath, ...] = (_BEGINNER, _SWE)


# ---------------------------------------------------------------------------------------------
# Portfolio
# ---------------------------------------------------------------------------------------------

_P = "portfolio"

PORTFOLIO = Section(
    slug="portfolio",
    title="Building Your Portfolio",
    intro="Four things make up the portfolio: your GitHub profile, a few chosen projects, blog "
          "posts, and a LinkedIn profile tuned for ML roles.",
    blocks=(
        Block(
            title="GitHub profile: essential",
            lines=("The minimum a reviewer should find when they open your profile.",),
            items=_items(
                f"{_P}.github-essential",
                ("projects-4-6", "4-6 high-quality projects"),
                ("clean-code", "Tidy code with documentation"),
                ("readmes", "A thorough README for every project"),
                ("commit-history", "A steady commit history"),
            ),
        ),
        Block(
            title="GitHub profile: good to have",
            items=_items(
                f"{_P}.github-extra",
                ("open-source", "Open source contributions"),
                ("star-repos", "Stars on popular repositories"),
                ("issue-discussions", "Technical discussion in issue threads"),
            ),
        ),
        Block(
            title="GitHub profile: avoid",
            lines=(
                "Copies of tutorials that you followed without changing anything.",
                "Untidy code with no documentation.",
                "A missing README, or one that says next to nothing.",
            ),
        ),
        Block(
            title="Projects, tier 1: must-have (pick 2)",
            lines=(
                "Projects are listed in priority order. Choose 2 of these 3.",
            ),
            items=_items(
                f"{_P}.tier-1",
                ("end-to-end-pipeline",
                 "End-to-end ML pipeline: data collection → preprocessing → training → deployment. "
                 "For example, a house price predictor behind a Flask API. Proves full-stack skills."),
                ("deep-learning",
                 "Deep learning project in computer vision or NLP, such as a custom object detector "
                 "or a sentiment analyzer. Proves DL expertise."),
                ("production-deployment",
                 "Production-ready deployment: a live model (Heroku, AWS, GCP) with a CI/CD "
                 "pipeline and monitoring. Proves MLOps skills."),
            ),
        ),
        Block(
            title="Projects, tier 2: strong additions (pick 1-2)",
            lines=("Add 1 or 2 of these on top of your tier 1 projects.",),
            items=_items(
                f"{_P}.tier-2",
                ("research-implementation",
                 "Research implementation: reproduce the results of a paper, e.g. write an "
                 "attention mechanism from scratch. Proves deep understanding."),
                ("kaggle",
                 "Kaggle competition: finish in the top 10% and write up your solution. "
                 "Proves practical skills."),
                ("open-source",
                 "Open source contribution: a meaningful PR to a popular repo such as "
                 "scikit-learn or PyTorch. Proves you can collaborate."),
            ),
        ),
        Block(
            title="Blog / Medium posts",
            lines=(
                "Why bother: posts show you can communicate and that your understanding goes "
                "deep, they build your personal brand, and they help your name rank in search "
                "(SEO).",
                "Aim for at least 1 post per month.",
            ),
            items=_items(
                f"{_P}.blog",
                ("project-walkthrough", "Write a walkthrough of one of your projects"),
                ("concept-explanation", "Explain a concept"),
                ("paper-summary", "Summarize a paper"),
                ("debugging-story", "Tell the story of a bug you tracked down"),
                ("monthly", "Keep up 1 post per month or more"),
            ),
        ),
        Block(
            title="LinkedIn",
            lines=(
                "Headline pattern: role | focus | main tool | what you build, e.g. "
                "\"Machine Learning Engineer | Deep Learning | PyTorch | Building AI Solutions\".",
                "Experience: put numbers on the impact, e.g. an image classifier that reached 95% "
                "accuracy and went out to 10K users, rather than a vague line about doing some "
                "ML work.",
                "Recommendations: 2-3 strong ones count for more than a long list of weak ones.",
            ),
            items=_items(
                f"{_P}.linkedin",
                ("headline", "Write a headline listing your role, focus areas and main tools"),
                ("about-intro", "About: a short intro of 2-3 sentences"),
                ("about-skills", "About: your key skills"),
                ("about-projects", "About: notable projects and their results"),
                ("about-cta", "About: end with a call to action"),
                ("experience-metrics", "Describe your experience with metrics and impact"),
                ("projects", "Add your portfolio projects to the Projects section"),
                ("project-links", "Link each project to its GitHub repo and demo"),
                ("skills",
                 "List skills: Python, PyTorch, TensorFlow; Machine Learning, Deep Learning; "
                 "Docker, Kubernetes, AWS"),
                ("endorsements", "Collect skill endorsements from peers"),
                ("recommendations", "Ask mentors, colleagues and managers for 2-3 strong "
                                    "recommendations"),
            ),
        ),
    ),
)
