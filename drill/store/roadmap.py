"""The user's progress through the career roadmap (its content is in drill/roadmap_content/).

Table `roadmap_progress`: item id -> done, and when it last changed. The target role is kept in
`meta` (`target_role`).
"""

from __future__ import annotations

from drill.store.base import Concern


class RoadmapProgress(Concern):
    """`store.roadmap`: the items ticked off and the target role."""

    def done(self) -> set[str]:
        return {row[0] for row in self.conn.execute(
            "SELECT item_id FROM roadmap_progress WHERE done = 1")}

    def set_done(self, item_id: str, done: bool, when_ms: int) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT OR REPLACE INTO roadmap_progress (item_id, done, changed_ms) "
                "VALUES (?, ?, ?)", [item_id, int(done), when_ms])

    def target_role(self) -> str | None:
        return self.store.meta.get("target_role") or None

    def set_target_role(self, role: str | None) -> None:
        self.store.meta.set("target_role", role or "")
