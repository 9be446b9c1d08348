"""Everything a command or the app needs, opened once: locations, settings, store, clock, decks."""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path

from drill.clock import Calendar, Clock, clock_from_env
from drill.paths import Locations, bundled_decks_dir
from drill.record import Record
from drill.review import Limits, Reviewer
from drill.settings import Settings, load_settings
from drill.store import Store, StoreError
from drill.sync import BUNDLED, USER, Source, SyncReport, sync


class Context(Record):
    """What every command and screen works with: the store, the places, the settings, the
    clock and calendar, and the deck folders. (A plain class, not a dataclass: see
    drill/record.py.)"""

    def __init__(self, store: Store, locations: Locations, settings: Settings, clock: Clock,
                 calendar: Calendar, sources: list[Source],
                 warnings: list[str] | None = None) -> None:
        self.store, self.locations, self.settings = store, locations, settings
        self.clock, self.calendar, self.sources = clock, calendar, sources
        self.warnings: list[str] = [] if warnings is None else warnings
        self.share: object = None  # drill.share.Share when linked to a shared folder
        # What is worked out once a day (the plan's day, the user's pace, the day's budget).
        self._plan_key: tuple | None = None
        self._plan: object = None
        self._pace_key: tuple | None = None
        self._budget_key: tuple | None = None
        self._budget = 0
        self._pace: object = None

    @property
    def limits(self) -> Limits:
        """Today's limits: the settings', or a study plan's pace to the nearest interview."""
        today = self.plan_today()
        budget = self.day_budget(today)
        if today is None:
            return Limits(self.settings.new_per_day, self.settings.review_cap,
                          new_card_order=self.settings.new_card_order,
                          new_while_catching_up=self.settings.new_while_catching_up,
                          day_budget=budget)
        cram = today.cram
        return Limits(today.new_per_day, self.settings.review_cap, today.order,
                      new_card_order=self.settings.new_card_order,
                      new_while_catching_up=self.settings.new_while_catching_up,
                      cram=cram.pool if cram else (), cram_per_day=cram.per_day if cram else 0,
                      day_budget=budget)

    def day_budget(self, plan=None) -> int:
        """A day's work of reviews when there is no review cap: the minutes a day (the study
        plan's, or a default) ÷ the user's median seconds per card. Worked out once a day."""
        from drill.user_pace import DEFAULT_MINUTES, seconds_per_card

        minutes = plan.interview.minutes_per_day if plan is not None else DEFAULT_MINUTES
        key = (self.calendar.day(self.clock.now()), minutes)
        if self._budget_key != key:
            self._budget = max(1, round(minutes * 60 / seconds_per_card(self.store.conn)))
            self._budget_key = key
        return self._budget

    def weak_stages(self) -> tuple[int, ...]:
        """The interview stages that went badly in the user's debriefs (their plan file), for
        readiness. Without a plan file drill.plan_file and its imports (~10 ms) are not loaded."""
        if not self.locations.config_file.with_name("plan.toml").exists():
            return ()
        from drill.plan_file import weak_stages_of

        return weak_stages_of(self)

    def plan_today(self):
        """What the study plan asks of today (None without an interview to come). Worked out
        once a day, and again when the plan file changes."""
        path = self.locations.config_file.with_name("plan.toml")
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return None  # no plan: drill.plan is not even imported
        day = self.calendar.day(self.clock.now())
        key = (day, stamp)
        if self._plan_key != key:
            from drill.plan import nearest, weak_stages
            from drill.plan_file import load
            from drill.plan_material import plan_today
            from drill.roadmap import load as load_roadmap

            interviews, _ = load(path)
            interview = nearest(interviews, day)
            self._plan = None if interview is None else plan_today(
                self.store.conn, load_roadmap(), interview,
                interview.role or self.store.roadmap.target_role(), day, self.settings.new_per_day,
                weak_stages(interviews))
            self._plan_key = key
        return self._plan

    def plan_changed(self) -> None:
        """The plan file was rewritten: work today's plan and pace out again when next asked
        (a rewrite within the file system's time resolution keeps the same mtime)."""
        self._plan_key = None
        self._pace_key = None

    def plan_pace(self):
        """The pace to the nearest interview (drill.plan.Pace), or None; worked out once a day
        and again when the plan file changes."""
        if self.plan_today() is None:
            return None
        if self._pace_key != self._plan_key:
            from drill.plan_file import load
            from drill.plan_material import current_pace

            interviews, _ = load(self.locations.config_file.with_name("plan.toml"))
            self._pace, _ = current_pace(self, interviews)
            self._pace_key = self._plan_key
        return self._pace

    def reviewer(self) -> Reviewer:
        return Reviewer(self.store, self.clock, self.calendar, self.scheduler())

    def scheduler(self):
        """The scheduler in use: the store's (which follows the settings; see
        `follow_scheduler_setting`)."""
        return self.store.log.scheduler

    def follow_scheduler_setting(self) -> int | None:
        """If the settings name another scheduler (or FSRS retention) than the store uses,
        replay the whole log under it. Returns the cards replayed, or None when nothing
        changed. Raises StoreError when the database refuses the write."""
        name, retention = self.settings.scheduler, self.settings.retention / 100
        active_name, active_retention = self.store.log.scheduler_setting()
        if name == active_name and (name != "fsrs" or abs(retention - active_retention) < 1e-9):
            return None
        from drill.sm2 import scheduler_named  # only on a change: `drill due` never needs it

        return self.store.log.use_scheduler(scheduler_named(name, retention), retention)

    def sync(self) -> SyncReport:
        return sync(self.store, self.sources, self.clock.now(), self.calendar)

    def close(self) -> None:
        self.store.close()


def open_context(db: Path | None = None, decks: list[Path] | None = None,
                 clock: Clock | None = None, zone: tzinfo | None = None,
                 locations: Locations | None = None) -> Context:
    """Open the user's store and settings. `db` and `decks` override the usual places."""
    clock = clock or clock_from_env(os.environ)
    locations = locations or Locations.from_env()
    settings, warnings = load_settings(locations.config_file)
    store = Store.open(db or locations.db_file, backups=locations.backups_dir)
    warnings += store.notes
    calendar = Calendar(zone, settings.rollover_hour) if zone else Calendar(
        rollover_hour=settings.rollover_hour)
    sources = [Source(bundled_decks_dir(), BUNDLED), Source(locations.decks_dir, USER)]
    sources += [Source(folder, USER) for folder in decks or []]
    sources.append(Source(locations.stories_dir, USER, stories=True))
    context = Context(store, locations, settings, clock, calendar, sources, warnings)
    try:
        replayed = context.follow_scheduler_setting()
    except StoreError as error:  # read-only or locked: keep the schedule the store has
        warnings.append(f"The scheduler setting is not applied yet: {error}")
    else:
        if replayed is not None:
            from drill.text import count

            label = {"sm2": "SM-2", "fsrs": "FSRS"}[settings.scheduler]
            warnings.append(f"Now scheduling with {label} (your settings): "
                            f"{count(replayed, 'card')} rescheduled from your review log.")
    if settings.share_folder:  # rows go to this device's file in it after every commit
        from drill.share import attach

        attach(context)
    return context
