"""Batch scenario runs: sweeps, parallel runners (local processes, Dask), durable results on disk.

This layer imports the model; the model never imports it.
"""
