"""The files here are test *data* for tests/exercises/test_grader.py (exercise sets' test files), not
pytest tests.

They are otter test files that the grader reads, so pytest's --doctest-modules must not import them
as modules.
"""
collect_ignore_glob = ["*"]
