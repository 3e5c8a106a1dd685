# dutygraph: one entry point for setting up, the demo, the tests and the checks.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= out/demo.db

.PHONY: setup system-deps demo test test-fast check lint types contracts doctest fuzz clean

# Debian packages the project needs: venv support for Python, Chromium and a Chinese font for the browser tests,
# Virtuoso for the remote-store tests. Only Virtuoso's binaries (virtuoso-opensource-7-bin): the tests start their
# own server on free ports of 127.0.0.1; the full virtuoso-opensource package would also install and start a
# system service on 0.0.0.0:8890 with the default dba password, and ask for that password through debconf.
system-deps:
	@need=""; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || need="$$need python3-venv"; \
	command -v chromium >/dev/null 2>&1 || need="$$need chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || need="$$need fonts-wqy-zenhei"; \
	command -v virtuoso-t >/dev/null 2>&1 || need="$$need virtuoso-opensource-7-bin"; \
	if [ -n "$$need" ]; then \
	  echo "installing Debian packages:$$need"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$need; \
	fi

# cli.py too: the editable install copies it (pyproject's force-include), so a changed cli.py needs a reinstall.
$(BIN)/dutygraph: pyproject.toml cli.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

setup: system-deps $(BIN)/dutygraph

# The main job on the samples with the embedded store: ingest, answer who-owns, write the views.
demo: setup
	rm -rf $(STORE)
	mkdir -p out
	$(BIN)/dutygraph --store $(STORE) ingest data/samples/*.txt
	$(BIN)/dutygraph --store $(STORE) stats
	$(BIN)/dutygraph --store $(STORE) who-owns 三
	$(BIN)/dutygraph --store $(STORE) view --focus 省环保厅 -o out/meeting.html
	$(BIN)/dutygraph --store $(STORE) view --document 000_89c821903e6b9e73 -o out/jiangxi-plan.html
	@echo "open out/meeting.html or out/jiangxi-plan.html in a browser (works offline)"

test: setup
	$(BIN)/python -m pytest

# The loop to run while working: everything but the tests that need the SPARQL servers, Chromium or the
# fuzzers, and the slow ones (the whole corpus in every layout, the wheel, the endpoint's timeouts), by the
# markers of pyproject.toml. 45 s on 2 cores (about 73 CPU-seconds) once the SHACL cache in
# .pytest_cache is warm (a first run validates every graph: about 160 CPU-seconds). `make test` runs all.
test-fast: $(BIN)/dutygraph
	$(BIN)/python -m pytest -n 2 -m "not servers and not browser and not fuzz and not slow"

lint: $(BIN)/dutygraph
	$(BIN)/ruff check graph cli.py tests bench fuzz

types: $(BIN)/dutygraph
	$(BIN)/mypy --strict graph

contracts: $(BIN)/dutygraph
	$(BIN)/lint-imports

# The examples in the docstrings of every module of graph/ and bench/ that has them. rdflib's namespaces
# answer doctest's probing for mocks with a UserWarning, hence the filter.
doctest: $(BIN)/dutygraph
	$(BIN)/python -m pytest -q -p no:cacheprovider --doctest-modules graph bench -W ignore::UserWarning

# What CI runs (.ci/run): the checks the house style promises, then the whole suite.
check: setup lint types contracts doctest test

# The coverage-guided fuzzer over the extractor for FUZZ_SECONDS (the tests run it for 30 s): its corpus
# grows in out/fuzz/corpus from run to run; a crash or hang is written to out/fuzz/ and stops it (exit 1).
# Replay one with `$(BIN)/python fuzz/fuzz_extract.py out/fuzz/crash-…`.
FUZZ_SECONDS ?= 600
fuzz: $(BIN)/dutygraph
	mkdir -p out/fuzz/corpus
	$(BIN)/python fuzz/fuzz_extract.py -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=out/fuzz/ out/fuzz/corpus

clean:
	rm -rf out .pytest_cache .hypothesis build dist *.egg-info
