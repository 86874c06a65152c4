"""The counter window's panels, each one job with its own state: the worklist, the station's
bundles, the staff shift (sign-in and lock), the applicant's card and the review pad. The
window (counter/window.py) lays them out and wires them; none of them knows another."""
