# Every target sets itself up: a fresh clone needs nothing but python3 (3.11) and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := build/intune-graph-$(VERSION).tar.gz
# A collections path whose intune.graph is this tree, for the tools that look collections up.
DEV_COLLECTIONS := build/collections
TOOLS_ENV := PATH="$(CURDIR)/$(BIN):$$PATH" ANSIBLE_COLLECTIONS_PATH="$(CURDIR)/$(DEV_COLLECTIONS)"
# Checks that must not need the network run in a network namespace where one can be made (root).
OFFLINE := $(shell unshare -n true 2>/dev/null && echo unshare -n)

.PHONY: setup test sanity units lint changelog changelog-check docs build ee sim demo bench clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(DEV_COLLECTIONS):
	@mkdir -p $@/ansible_collections/intune
	@ln -sfn "$(CURDIR)" $@/ansible_collections/intune/graph

test: $(STAMP)
	$(BIN)/python -m pytest -q
	@$(MAKE) --no-print-directory sanity units lint changelog-check docs

sanity: $(STAMP)
	tests/ansible-test/run.sh sanity --python 3.11

units: $(STAMP)
	tests/ansible-test/run.sh units --venv --python 3.11 --requirements

lint: $(STAMP) $(DEV_COLLECTIONS)
	$(TOOLS_ENV) $(OFFLINE) $(BIN)/ansible-lint --nocolor

# Release notes for the version in galaxy.yml from changelogs/fragments/ (run when releasing).
changelog: $(STAMP) $(DEV_COLLECTIONS)
	$(TOOLS_ENV) $(BIN)/antsibull-changelog release --update-existing

changelog-check: $(STAMP)
	$(BIN)/antsibull-changelog lint
	$(BIN)/antsibull-changelog lint-changelog-yaml --no-semantic-versioning changelogs/changelog.yaml
	tests/changelog-is-generated.sh

docs: $(STAMP) $(DEV_COLLECTIONS)
	@rm -rf build/docs && mkdir -p build/docs/rst && chmod go-w build/docs/rst
	$(TOOLS_ENV) $(OFFLINE) $(BIN)/antsibull-docs lint-collection-docs --plugin-docs .
	$(TOOLS_ENV) $(OFFLINE) $(BIN)/antsibull-docs --config-file docs/antsibull-docs.cfg collection \
	  --use-current --squash-hierarchy --fail-on-error --cleanup everything --dest-dir build/docs/rst intune.graph
	$(TOOLS_ENV) $(OFFLINE) $(BIN)/sphinx-build -q -W --keep-going -b html -c docs build/docs/rst build/docs/html
	@echo "Documentation: build/docs/html/index.html"

build: $(STAMP)
	$(BIN)/ansible-galaxy collection build --force --output-path build

ee: build
	@rm -rf build/ee && mkdir -p build/ee
	cp extensions/ee/execution-environment.yml build/ee/
	cp $(TARBALL) build/ee/intune-graph.tar.gz
	$(BIN)/ansible-builder create -f build/ee/execution-environment.yml --context build/ee/context \
	  --output-filename Containerfile

sim: $(STAMP)
	PYTHONPATH=tests $(BIN)/python -m graphsim

demo: $(STAMP)
	$(BIN)/python examples/run_demo.py

# Our module against the alternatives on the simulator; writes bench/RESULTS.md and
# bench/results.json. Options: make bench BENCH_ARGS="--latency 0.1 --runs 5" (see --help).
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) collections build tests/output bench/out bench/.sdk-venv
