"""The Textual app. Only this package imports Textual; the core below it never does."""
