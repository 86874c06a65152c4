"""Reusable touch widgets."""
