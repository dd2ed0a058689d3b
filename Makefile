# Quick start: `make demo` runs the main job (symalg verify), `make test` runs the tests.
# Both create a local virtual environment (.venv) and install symalg into it first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/symalg verify --profile ci

test: $(VENV)/.installed
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) benchmarks/codegen_bench.py
	$(PY) benchmarks/lie_bench.py
	$(PY) benchmarks/egraph_bench.py
	$(PY) benchmarks/egraph_kernels.py
	$(PY) benchmarks/sem_bench.py
	$(PY) benchmarks/equivariant_bench.py
	$(PY) benchmarks/o3_bench.py

clean:
	rm -rf $(VENV) .symalg_cache .hypothesis
