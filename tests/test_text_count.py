"""drill.text.count: a number with its noun, as the commands and screens say it."""

import pytest

from drill.text import count


@pytest.mark.parametrize(("number", "noun", "plural", "said"), [
    (1, "day", "", "1 day"),
    (0, "day", "", "0 days"),
    (2, "review-history row", "", "2 review-history rows"),
    (1, "story", "stories", "1 story"),
    (3, "story", "stories", "3 stories"),
    (-1, "day", "", "-1 days"),
])
def test_count_is_plural_unless_one(number, noun, plural, said):
    assert count(number, noun, plural) == said
