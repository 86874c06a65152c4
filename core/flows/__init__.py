"""Journeys as GUI-free step maps. Qt pages render the current step and emit intents."""

from core.flows.engine import Journey, Step, StepMap

__all__ = ["Journey", "Step", "StepMap"]
