"""The roadmap as pages of Markdown plus checkable items (no Textual: the screen renders these).

A page is a title, Markdown to read, and groups of checkable items. `search` finds pages by text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drill.roadmap import ROLE_TITLES
from drill.roadmap_types import Item, LearningPath, Money, Roadmap, Section

SHORT_ROLES = {"ml-engineer": "MLE", "data-scientist": "DS", "research-scientist": "RS",
               "mlops": "MLOps", "computer-vision": "CV", "nlp-llm": "NLP"}


@dataclass
class Page:
    slug: str
    title: str
    markdown: str
    groups: list[tuple[str, tuple[Item, ...]]] = field(default_factory=list)  # (heading, items)
    short: str = ""  # the title in the contents list

    @property
    def label(self) -> str:
        return self.short or self.title

    def text(self) -> str:
        """Everything searchable on the page."""
        items = " ".join(item.text for _, group in self.groups for item in group)
        return f"{self.title}\n{self.markdown}\n{items}"


def money(m: Money) -> str:
    def one(value: int) -> str:
        if value >= 1_000_000:
            return f"${value / 1_000_000:.1f}M".replace(".0M", "M")
        return f"${value // 1000}K" if value % 1000 == 0 else f"${value:,}"
    return f"{one(m.low)} – {one(m.high)}"


def years(span: tuple[int, int | None]) -> str:
    low, high = span
    return f"{low}+ years" if high is None else f"{low}–{high} years"


def stars(count: int) -> str:
    return "★" * count + "·" * (5 - count)


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _section_page(section: Section, slug: str) -> Page:
    parts = [section.intro] if section.intro else []
    groups = []
    for block in section.blocks:
        if block.lines:
            parts.append(f"### {block.title}\n\n{_bullets(block.lines)}")
        if block.items:
            groups.append((block.title, block.items))
            if not block.lines:
                parts.append(f"### {block.title}\n\n*(tick off below)*")
    return Page(slug, section.title, "\n\n".join(parts), groups)


def _path_page(path: LearningPath) -> Page:
    parts = [f"**{path.months[0]}–{path.months[1]} months.** {path.summary}"]
    groups = []
    for period in path.periods:
        head = f"Months {period.months[0]}–{period.months[1]}: {period.title}" \
            if period.months[0] != period.months[1] else f"Month {period.months[0]}: {period.title}"
        lines = [f"### {head}"]
        if period.outcome:
            lines.append(f"*Outcome:* {period.outcome}")
        for week in period.weeks:
            resources = f" — resources: {', '.join(week.resources)}" if week.resources else ""
            lines.append(f"- Weeks {week.weeks[0]}–{week.weeks[1]}: **{week.title}**{resources}")
            groups.append((f"{head} · weeks {week.weeks[0]}–{week.weeks[1]}: {week.title}",
                           week.items))
        if period.items:
            groups.append((head, period.items))
        parts.append("\n".join(lines))
    return Page(f"path:{path.slug}", path.title, "\n\n".join(parts), groups)


def pages(roadmap: Roadmap, target_role: str | None = None) -> list[Page]:
    """Every page, in the order of the contents list."""
    result: list[Page] = []
    overview = ["Six roles, what they do, and how people get in. Choose one as your target: "
                "reviews and mock rounds then lean toward its cards."]
    for role in roadmap.roles:
        mark = " **(your target)**" if role.slug == target_role else ""
        overview.append(f"- **{role.title}**{mark}: {role.summary}")
    result.append(Page("roles", "Career paths", "\n".join(overview)))
    for role in roadmap.roles:
        day = "\n".join(f"- *{part}:* {', '.join(acts)}" for part, acts in role.typical_day)
        parts = [role.summary]
        for heading, body in (("What they do", _bullets(role.what_they_do)),
                              ("A typical day", day),
                              ("Skills you need", _bullets(role.required_skills)),
                              ("Typical background", _bullets(role.background)),
                              ("Ways in", _bullets(role.entry_points))):
            if body:  # the reference does not give every role every part
                parts.append(f"### {heading}\n\n{body}")
        text = "\n\n".join(parts)
        if role.slug == target_role:
            text = "**This is your target role.**\n\n" + text
        result.append(Page(f"role:{role.slug}", role.title, text,
                           short=ROLE_TITLES.get(role.slug, role.title)))
    matrix = roadmap.matrix
    legend = ", ".join(f"{SHORT_ROLES[r]} = {ROLE_TITLES[r]}" for r in matrix.roles)
    result.append(Page("matrix", "Skill matrix",
                       "How much each role needs each skill, from ★ to ★★★★★. Press **h** to "
                       f"highlight another role's column.\n\n*{legend}.*"))
    for path, short in zip(roadmap.paths, ("beginner", "from SWE"), strict=False):
        page = _path_page(path)
        page.short = f"Path: {short}"
        result.append(page)
    result.append(_section_page(roadmap.portfolio, "portfolio"))
    result[-1].short = "Portfolio"
    result.append(_section_page(roadmap.job_search, "job-search"))
    result[-1].short = "Job search"
    prep = roadmap.interview
    stage_text = []
    for stage in prep.stages:
        decks = ", ".join(stage.decks) or "—"
        mock = f" · mock round: **{stage.mock_format}**" if stage.mock_format else ""
        stage_text.append(f"### Stage {stage.number}: {stage.name} ({stage.duration})\n\n"
                          f"{_bullets(stage.what_happens)}\n\n*Practise:* {decks}{mock}")
    study = [f"### {area.name} — practise in *{area.deck}*\n\n{_bullets(area.topics)}\n\n"
             f"*Targets:* {'; '.join(area.targets)}" for area in prep.study]
    questions = [f"### {group.area} — practise in *{group.deck}*\n\n"
                 + "\n".join(f"{i}. {q}" for i, q in enumerate(group.questions, 1))
                 for group in prep.questions]
    text = ("\n\n".join(stage_text) + "\n\n## What to study\n\n" + "\n\n".join(study)
            + "\n\n### ML system design framework\n\n"
            + "\n".join(f"{i}. {s}" for i, s in enumerate(prep.design_framework, 1))
            + "\n\n### STAR\n\n" + _bullets(prep.star)
            + "\n\n### Stories to prepare\n\n" + _bullets(prep.story_themes)
            + "\n\n## Common questions\n\n" + "\n\n".join(questions))
    result.append(Page("interview", "Interview preparation", text, short="Interviews", groups=
                       [(f"Stage {s.number}: {s.name} — prep", s.prep) for s in prep.stages]))
    tree = []
    depth = {}
    for step in roadmap.ladder:
        depth[step.title] = 0 if step.parent is None else depth.get(step.parent, 0) + 1
        track = "" if step.track == "shared" else f" [{step.track} track]"
        tree.append("    " * depth[step.title] + f"└─ {step.title} ({years(step.years)}){track}")
    advancement = "\n\n".join(f"### {a.step}\n\n{_bullets(a.skills)}" for a in roadmap.advancement)
    ladder = Page("ladder", "Career progression",
                  "```\n" + "\n".join(tree) + "\n```\n\n## Skills for the next step\n\n"
                  + advancement)
    learning = _section_page(roadmap.continuous_learning, "learning")
    ladder.markdown += "\n\n## " + learning.title + "\n\n" + learning.markdown
    ladder.groups += learning.groups
    result.append(ladder)
    salary = roadmap.salary
    levels = []
    for level in salary.levels:
        lines = [f"### {level.level} ({years(level.years)})", "",
                 "| | per year |", "|---|---|",
                 f"| Base | {money(level.base)} |", f"| Stock | {money(level.stock)} |",
                 f"| Bonus | {money(level.bonus)} |", f"| **Total** | **{money(level.total)}** |"]
        if level.top_companies_total:
            lines.append(f"| Total at top companies | {money(level.top_companies_total)} |")
        if level.base_by_location:
            lines += ["", "Base by location:", ""] + [
                f"- {place}: {money(m)}" for place, m in level.base_by_location.items()]
        levels.append("\n".join(lines))
    tiers = [f"### Tier {t.tier}: {t.name}\n\n{', '.join(t.companies)}"
             + (f"\n\n{t.note}" if t.note else "") for t in salary.tiers]
    others = [f"### {b.title}\n\n{_bullets(b.lines)}" for b in salary.other_figures]
    result.append(Page("salary", "Salary and negotiation", short="Salary",
                       markdown=
                       f"*{salary.source}*\n\n" + "\n\n".join(levels) + "\n\n## Company tiers\n\n"
                       + "\n\n".join(tiers) + ("\n\n" + "\n\n".join(others) if others else "")
                       + "\n\n## Negotiating\n\n### Do\n\n" + _bullets(salary.negotiation_do)
                       + "\n\n### Don't\n\n" + _bullets(salary.negotiation_dont)
                       + "\n\n### A script\n\n" + "\n".join(f"> {line}" for line in
                                                             salary.script)))
    plan = Page("plan", "Action plan", "Month by month; tick items off as you go.",
                [(f"Months {m.months[0]}–{m.months[1]}: {m.title}" if m.months[0] != m.months[1]
                  else f"Month {m.months[0]}: {m.title}", m.items) for m in roadmap.action_plan])
    result.append(plan)
    result.append(_section_page(roadmap.resources, "resources"))
    result[-1].short = "Resources"
    result.append(_section_page(roadmap.final_tips, "tips"))
    result[-1].short = "Final tips"
    return result


def search(all_pages: list[Page], query: str, limit: int = 30) -> list[tuple[Page, str]]:
    """Pages whose text has every word of the query, with a snippet around the first word."""
    words = query.casefold().split()
    if not words:
        return []
    found = []
    for page in all_pages:
        plain = re.sub(r"(^|\s)(#+|-|\d+\.)(?=\s)|[*|`>]|-{3,}", " ", page.text(), flags=re.M)
        text = " ".join(plain.split())
        folded = text.casefold()
        if all(word in folded for word in words):
            phrase = " ".join(words)
            exact = phrase in folded
            at = folded.index(phrase if exact else words[0])
            # Whole words around the match: start and end at spaces, not mid-word.
            start = max(0, text.rfind(" ", 0, max(0, at - 30)) + 1) if at > 30 else 0
            end = text.find(" ", at + 80)
            end = len(text) if end < 0 else end
            snippet = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            found.append((not exact, len(found), page, snippet))
    found.sort(key=lambda f: (f[0], f[1]))  # the whole phrase first, then pages in order
    return [(page, snippet) for _, _, page, snippet in found[:limit]]
