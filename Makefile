# Every target sets itself up: a fresh clone needs nothing but python3 (3.11) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup test sanity sim demo clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

test: $(STAMP)
	$(BIN)/python -m pytest -q
	tests/sanity/run.sh

sanity: $(STAMP)
	tests/sanity/run.sh

sim: $(STAMP)
	PYTHONPATH=tests $(BIN)/python -m graphsim

demo: $(STAMP)
	$(BIN)/python examples/run_demo.py

clean:
	rm -rf $(VENV) collections tests/output
