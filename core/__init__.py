"""Pure domain of Hall Terminal: models, rules, flows, ports, errors and settings.

Nothing here imports Qt, a device library, the network or another first-party package;
import-linter enforces that (see pyproject.toml).
"""
