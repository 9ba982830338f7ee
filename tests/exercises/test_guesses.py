"""No guess earns a point, and a right answer in another reasonable form earns them all.

For each set of exercises/sets.py, its solution runs once in a grader worker (the process a
submission runs in) and must earn every question's points, with no problem in its run. Then each
question is graded again, case by case and scored by ``exercises.grade.question_score`` as the grader
scores it, with the names its tests ask for replaced:

- by **guesses** made from the right answers, which must earn 0 points: constants (zeros, ones, 0.5,
  -1, the right answer's mean everywhere, every string or truth value of an answer repeated), right-shaped
  random answers (drawn around the right answer's mean and spread), a sign flip, a missing factor
  (half or twice the right answer), a transposed matrix, and for a function the answer it gives the first
  time it is called, given for every later call (an answer copied from the public example). Where an
  answer has several parts (a tuple, a list, a dict), each part is also flipped and halved alone;
- by the right answers in **other forms**, which must earn full marks: arrays as (nested) lists, float32
  instead of float64, a column (n, 1) instead of a vector (n,) and back, tuples as lists, whole numbers
  as floats. A question that prescribes a form is named in ``PRESCRIBED`` with its reason.

Values are replaced as the grader's test code receives them (arrays, numbers, strings, lists); a
function's replacement calls the student's real function in the worker and changes what it returned.
A guess that equals the right value is not a guess and is skipped.
"""
import math

import numpy as np
import pytest

from exercises import grade
from exercises.sandbox import FunctionRef, Submission, library_snapshot, read_notebook
from exercises.sets import ROOT, SETS
from exercises.testfiles import load_questions

NAMES = sorted(SETS)

# (set, question): {form: why the question may refuse it}
PRESCRIBED = {}


# --- answers as trees of leaves ---------------------------------------------------------------------

def _is_number(x):
    return isinstance(x, (int, float, np.number)) and not isinstance(x, (bool, np.bool_))


def _is_float_array(x):
    return isinstance(x, np.ndarray) and x.dtype.kind == "f"


def _leaves(x):
    """The numeric, boolean and string leaves of an answer, in order."""
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _leaves(item)]
    if isinstance(x, dict):
        return [leaf for item in x.values() for leaf in _leaves(item)]
    return [x]


def _map(x, change, where=None, _counter=None):
    """``x`` with ``change`` applied to its leaves (only to the leaf numbered ``where``, if given)."""
    counter = [0] if _counter is None else _counter
    if isinstance(x, (list, tuple)):
        items = [_map(item, change, where, counter) for item in x]
        return items if isinstance(x, list) else tuple(items)
    if isinstance(x, dict):
        return {k: _map(v, change, where, counter) for k, v in x.items()}
    index = counter[0]
    counter[0] += 1
    return change(x) if where is None or where == index else x


def _same(a, b):
    """Whether two answers are equal, leaf by leaf (a guess equal to the answer is no guess)."""
    la, lb = _leaves(a), _leaves(b)
    if len(la) != len(lb):
        return False
    for u, v in zip(la, lb):
        if isinstance(u, (str, bool, np.bool_)) or isinstance(v, (str, bool, np.bool_)):
            if type(u) is not type(v) or u != v:
                return False
            continue
        try:
            ua, va = np.asarray(u), np.asarray(v)
            if ua.shape != va.shape or not np.array_equal(ua, va):
                return False
        except (TypeError, ValueError):
            return False
    return True


# --- guesses ------------------------------------------------------------------------------------------

def _numeric(change):
    """A leaf change that acts on numbers and numeric arrays and leaves other leaves as they are."""
    def on_leaf(x):
        if _is_number(x) or (isinstance(x, np.ndarray) and x.dtype.kind in "iuf"):
            return change(x)
        return x
    return on_leaf


def _constant(value):
    def change(x):
        whole = float(value).is_integer()
        if isinstance(x, np.ndarray):
            return np.full(x.shape, value, dtype=x.dtype if x.dtype.kind == "f" or whole else float)
        return int(value) if isinstance(x, (int, np.integer)) and whole else float(value)
    return _numeric(change)


def _mean_everywhere(x):
    if isinstance(x, np.ndarray) and x.size > 1:
        return np.full(x.shape, x.mean())
    return x


