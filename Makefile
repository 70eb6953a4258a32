# Two commands: `make run` (the main job on the default scenario) and `make test` (the whole suite).
# Both set up .venv first when needed.
PY := .venv/bin/python
OUT ?= out/oct2025_ensemble
SWEEP ?= scenarios/sweeps/default.yaml

.PHONY: run one app test venv bench validation backtests clean

venv:
	@bash scripts/setup-venv

# The main job: 300 seeded replicates of oct2025 (resumable: a second `make run` only redoes what is
# missing), then their summary table and plots in $(OUT)/analysis.
run: venv
	$(PY) -m sim batch $(SWEEP) --out $(OUT) --resume
	$(PY) -m sim summarize $(OUT)

# One seeded run with its timeline, series, events and plot.
one: venv
	$(PY) -m sim run scenarios/oct2025.yaml --out out/oct2025-single

# The classroom page on http://127.0.0.1:8765 (this machine only; Ctrl-C stops it).
app: venv
	$(PY) -m sim app scenarios/oct2025.yaml

test: venv
	$(PY) -m pytest -q -p no:cacheprovider

# Regenerate docs/validation.md (validation tests with --slow, calibration, hindcasts; a few minutes).
validation: venv
	$(PY) -m scripts.validation_page

# Forecasts from the present and their backtests, regenerated from scratch (docs/forecast.md): the filter (500
# particles, ~3-6 min), the present forecast with every shipped what-if (~5 min), the backtests (~15-25 min), then
# the results' sections of docs/forecast.md and docs/validation.md. On 2 cores.
backtests: venv
	rm -rf out/assimilation out/forecast out/backtests
	$(PY) -m sim assimilate history/assimilation.yaml --out out/assimilation
	$(PY) -m sim forecast out/assimilation --days 180 --what-if scenarios/present/*.yaml --out out/forecast
	$(PY) -m sim backtest history/backtests.yaml --out out/backtests
	$(PY) -m scripts.forecast_section out/forecast
	$(PY) -m scripts.backtest_section out/backtests

bench: venv
	$(PY) benchmarks/bench_run.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_history.py
	$(PY) benchmarks/bench_forecast.py

clean:
	rm -rf out .pytest_cache
