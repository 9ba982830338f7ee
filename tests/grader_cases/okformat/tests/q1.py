"""OK-format (doctest) cases for the grader's own tests: q1, the value `answer` (1 point)."""
OK_FORMAT = True

test = {
    "name": "q1",
    "points": 1,
    "suites": [
        {
            "cases": [
                {"code": ">>> answer == 42\nTrue", "hidden": False, "locked": False},
                {"code": ">>> double(answer)\n84", "hidden": True, "locked": False},
            ],
            "scored": True,
            "setup": "",
            "teardown": "",
            "type": "doctest",
        }
    ],
}
