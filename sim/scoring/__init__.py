"""Proper scores of the model's ensembles against the record, against a climatology baseline (docs/validation.md).

Above :mod:`sim.validation` (episodes and how targets are measured) and :mod:`sim.batch`; the model never
imports it. ``ensemble_scores`` wraps scoringrules; ``outcome_space`` turns targets into numbers;
``target_score`` scores one target; ``climatology`` builds the baseline; ``scripted`` finds targets the script
decides; ``scorecard`` joins them into skill; ``score_command`` is ``escalation score``.
"""
