"""`drill plan`: interview dates and the pace to them (no Textual)."""

from __future__ import annotations

import argparse
import json
import math
from datetime import date, datetime
from pathlib import Path

from drill.text import count


def plan_path(ctx) -> Path:
    return ctx.locations.config_file.with_name("plan.toml")


def _roles() -> set[str]:
    from drill.roadmap import load

    return {role.slug for role in load().roles}


def parse_day(text: str, today: date | None = None) -> date:
    """A date the user typed: 2026-12-21, 21 Dec 2026, Dec 21 (the year of `today` when it has
    none). Raises ValueError with a message to show."""
    default = datetime(today.year, today.month, today.day) if today else None
    try:
        from dateutil import parser as dateparser  # ~15 ms: only when a date is read

        return dateparser.parse(text, dayfirst=False, yearfirst=True, default=default).date()
    except (ValueError, OverflowError):
        raise ValueError(f"not a date: {text!r} (e.g. 2026-12-21)") from None


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def format_plan(interviews, result, found, today: date) -> str:
    if not interviews:
        return ("No interview date set. Add one with\n"
                "  drill plan set --date 2026-12-21 --label \"Acme onsite\" --role ml-engineer")
    lines = ["Interviews:"]
    for interview in interviews:
        when = (interview.day - today).days
        tail = ("today" if when == 0 else f"in {count(when, 'day')}" if when > 0 else "past")
        cards = f"first {count(interview.max_cards, 'card')}" if interview.max_cards else ""
        what = " · ".join(part for part in (interview.label, interview.role, cards,
                                            chosen_text(interview)) if part)
        lines.append(f"  {interview.day.isoformat()}  {tail:<12} {what}")
    from drill.plan import awaiting_debrief

    waiting = awaiting_debrief(interviews, today)
    if waiting is not None:
        lines.append(f"\nHow did {waiting.label or waiting.day.isoformat()} go? "
                     "`drill plan debrief` turns the questions you were asked into cards.")
    if result is None:
        lines.append("\nEvery date is past: `drill plan set` adds the next one.")
        return "\n".join(lines)
    lines += ["", *pace_lines(result, found)]
    return "\n".join(lines)


# The proposals that change a field of the interview: fewer cards sets `max_cards` (the planned
# cards up to the last unseen one that fits, drill.plan_material.max_cards_for).
APPLIED = {"fewer": "max_cards", "cutoff": "cutoff_days", "minutes": "minutes_per_day"}


def applicable(proposals) -> list:
    """The proposals the plan screen applies with a key (1, 2...): fewer cards, a later cut-off,
    more minutes."""
    return [p for p in proposals if p.kind in APPLIED]


def applied(interview, proposal, found):
    """`interview` with `proposal` applied (`found`: the plan's material, for fewer cards)."""
    from dataclasses import replace

    from drill.plan_material import max_cards_for

    value = max_cards_for(found, proposal.value) if proposal.kind == "fewer" else proposal.value
    return replace(interview, **{APPLIED[proposal.kind]: value})


def pace_lines(result, found, keys: bool = False) -> list[str]:
    """The pace to the nearest interview: the reason, the cards, whether it fits, a forecast per
    week and the proposals (numbered by the key that applies them when `keys`)."""
    interview = result.interview
    lines = [f"Pacing to {interview.day.isoformat()}"
             + (f" ({interview.label})" if interview.label else "") + ":",
             f"  {result.reason}.",
             f"  {len(found.planned)} planned cards, {len(found.unseen)} not seen yet; "
             f"about {found.seconds_per_card:.0f} s a card, {found.miss_rate:.0%} missed.",
             f"  Busiest day: {math.ceil(result.forecast.peak_minutes)} min of "
             f"{interview.minutes_per_day} a day: "
             + ("on track." if result.on_track else "does not fit.")]
    if interview.max_cards:
        lines.insert(3, f"  Only the first {count(interview.max_cards, 'card')} of the plan's order are "
                        f"planned (max_cards).")
    if chosen_text(interview):
        lines.insert(3, f"  Your material: {chosen_text(interview)}.")
    walk = result.forecast
    if walk.days:
        lines.append("")
        lines.append(f"  {'week from':<12}{'new':>6}{'reviews':>9}{'min/day':>9}")
        for start in range(0, len(walk.days), 7):
            end = min(start + 7, len(walk.days))
            span = end - start
            lines.append(f"  {walk.days[start].isoformat():<12}{sum(walk.new[start:end]):>6}"
                         f"{sum(walk.reviews[start:end]):>9}"
                         f"{sum(walk.minutes[start:end]) / span:>9.0f}")
    if result.proposals:
        numbers = {id(p): n for n, p in enumerate(applicable(result.proposals), 1)} if keys \
            else {}
        lines += ["", "  To make it fit, one of" + (" (its number applies it):" if numbers
                                                     else ":")]
        lines += [f"  {numbers.get(id(p), '-')} {p.text}" for p in result.proposals]
    return lines


