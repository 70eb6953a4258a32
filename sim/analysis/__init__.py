"""Analysis of results on disk (batches, comparisons): reads files, never model internals."""
