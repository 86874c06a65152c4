# Hall Terminal — the two commands: `make demo` and `make test`.
# Each sets up what it needs (Debian packages when missing, .venv, pip) and is quick the second time.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The whole tested dependency set, with hashes, resolved from pyproject.toml by `make lock`.
LOCK := requirements.lock
DEMO_OUT ?= demo-output

# Debian packages: Qt offscreen, CJK glyphs (Noto CJK also has rare name characters such as
# 𠮷 for receipts), virtual serial ports, a real browser for the supervision console (Playwright
# drives Debian's chromium; its own browser download is never used), PostgreSQL for central's
# tests on its second backend (the tests run their own scratch cluster).
SYS_PKGS := libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 \
            fonts-wqy-microhei fonts-noto-cjk socat libpulse0 \
            xvfb dbus at-spi2-core python3-pyatspi libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
            libxcb-shape0 libxkbcommon-x11-0 chromium postgresql

export QT_QPA_PLATFORM ?= offscreen
export ESCPOS_CAPABILITIES_PICKLE_DIR := $(CURDIR)/$(VENV)/escpos-cache

.PHONY: demo test test-postgresql bundle check setup sysdeps venv lock lint typecheck imports unit fast fuzz bench clean help

# Test processes side by side (pytest-xdist): most tests wait on subprocesses, sockets and
# timers, so a 2-core machine runs three at once well. `make test WORKERS=0` runs them in one.
WORKERS ?= 3

help:
	@echo "make demo   run the product demo (writes results to $(DEMO_OUT)/)"
	@echo "make test   run every gate: ruff, mypy, import-linter, pytest"
	@echo "make check  the fast lane while working: ruff and the tests not marked slow"
	@echo "make bench  run the benchmarks under bench/"
	@echo "make fuzz   fuzz central against its OpenAPI document (schemathesis, 300 examples)"
	@echo "make lock   re-resolve $(LOCK) from pyproject.toml (newest allowed versions)"

setup: sysdeps venv

sysdeps:
	@missing=""; for p in $(SYS_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $$missing >/dev/null \
	    || { echo "Could not install:$$missing (need root or sudo)"; exit 1; }; \
	fi

venv: $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ required"'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  echo "python venv module missing; installing python3-venv"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r $(LOCK)
	$(PY) -m pip install -q --no-deps -e .
	@mkdir -p $(ESCPOS_CAPABILITIES_PICKLE_DIR)
	@touch $(STAMP)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy

imports: venv
	$(VENV)/bin/lint-imports

# Central's tests run on both of its storages in the same run: SQLite and its data folder, and
# PostgreSQL (a scratch cluster per test process, a fresh database per test) with scans in S3
# (moto's server on 127.0.0.1) — each such test twice, [sqlite] and [postgresql]
# (tests/conftest.py lists central's modules). `make test-postgresql` runs the PostgreSQL half.
unit: setup
	HALL_TEST_CENTRAL_BACKENDS=sqlite,postgresql $(PY) -m pytest -q -n $(WORKERS)

CENTRAL_TESTS := tests/e2e/test_central_bodies.py tests/e2e/test_central_http.py \
	tests/e2e/test_central_limits.py tests/e2e/test_central_writes.py \
	tests/e2e/test_sync_central.py tests/e2e/test_supervision.py tests/e2e/test_payments.py \
	tests/e2e/test_portal.py tests/e2e/test_hall_queue.py tests/e2e/test_licence_library.py \
	tests/e2e/test_console.py tests/e2e/test_queue_outage.py tests/e2e/test_calendar_cli.py \
	tests/e2e/test_replicas.py tests/e2e/test_sync_cli.py tests/contract/test_openapi_fuzz.py \
	tests/e2e/test_enrolment.py
test-postgresql: setup
	HALL_TEST_CENTRAL_BACKENDS=postgresql $(PY) -m pytest -q -n $(WORKERS) $(CENTRAL_TESTS)

test: setup lint typecheck imports unit

# The installable bundle: PyInstaller's one folder (kiosk, counter, display, hall-sync,
# hall-devices) from the locked set, and its Debian package (packaging/deb.py); sizes printed.
# KEYBOARD=0: without the Qt Virtual Keyboard (GPLv3 or commercial), for a hall that wants no
# GPLv3 part; the kiosk types on its keypads then.
KEYBOARD ?= 1
bundle: setup
	HALL_BUNDLE_KEYBOARD=$(KEYBOARD) $(VENV)/bin/pyinstaller --noconfirm --log-level ERROR build.spec
	$(PY) packaging/deb.py dist/hall-terminal --out dist

# The fast lane: lint and every test but the slow end-to-end ones (demo, crash, frozen
# bundle, screen-reader walks, network faults, fuzz); mypy and import-linter run in make test.
fast: setup
	$(PY) -m pytest -q -n $(WORKERS) -m "not slow"

check: lint fast

demo: setup
	$(PY) -m scripts.demo --out $(DEMO_OUT)

# Library ranges live in pyproject.toml; this pins the set `make setup` installs and the frozen
# bundle is built from. Run it, then `make test`, and commit both files together.
lock: venv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
	  --generate-hashes --upgrade --quiet --output-file $(LOCK)
	@echo "$(LOCK) refreshed; run make test before committing it"

# Central fuzzed against its OpenAPI document with many more examples than CI's 25 an operation.
fuzz: setup
	HALL_FUZZ_EXAMPLES=300 $(PY) -m pytest -q -s tests/contract/test_openapi_fuzz.py

bench: setup
	@for b in bench/[!_]*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_OUT) .mypy_cache .ruff_cache .pytest_cache build dist *.egg-info
