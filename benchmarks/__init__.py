"""Benchmarks: wall time, peak memory and reported metrics of every notebook."""
