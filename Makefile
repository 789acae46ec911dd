# The first two targets are the whole set-up on a fresh machine: make run, make test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench install clean

run: $(STAMP)
	$(BIN)/planner solve data/scenarios/osce-baseline.yaml --xlsx --report

# Lint and import order first (ruff, configured in pyproject.toml), then the suite on both cores
# (worksteal: a worker that runs dry takes tests from the other; 10 s less than load balancing here).
test: $(STAMP)
	$(BIN)/ruff check planner tests scripts
	$(BIN)/python -m pytest -q -n 2 --dist worksteal

# The ladder (reports/bench/bench.csv, targets met or missed), then the slow test cases.
bench: $(STAMP)
	$(BIN)/planner bench
	$(BIN)/python -m pytest -q -m slow -p no:xdist

install: $(STAMP)

# Re-install when the dependency list changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# Chromium and LibreOffice for the report and print tests, where the machine lacks them.
	$(BIN)/python scripts/install_tools.py
	touch $(STAMP)

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache
