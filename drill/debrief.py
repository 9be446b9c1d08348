"""After an interview: the questions asked become cards in the user's Debrief deck, and the
stages that went badly are kept in plan.toml (`weak_stages`), where the next plan and readiness
read them. Shared by `drill plan debrief` and the plan screen (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from drill.plan import Debrief, Interview
from drill.text import count

DEBRIEF_DECK = "Debrief"
DEBRIEF_ANSWER = ("Not written yet: write here the answer you would give now, then review this "
                  "card like any other.")


def debrief_template(interview: Interview, stages) -> str:
    """The text the user fills in: the stages by number, then a `weak:` line."""
    title = " · ".join(part for part in (interview.day.isoformat(), interview.label) if part)
    lines = [f"# Debrief: {title}",  # short lines: they fit the app's dialog at 80 columns
             "# Write each question you were asked on its own line,",
             "# after its stage number, e.g. \"4: Design a system",
             "# that recommends events\". Stages:"]
    lines += [f"#   {stage.number}: {stage.name}" for stage in stages]
    lines += ["# Then list the stages that went badly, e.g.",
              "# \"weak: 2, 4\": their material comes first in your",
              "# next plan and weighs more in readiness. Lines",
              "# starting with # are ignored.", "", "weak: ", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Recorded:
    added: int
    skipped: tuple[str, ...]  # questions already in the Debrief deck (or not one line)
    weak_stages: tuple[int, ...]

    def summary(self) -> str:
        weak = ", ".join(map(str, self.weak_stages))
        return (f"Debrief saved: {count(self.added, 'question')} added to "
                f"your {DEBRIEF_DECK} deck" + (f"; stages {weak} come first in your next plan "
                                               f"and weigh more in readiness." if weak else "."))


def record_debrief(ctx, path: Path, interviews: list[Interview], interview: Interview,
                   debrief: Debrief, roles: set[str] | None) -> Recorded:
    """Add the questions as cards of the Debrief deck and mark `interview` debriefed, with its
    weak stages, in the plan file at `path`. Raises drill.plan_file.PlanFileError, before any
    card is written, when the plan file can't be rewritten."""
    from drill.authoring import NewCard, add_card, validate
    from drill.plan_file import PlanFileError, load, save

    _, problems = load(path, roles)
    if problems:
        raise PlanFileError(f"{problems[0]}. Fix {path} first (drill won't rewrite a plan file "
                            f"with entries it can't read).")
    ctx.sync()
    prompts = set(ctx.store.cards.deck_prompts(DEBRIEF_DECK).values())
    taken = set(ctx.store.cards.index())
    added, skipped = 0, []
    for stage, question in debrief.questions:
        tags = ["debrief"] + ([f"stage-{stage}"] if stage else [])
        card = NewCard(DEBRIEF_DECK, question, DEBRIEF_ANSWER, tags)
        if validate(card, prompts):
            skipped.append(question)
            continue
        result = add_card(card, ctx.locations.decks_dir, taken)
        taken.add(result.card_id)
        prompts.add(question)
        added += 1
    save(path, [i if i is not interview else replace(
        i, debriefed=True, weak_stages=debrief.weak_stages) for i in interviews], roles)
    ctx.sync()
    return Recorded(added, tuple(skipped), debrief.weak_stages)
