"""`python -m drill` runs the same entry point as the `drill` command."""

from drill.cli import main

raise SystemExit(main())
