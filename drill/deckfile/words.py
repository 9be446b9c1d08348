"""The words the deck format allows: kinds, difficulties, roles, metadata keys and their defaults.
Plain values with no imports, so a command that only names them (`drill due --kind`) does not
load the parser or its records."""

KINDS = ("concept", "design", "star", "coding")
DIFFICULTIES = ("easy", "medium", "hard")
ROLES = (
    "ml-engineer",
    "data-scientist",
    "research-scientist",
    "mlops",
    "computer-vision",
    "nlp-llm",
)
DEFAULT_KIND = "concept"
DEFAULT_DIFFICULTY = "medium"
CARD_KEYS = ("id", "tags", "kind", "difficulty", "roles", "replaces", "of")
DECK_KEYS = ("tags", "kind", "difficulty", "roles")
KEY_POINTS = "Key points"
MIN_KEY_POINTS, MAX_KEY_POINTS, MAX_KEY_POINT_CHARS = 2, 5, 80
