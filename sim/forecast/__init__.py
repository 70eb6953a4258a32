"""Forecasts from the present: the assimilated particles continued, with what-ifs and backtests (docs/forecast.md).

Beside sim/history, never imported by the model. One idea a file: where the particles come from (particle_state),
how one is continued (continuation), what a what-if file changes (what_if), what is measured on each run (outcomes),
the runs themselves (forecast_run), their probabilities and paired effects (forecast_summary), the forecast hubs'
table (hub_table), the fan chart (forecast_plots), the command (forecast_command); backtests in backtest_*.py.
"""
