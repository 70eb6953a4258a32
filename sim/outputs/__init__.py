"""One run's outputs: its files, its plot and its narration (docs/outputs.md)."""
