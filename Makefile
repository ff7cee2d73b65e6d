# Saathi: `make run` serves the bot on an embedded SQLite database; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: run test lint check-content chat clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed" if sys.version_info < (3, 11) else 0)'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot serve

test: $(STAMP)
	$(BIN)/python -m pytest

chat: $(STAMP)
	$(BIN)/python -m bot chat

check-content: $(STAMP)
	$(BIN)/python -m bot content check

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench

clean:
	rm -rf $(VENV) data .pytest_cache
