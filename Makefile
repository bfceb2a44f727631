# newsprism: `make demo` runs the main job on the seeds, `make test` runs the tests.
# Both create .venv on first use and install the pinned dependencies (constraints.txt).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/seeds/
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench eval clean help

help:
	@echo "make demo   - analyze the seed articles ($(SEEDS))"
	@echo "make test   - run the test suite"
	@echo "make serve  - the web app on the seeds (out/demo.db, http://127.0.0.1:8000/)"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - throughput and start-up benchmarks (docs/benchmarks.md)"
	@echo "make eval   - evaluation scripts on ../shared/eval-data (docs/evaluation.md)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsprism analyze $(SEEDS) --json out/seeds.json --html out/seeds.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests eval bench
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/story.py
	$(BIN)/python bench/ingest.py --sizes 1000 10000 100000

eval: $(STAMP)
	$(BIN)/python eval/quotes.py --data ../shared/eval-data/polnear/data/dev
	$(BIN)/python eval/timex.py --data ../shared/eval-data/tempeval3/Training/TBAQ-cleaned
	$(BIN)/python eval/extraction.py --data ../shared/eval-data/article_extraction_benchmark
	$(BIN)/python eval/align.py --data ../shared/eval-data/ecbplus
	$(BIN)/python eval/claims.py --data ../shared/eval-data/neus_allsides
	$(BIN)/python eval/summary.py --data ../shared/eval-data/neus_allsides
	$(BIN)/python eval/conflicts.py --data ../shared/eval-data/neus_allsides
	$(BIN)/python eval/stories.py --data ../shared/eval-data/ecbplus
	$(BIN)/python eval/stories.py --data ../shared/eval-data/neus_allsides

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

# the web app on the seeds: ingests them into out/demo.db once, then serves it on 127.0.0.1:8000
.PHONY: serve
serve: $(STAMP)
	mkdir -p out
	test -s out/demo.db || $(BIN)/newsprism ingest $(SEEDS) --db out/demo.db
	$(BIN)/newsprism serve --db out/demo.db
