"""Kiosk pages: each renders one step and emits intents; no rules live here."""
