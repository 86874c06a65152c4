"""PyInstaller launcher for hall-devices (the bundle needs a script, not an entry point)."""

from devices.__main__ import main

raise SystemExit(main())