def _random(seed):
    rng = np.random.default_rng(seed)

    def change(x):
        a = np.asarray(x, dtype=float)
        centre, spread = float(a.mean()), float(a.std()) or abs(float(a.mean())) or 1.0
        drawn = rng.normal(centre, spread, size=a.shape)
        if isinstance(x, np.ndarray) and x.dtype.kind in "iu":
            return np.rint(drawn).astype(x.dtype)
        if isinstance(x, (int, np.integer)):
            return int(round(float(drawn)))
        return drawn if isinstance(x, np.ndarray) else float(drawn)
    return _numeric(change)


def _transposed(x):
    return x.T if isinstance(x, np.ndarray) and x.ndim == 2 else x


def _flip_truth(x):
    return (not x) if isinstance(x, (bool, np.bool_)) else x


def guesses(answer, seed=0):
    """``(name, change)`` pairs: each change turns the right answer into a guess."""
    found = [
        ("zeros", _map_with(_constant(0))),
        ("ones", _map_with(_constant(1))),
        ("a constant 0.5", _map_with(_constant(0.5))),
        ("a constant -1", _map_with(_constant(-1))),
        ("the mean everywhere", _map_with(_numeric(_mean_everywhere))),
        ("right-shaped random", _map_with(_random(seed))),
        ("a sign flip", _map_with(lambda x: _flip_truth(_numeric(lambda v: -v)(x)))),
        ("half (a missing factor 2)", _map_with(_numeric(lambda v: v / 2))),
        ("twice (a spare factor 2)", _map_with(_numeric(lambda v: v * 2))),
        ("transposed", _map_with(_transposed)),
    ]
    leaves = _leaves(answer)
    words = sorted({leaf for leaf in leaves if isinstance(leaf, str)})
    for word in words:  # every string of the answer, everywhere (the same choice for every part)
        found.append((f"{word!r} everywhere", _map_with(lambda x, w=word: w if isinstance(x, str) else x)))
    if any(isinstance(leaf, (bool, np.bool_)) for leaf in leaves):
        for truth in (True, False):
            found.append((f"{truth} everywhere",
                          _map_with(lambda x, t=truth: t if isinstance(x, (bool, np.bool_)) else x)))
    if len(leaves) > 1:
        for i in range(len(leaves)):
            found.append((f"part {i + 1} sign-flipped",
                          _map_with(lambda x: _flip_truth(_numeric(lambda v: -v)(x)), where=i)))
            found.append((f"part {i + 1} halved", _map_with(_numeric(lambda v: v / 2), where=i)))
    return found


def _map_with(change, where=None):
    return lambda answer: _map(answer, change, where)


# --- other forms of the right answer ------------------------------------------------------------------

def _as_lists(x):
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    return x


def _as_float32(x):
    if _is_float_array(x):
        return x.astype(np.float32)
    if isinstance(x, (float, np.floating)):
        return np.float32(x)
    return x


def _other_shape(x):
    if isinstance(x, np.ndarray) and x.ndim == 1 and x.size > 1:
        return x.reshape(-1, 1)
    if isinstance(x, np.ndarray) and x.ndim == 2 and x.shape[1] == 1 and x.shape[0] > 1:
        return x.reshape(-1)
    return x


def _tuples_as_lists(x):
    if isinstance(x, tuple):
        return [_tuples_as_lists(v) for v in x]
    if isinstance(x, list):
        return [_tuples_as_lists(v) for v in x]
    if isinstance(x, dict):
        return {k: _tuples_as_lists(v) for k, v in x.items()}
    return x


def _ints_as_floats(x):
    if isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_)):
        return float(x)
    return x


FORMS = {
    "lists instead of arrays": _map_with(_as_lists),
    "float32 instead of float64": _map_with(_as_float32),
    "(n, 1) instead of (n,), and back": _map_with(_other_shape),
    "lists instead of tuples": _tuples_as_lists,
    "whole numbers as floats": _map_with(_ints_as_floats),
}


# --- the names a test receives, changed --------------------------------------------------------------

class Changed(FunctionRef):
    """A student's function whose every result is changed; with ``change="first"``, every call after
    the first gives the first call's result. ``changed`` says whether any result was changed."""

    def __init__(self, function, change):
        super().__init__(function.name)
        self.function, self.change = function, change
        self.remembered, self.changed = None, False

    def __call__(self, *args, **kwargs):
        if self.change == "first" and self.remembered is not None:
            result, guess = self.function(*args, **kwargs), self.remembered
        else:
            result = self.function(*args, **kwargs)
            if self.change == "first":
                self.remembered = result
            guess = result if self.change == "first" else self.change(result)
        self.changed = self.changed or not _same(guess, result)
        return guess


