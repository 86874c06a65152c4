"""Supervision (电子监察): the legal clock of each 办件 in working days — China's calendar with
its public holidays and 调休 as data, never guessed (:mod:`core.supervision.calendar`)."""
