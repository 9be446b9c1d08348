"""drill: spaced-repetition practice for ML and AI job interviews."""

__version__ = "0.1.0"
