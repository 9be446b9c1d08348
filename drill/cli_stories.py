"""`drill story add`, `drill stories` and `drill export stories` (no Textual: no screen needed)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from drill.text import count, escape_control

_FIELDS = (("title", "Title"), ("situation", "Situation"), ("task", "Task"),
           ("actions", "Actions (what you did)"), ("result", "Result (with numbers)"),
           ("learned", "What you learned"))


def _competencies(text: str) -> tuple[str, ...]:
    from drill.cli import UsageError
    from drill.stories import COMPETENCIES

    chosen = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
    bad = [c for c in chosen if c not in COMPETENCIES]
    if bad:
        raise UsageError(f"unknown competency {bad[0]!r}; use any of: {', '.join(COMPETENCIES)}")
    return chosen


def _ask(label: str) -> str:
    try:
        return input(f"{label}: ").strip()
    except EOFError:
        return ""


def _bank(ctx):
    """Sync (stamps new stories' ids), then every story and the story files' problems."""
    from drill.cli import _report_sync_problems
    from drill.stories import load_stories

    _report_sync_problems(ctx.sync())
    return load_stories(ctx.locations.stories_dir)


def _cmd_story_add(args: argparse.Namespace) -> int:
    from drill.cli import EXIT_OK, UsageError, _context
    from drill.stories import LEVELS, Story, write_new_story
    from drill.story_bank import hints

    values = {name: (getattr(args, name) or "").strip() for name, _ in _FIELDS}
    interactive = sys.stdin.isatty() and not args.no_input
    if interactive:
        print("A new STAR story (enter leaves a part empty; edit the file later for more).")
        for name, label in _FIELDS:
            if not values[name]:
                values[name] = _ask(label)
        if args.competencies is None:
            args.competencies = _ask("Competencies (comma-separated, e.g. ownership, failure)")
    if not values["title"]:
        raise UsageError("a story needs a title: drill story add --title 'Rescued the launch'")
    if "\n" in values["title"] or values["title"].startswith("#"):
        raise UsageError("the title is one line and does not start with '#'")
    if args.level and args.level not in LEVELS:
        raise UsageError(f"unknown level {args.level!r}; use one of: {', '.join(LEVELS)}")
    if not 1 <= args.minutes <= 30:
        raise UsageError("--minutes must be from 1 to 30")
    from drill.stories import RECALL_PROMPTS

    recall = tuple(dict.fromkeys(p.strip() for p in (args.recall or "").split(",") if p.strip()))
    if bad := [p for p in recall if p not in RECALL_PROMPTS]:
        raise UsageError(f"--recall: no part {bad[0]!r}; use any of: {', '.join(RECALL_PROMPTS)}")
    story = Story(competencies=_competencies(args.competencies or ""), level=args.level or "",
                  minutes=args.minutes, recall=recall, **values)
    if not story.has_a_part():
        raise UsageError("a story needs at least one part: drill story add --title ... "
                         "--situation ... (or --task, --actions, --result, --learned)")
    ctx = _context(args)
    try:
        path = write_new_story(ctx.locations.stories_dir, story)
        stories, _ = _bank(ctx)
    finally:
        ctx.close()
    saved = next((s for s in stories if s.path == str(path)), story)
    print(escape_control(f"Wrote {path}" + (f" (id {saved.id})" if saved.id else "") + "."))
    for hint in hints(story):
        print(escape_control(f"  hint: {hint.text}"))
    return EXIT_OK


def _cmd_stories(args: argparse.Namespace) -> int:
    from drill.cli import EXIT_ERRORS, EXIT_OK, _context
    from drill.story_bank import coverage, coverage_json, hints

    ctx = _context(args)
    try:
        stories, problems = _bank(ctx)
        folder = ctx.locations.stories_dir
    finally:
        ctx.close()
    cov = coverage(stories)
    if args.json:
        data = coverage_json(cov) | {"problems": [str(p) for p in problems]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    for problem in problems:
        print(escape_control(str(problem)), file=sys.stderr)
    if not stories:
        print(escape_control(f"No stories yet in {folder}: `drill story add` writes one."))
    for story in stories:
        comps = ", ".join(story.competencies) or "no competencies"
        flag = "  [used for everything]" if story.title in cov.overused else ""
        print(escape_control(f"{story.id or '(no id)':<10} {story.title}  — {comps}{flag}"))
        for hint in hints(story):
            print(escape_control(f"           hint: {hint.text}"))
    print(f"\nCovered: {len(cov.rows) - len(cov.gaps)} of {len(cov.rows)} competencies.")
    if cov.gaps:
        print("No story yet for: " + ", ".join(cov.gaps) + ".")
    if cov.theme_gaps:
        print("Roadmap themes with no story: " + ", ".join(cov.theme_gaps) + ".")
    return EXIT_ERRORS if any(p.severity == "error" for p in problems) else EXIT_OK


def cmd_export_stories(args: argparse.Namespace) -> int:
    """`drill export stories FILE.md` (`-` prints to the terminal)."""
    from drill.cli import EXIT_OK, UsageError, _context
    from drill.files import atomic_write
    from drill.story_bank import bank_document, coverage

    target: Path = args.file
    if str(target) != "-":
        if target.is_dir():
            raise UsageError(f"{target} is a folder; give a file name, e.g. {target / 'stories.md'}")
        if not target.parent.is_dir():
            raise UsageError(f"no such folder: {target.parent}")
    ctx = _context(args)
    try:
        stories, problems = _bank(ctx)
    finally:
        ctx.close()
    for problem in problems:
        print(escape_control(str(problem)), file=sys.stderr)
    text = bank_document(stories, coverage(stories))
    if str(target) == "-":
        print(escape_control(text), end="")
    else:
        atomic_write(target, text.encode("utf-8"))
        print(escape_control(f"Wrote {count(len(stories), 'story', 'stories')} to {target}."))
    return EXIT_OK


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `story add` and `stories` to drill's command parser."""
    story = commands.add_parser("story", help="write a STAR story for your story bank",
                                description="Your STAR story bank (see `drill stories`).")
    what = story.add_subparsers(title="what", metavar="WHAT", required=True)
    add = what.add_parser(
        "add", parents=[common], help="write a new story file (prompts for what flags leave out)",
        description="Write a new story into your stories folder, as a Markdown file you can "
                    "edit by hand. In a terminal, drill asks for each part the flags leave out. "
                    "Hints (no number in the result, more 'we' than 'I'...) never block.")
    for name, label in _FIELDS:
        add.add_argument(f"--{name}", metavar="TEXT", help=label.lower())
    add.add_argument("--competencies", metavar="A,B", help="competencies, comma-separated")
    add.add_argument("--level", metavar="LEVEL", help="role level (junior, mid, senior, ...)")
    add.add_argument("--minutes", type=int, default=2, help="target length (default 2)")
    add.add_argument("--recall", metavar="PARTS",
                     help="make recall cards of these parts, e.g. result,learned")
    add.add_argument("--no-input", action="store_true", help="never prompt")
    add.set_defaults(handler=_cmd_story_add)
    stories = commands.add_parser(
        "stories", parents=[common], help="list your STAR stories and the competencies with none",
        description="List your stories with their competencies and hints, how many of the "
                    "behavioural competencies they cover, the gaps (the roadmap's themes among "
                    "them) and a story used for everything. --json prints it all.")
    stories.add_argument("--json", action="store_true", help="print as JSON")
    stories.set_defaults(handler=_cmd_stories)