def chosen_text(interview) -> str:
    """The material the interview chose ("decks: A, B; kinds: concept"), or ""."""
    return "; ".join(f"{key}: {', '.join(getattr(interview, key))}"
                     for key in ("decks", "tags", "kinds") if getattr(interview, key))


def _names(text: str) -> tuple[str, ...]:
    """A comma-separated list the user typed ("" clears it)."""
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _cmd_plan(args: argparse.Namespace) -> int:
    from drill.cli import EXIT_OK, _context
    from drill.plan_file import load
    from drill.text import escape_control

    ctx = _context(args)
    try:
        interviews, problems = load(plan_path(ctx), _roles())
        for problem in problems:
            print(escape_control(f"drill: {problem}"))
        ctx.sync()
        from drill.plan_material import current_pace

        result, found = current_pace(ctx, interviews)
        today = ctx.calendar.day(ctx.clock.now())
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(_to_json(interviews, result, found), indent=2, ensure_ascii=False))
    else:
        print(escape_control(format_plan(interviews, result, found, today)))
    return EXIT_OK


def _to_json(interviews, result, found) -> dict:
    data: dict = {"interviews": [
        {"date": i.day.isoformat(), "label": i.label, "role": i.role,
         "minutes_per_day": i.minutes_per_day, "cutoff_days": i.cutoff_days,
         "max_cards": i.max_cards, "decks": list(i.decks), "tags": list(i.tags),
         "kinds": list(i.kinds), "debriefed": i.debriefed, "weak_stages": list(i.weak_stages)}
        for i in interviews]}
    if result is not None:
        walk = result.forecast
        data["pace"] = {
            "interview": result.interview.day.isoformat(), "cutoff": result.cutoff.isoformat(),
            "days_left": result.days_left, "planned": len(found.planned),
            "unseen": result.unseen, "new_today": result.new_today, "on_track": result.on_track,
            "reason": result.reason, "seconds_per_card": found.seconds_per_card,
            "forecast": [{"day": d.isoformat(), "new": n, "reviews": r, "minutes": round(m, 1)}
                         for d, n, r, m in zip(walk.days, walk.new, walk.reviews, walk.minutes,
                                                     strict=True)],
            "proposals": [{"kind": p.kind, "value": p.value, "text": p.text}
                          for p in result.proposals]}
    return data


