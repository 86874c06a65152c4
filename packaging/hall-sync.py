"""PyInstaller launcher for hall-sync (the bundle needs a script, not an entry point)."""

from sync.__main__ import main

raise SystemExit(main())