class Replaced:
    """The worker's names as a test receives them, with the names in ``changes`` changed.

    ``changes`` maps a name to a function of its right answer (for a value) or of each result (for a
    function), or to "first" (a function that gives its first result for every call). One Replaced
    serves every case of a question, so a function's first result is the first of the question.
    ``changed`` says whether anything a test received differed from the right answer.
    """

    def __init__(self, submission, changes):
        self.submission, self.changes = submission, changes
        self.functions, self.changed_values = {}, False

    @property
    def changed(self):
        return self.changed_values or any(f.changed for f in self.functions.values())

    def start_test(self, name, timeout):
        self.submission.start_test(name, timeout)

    def get(self, name):
        value = self.submission.get(name)
        change = self.changes.get(name)
        if change is None:
            return value
        if isinstance(value, FunctionRef):
            return self.functions.setdefault(name, Changed(value, change))
        if change == "first":
            return value
        guess = change(value)
        self.changed_values = self.changed_values or not _same(guess, value)
        return guess


# --- grading the solution with its names replaced -----------------------------------------------------

def _names(question):
    import inspect

    return sorted({p for case in question.test_cases
                   for p in inspect.signature(case.body.test_func).parameters})


def _score(submission, question, changes, stop_at_first_failure):
    """The question's score with ``changes`` made, its case results, and whether anything changed."""
    replaced, results = Replaced(submission, changes), []
    for case in question.test_cases:
        results.append(grade.grade_case(replaced, question, case))
        if stop_at_first_failure and not results[-1].passed:
            break
    return grade.question_score(question, results), results, replaced.changed


def _right_answers(submission, question):
    """Each name's right value; for a function, the results it gives in the question's own tests."""
    answers = {}
    recorder = {}

    class Recording(FunctionRef):
        def __init__(self, function):
            super().__init__(function.name)
            self.function = function

        def __call__(self, *args, **kwargs):
            result = self.function(*args, **kwargs)
            recorder.setdefault(self.name, []).append(result)
            return result

    class Recorded(Replaced):
        def get(self, name):
            value = self.submission.get(name)
            if isinstance(value, FunctionRef):
                return Recording(value)
            answers[name] = value
            return value

    for case in question.test_cases:
        grade.grade_case(Recorded(submission, {}), question, case)
    return answers, recorder


@pytest.fixture(scope="module")
def library():
    return library_snapshot()


@pytest.mark.parametrize("name", NAMES)
def test_no_guess_earns_a_point_and_other_forms_earn_all(name, library):
    entry = SETS[name]
    questions = load_questions(name)
    submission = Submission(read_notebook(ROOT / entry.solution), "solution.ipynb", library)
    problems, tried = [], 0
    try:
        submission.run_notebook()
        assert not submission.problems, submission.problems
        for question in questions:
            where = f"{name} {question.name}"
            full, results, _ = _score(submission, question, {}, stop_at_first_failure=False)
            assert full == question.possible > 0, f"{where}: the solution fails {results}"
            values, calls = _right_answers(submission, question)
            # Guesses: each made from a right answer of the question (a value, or a function's
            # first result in the question's tests), applied to every name the tests ask for.
            examples = {n: v for n, v in values.items()}
            examples.update({n: results_[0] for n, results_ in calls.items() if results_})
            kinds = {}
            for example in examples.values():
                for label, change in guesses(example):
                    kinds.setdefault(label, change)
            targets = _names(question)
            for label, change in kinds.items():
                score, _, changed = _score(submission, question, {n: change for n in targets}, True)
                tried += changed
                if score and changed:  # a "guess" that changed nothing is the right answer
                    problems.append(f"{where}: the guess '{label}' earns {score:g} points")
            if calls:  # a function that gives its first answer every time (a copied example)
                score, _, changed = _score(submission, question, dict.fromkeys(calls, "first"), True)
                if score and changed:
                    problems.append(f"{where}: a function repeating its first answer earns {score:g}")
            for form, change in FORMS.items():
                if form in PRESCRIBED.get((name, question.name), {}):
                    continue
                score, results, _ = _score(submission, question, {n: change for n in targets}, False)
                failed = [f"{r.name}: {r.message.splitlines()[-1] if r.message else ''}"
                          for r in results if not r.passed]
                if not math.isclose(score, question.possible):
                    problems.append(f"{where}: the right answer as {form} earns {score:g} of "
                                    f"{question.possible:g} ({'; '.join(failed)})")
    finally:
        submission.close()
    assert tried > 0
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
