"""The ML career roadmap: the one way in to its content.

The record types are in drill/roadmap_types.py, the records in drill/roadmap_content/ (which
imports only the types), so nothing imports in a circle. The user's progress (ticked items, the
target role) is kept by the store (`store.roadmap`); drill/roadmap_pages.py lays the content out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drill.roadmap_types import Roadmap


def load() -> Roadmap:
    """The roadmap (imported on first use: the app only needs it on the roadmap screens)."""
    from drill.roadmap_content import ROADMAP

    return ROADMAP
