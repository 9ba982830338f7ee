"""Graded exercise sets: their sources, student forms, solutions and tests, and the grader."""
