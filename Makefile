# Two commands: `make run` (the main job on the default scenario) and `make test` (the whole suite).
# Both set up .venv first when needed.
PY := .venv/bin/python
OUT ?= out/oct2025

.PHONY: run test venv bench clean

venv:
	@bash scripts/setup-venv

run: venv
	$(PY) -m sim run scenarios/oct2025.yaml --out $(OUT)

test: venv
	$(PY) -m pytest -q -p no:cacheprovider

bench: venv
	$(PY) benchmarks/bench_run.py

clean:
	rm -rf out .pytest_cache
