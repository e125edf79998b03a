# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run ingest chat test lint typecheck bench bench-scale clean chromium

# The first run says what it installs and how long that takes (a first `make run` on a fresh
# clone took 3 min 0 s on a 2-core machine, ingest included); later runs stay quiet.
$(BIN)/python:
	@echo "First run: creating $(VENV) and installing sendplan with torch (CPU build),"
	@echo "sentence-transformers, chromadb, langchain and slack-bolt. This takes about"
	@echo "3 minutes; later runs skip it."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip

# torch is pinned in pyproject.toml (2.13.0, the CPU build on disk); installing it first keeps
# pip from resolving a multi-GB CUDA build for sentence-transformers.
# The ONNX export (about 20 s, offline) and the language check's unpacked model happen here
# on every host; the onnx backends and the language check would otherwise do it on first use.
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing torch 2.13.0 (CPU build)..."
	@$(BIN)/pip install --quiet torch==2.13.0
	@echo "Installing sendplan and its dependencies from pyproject.toml..."
	@# PYTHONWARNINGS: setuptools' 15-line notice about editable installs is not for users
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e '.[dev]'
	@echo "Exporting the embedding model to ONNX, unpacking the language model (about 20 s)..."
	@$(BIN)/sendplan model export
	@touch $(STAMP)
	@echo "Installed into $(VENV)."

install: $(STAMP)

# The report's browser test opens a page in Debian's chromium (about 45 s to install once;
# needs root and apt). If it cannot be installed, that test fails and says so.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the report's browser test..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	    >/dev/null) || echo "Could not install chromium (apt-get failed): the browser test will fail."; }

ingest: install
	@$(BIN)/sendplan ingest

# Set up, ingest the bundled corpus, then answer questions (one per line when stdin is not a
# terminal: echo "How many special free schools?" | make run).
run: ingest
	@$(BIN)/sendplan chat

test: install chromium
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check assistant ingest vectorstore prompts tests bench
	$(BIN)/ruff format --check assistant ingest vectorstore prompts tests bench

typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py

# 10x and 100x synthetic corpora, torch vs onnx vs onnx-int8 vs a naive LangChain pipeline
# (minutes: the 100x torch ingestion alone takes several); see bench/scale/README.md
bench-scale: install
	$(BIN)/python bench/scale/run.py

clean:
	rm -rf $(VENV) .data .pytest_cache .mypy_cache .ruff_cache *.egg-info
