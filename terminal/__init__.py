"""The terminal's operations (use cases), between the domain and the windows.

``Terminal`` is built once from the settings (paths and keys, catalogue, devices, platform
client); ``Operations`` is what a thread gets from it: submit an application, record an
evaluation, reprint a receipt, query progress, read the worklist. The apps, the demo, the
benchmarks and the CLIs all call these — each rule written once. Never imports Qt.
"""
