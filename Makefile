# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run ingest chat test lint typecheck bench bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch is pinned in pyproject.toml (2.13.0, the CPU build on disk); installing it first keeps
# pip from resolving a multi-GB CUDA build for sentence-transformers.
# The ONNX export (about 20 s, offline) happens here on every host; the onnx backends would
# otherwise do it on first use.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/sendplan model export
	touch $(STAMP)

install: $(STAMP)

ingest: install
	$(BIN)/sendplan ingest

# Set up, ingest the bundled corpus, then answer questions (one per line when stdin is not a
# terminal: echo "How many special free schools?" | make run).
run: ingest
	@$(BIN)/sendplan chat

test: install
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
