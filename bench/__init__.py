"""Benchmarks of unionflow, reported as ratios against a baseline run side by side."""
