"""The acceptance's pages (一窗受理), one per step of core.flows.counter: each declares the
step it renders, the field that takes the typing, how it shows the session and how it forgets
it. The acceptance panel (counter/acceptance.py) builds its stack from them."""