def _cmd_plan_set(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from drill.cli import EXIT_ERRORS, EXIT_OK, UsageError, _context
    from drill.deckfile.model import KINDS
    from drill.plan import DEFAULT_CUTOFF_DAYS, DEFAULT_MINUTES, Interview
    from drill.plan_file import MAX_CARDS, PlanFileError, load, save
    from drill.text import escape_control

    roles = _roles()
    if args.role is not None and args.role not in roles:
        raise UsageError(f"no role {args.role!r}; roles: {', '.join(sorted(roles))}")
    if args.minutes_per_day is not None and not 1 <= args.minutes_per_day <= 1440:
        raise UsageError("--minutes-per-day must be from 1 to 1440")
    if args.cutoff_days is not None and not 2 <= args.cutoff_days <= 60:
        raise UsageError("--cutoff-days must be from 2 to 60")
    if args.cards is not None and not 0 <= args.cards <= MAX_CARDS:
        raise UsageError(f"--cards must be from 1 to {MAX_CARDS}, or 0 to plan every card")
    chosen = {key: _names(getattr(args, f"material_{key}")) for key in ("decks", "tags", "kinds")
              if getattr(args, f"material_{key}") is not None}
    wrong = [kind for kind in chosen.get("kinds", ()) if kind not in KINDS]
    if wrong:
        raise UsageError(f"no card kind {wrong[0]!r}; kinds: {', '.join(KINDS)}")
    ctx = _context(args)
    try:
        if chosen.get("decks"):
            ctx.sync()
            known = {name.casefold(): name for name in ctx.store.cards.decks()}
            missing = [name for name in chosen["decks"] if name.casefold() not in known]
            if missing:
                raise UsageError(f"no deck called {missing[0]!r}; decks: "
                                 + ", ".join(known.values()))
            chosen["decks"] = tuple(known[name.casefold()] for name in chosen["decks"])
        path = plan_path(ctx)
        interviews, problems = load(path, roles)
        same = [i for i in interviews if i.day == args.date and (args.label is None
                                                                  or i.label == args.label)]
        base = same[0] if same else Interview(args.date, minutes_per_day=DEFAULT_MINUTES,
                                               cutoff_days=DEFAULT_CUTOFF_DAYS)
        changes = {name: value for name, value in (
            ("label", args.label), ("role", args.role), ("minutes_per_day", args.minutes_per_day),
            ("cutoff_days", args.cutoff_days)) if value is not None}
        if args.cards is not None:
            changes["max_cards"] = args.cards or None  # 0: every card again
        changes.update(chosen)
        updated = replace(base, **changes)
        kept = [i for i in interviews if i is not base]
        try:
            save(path, kept + [updated], roles)
        except PlanFileError as error:
            print(escape_control(f"drill: {error}"))
            return EXIT_ERRORS
        if updated.role:
            ctx.store.roadmap.set_target_role(updated.role)  # the plan's role becomes the target role
    finally:
        ctx.close()
    verb = "Updated" if same else "Added"
    print(escape_control(f"{verb} the interview on {updated.day.isoformat()} in {path}. "
                         f"`drill plan` shows the pace."))
    return EXIT_OK


def _cmd_plan_remove(args: argparse.Namespace) -> int:
    from drill.cli import EXIT_ERRORS, EXIT_OK, UsageError, _context
    from drill.plan_file import PlanFileError, load, save
    from drill.text import escape_control

    ctx = _context(args)
    try:
        path = plan_path(ctx)
        roles = _roles()
        interviews, _ = load(path, roles)
        gone = [i for i in interviews if i.day == args.date
                and (args.label is None or i.label == args.label)]
        if not gone:
            raise UsageError(f"no interview on {args.date.isoformat()} in {path}")
        try:
            save(path, [i for i in interviews if i not in gone], roles)
        except PlanFileError as error:
            print(escape_control(f"drill: {error}"))
            return EXIT_ERRORS
    finally:
        ctx.close()
    print(f"Removed {count(len(gone), 'interview')} on "
          f"{args.date.isoformat()}.")
    return EXIT_OK


def _cmd_plan_debrief(args: argparse.Namespace) -> int:
    import os
    import subprocess
    import sys
    import tempfile

    from drill.cli import EXIT_ERRORS, EXIT_OK, UsageError, _context
    from drill.debrief import debrief_template, record_debrief
    from drill.editing import editor_command
    from drill.plan import awaiting_debrief, parse_debrief
    from drill.plan_file import PlanFileError, load
    from drill.roadmap import load as load_roadmap
    from drill.text import escape_control

    stages = load_roadmap().interview.stages
    roles = _roles()
    ctx = _context(args)
    try:
        path = plan_path(ctx)
        interviews, _ = load(path, roles)
        today = ctx.calendar.day(ctx.clock.now())
        if args.date is not None:
            chosen = [i for i in interviews if i.day == args.date]
            if not chosen:
                raise UsageError(f"no interview on {args.date.isoformat()} in {path}")
            interview = chosen[0]
        else:
            interview = awaiting_debrief(interviews, today)
            if interview is None:
                print("No past interview waits for a debrief (`drill plan` lists them; "
                      "--date picks one).")
                return EXIT_OK
        if args.file is not None:
            try:
                text = (sys.stdin.read() if str(args.file) == "-"
                        else args.file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"{args.file}: {exc}") from exc
        else:
            command = editor_command()
            if command is None:
                raise UsageError("set $EDITOR to write the debrief in, or give --file")
            blank = debrief_template(interview, stages)
            fd, name = tempfile.mkstemp(prefix="drill-debrief-", suffix=".txt")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(blank)
            subprocess.run([*command, name], check=False)
            text = Path(name).read_text(encoding="utf-8")
            os.unlink(name)
        debrief = parse_debrief(text, {stage.number for stage in stages})
        for problem in debrief.problems:
            print(escape_control(f"drill: {args.file or 'debrief'}: {problem}"), file=sys.stderr)
        if debrief.problems:
            print("drill: nothing saved; fix those lines and run it again", file=sys.stderr)
            return EXIT_ERRORS
        try:
            recorded = record_debrief(ctx, path, interviews, interview, debrief, roles)
        except PlanFileError as error:
            print(escape_control(f"drill: {error}"))
            return EXIT_ERRORS
    finally:
        ctx.close()
    for question in recorded.skipped:
        print(escape_control(f"drill: skipped {question!r}: already in the Debrief deck or not "
                             f"one line"), file=sys.stderr)
    print(escape_control(recorded.summary()))
    return EXIT_OK


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    plan = commands.add_parser(
        "plan", parents=[common], help="interview dates and the pace to the nearest",
        description="Show the study plan: your interview dates, and the pace to the nearest "
                    "(new cards today so every planned card is seen a week before, the minutes "
                    "a day it takes, whether it fits, and what would).")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.set_defaults(handler=_cmd_plan)
    actions = plan.add_subparsers(title="actions", metavar="ACTION")
    add = actions.add_parser("set", parents=[common], help="add or change an interview date",
                             description="Add an interview date, or change the one on that "
                                         "date (and with that label).")
    add.add_argument("--date", type=_day, required=True, help="e.g. 2026-12-21")
    add.add_argument("--label", help="e.g. the company and the stage")
    add.add_argument("--role", help="a roadmap role (becomes your target role)")
    add.add_argument("--minutes-per-day", type=int, metavar="N",
                     help="the minutes a day you can study (default 30)")
    add.add_argument("--cutoff-days", type=int, metavar="N",
                     help="see every planned card by N days before (default 7)")
    add.add_argument("--cards", type=int, metavar="N",
                     help="plan only the first N cards of the plan's order (0: every card)")
    for key, example in (("decks", '"ML system design, Coding patterns"'), ("tags", "rag,llm"),
                         ("kinds", "concept,design")):
        add.add_argument(f"--material-{key}", dest=f"material_{key}", metavar="A,B",
                         help=f"the plan's material instead of the role's: {key}, comma-separated, "
                              f"e.g. {example} (\"\" for the role's again)")
    add.set_defaults(handler=_cmd_plan_set)
    remove = actions.add_parser("remove", parents=[common], help="remove an interview date")
    remove.add_argument("--date", type=_day, required=True)
    remove.add_argument("--label")
    remove.set_defaults(handler=_cmd_plan_remove)
    debrief = actions.add_parser(
        "debrief", parents=[common], help="after an interview: the questions asked, and how it went",
        description="Type the questions you were asked (one per line, after the stage number) "
                    "and the stages that went badly (`weak: 2, 4`). The questions become cards "
                    "in your Debrief deck; the weak stages' material comes first in your next "
                    "plan and weighs more in readiness. Opens $EDITOR with a template unless "
                    "--file is given.")
    debrief.add_argument("--date", type=_day, help="which interview (default: the latest past "
                                                   "one without a debrief)")
    debrief.add_argument("--file", type=Path, help="read the debrief from this file (- for stdin)")
    debrief.set_defaults(handler=_cmd_plan_debrief)
