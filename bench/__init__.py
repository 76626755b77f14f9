"""Benchmarks, the data generator and the reliability drill (not part of the test suite)."""
