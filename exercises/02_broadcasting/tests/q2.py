from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_shapes_that_broadcast(broadcast_result):
    import numpy as np
    out = broadcast_result((4, 3), (3,))
    assert out is not None and np.array_equal(out, (4, 3)), f'Hint: (4, 3) and (3,): pad (3,) on the left to (1, 3), then stretch it over 4 rows: (4, 3); you returned {out}'
    out = broadcast_result((4, 1), (3,))
    assert np.array_equal(out, (4, 3)), f'Hint: (4, 1) and (3,): both are stretched, to (4, 3); you returned {out}'
    out = broadcast_result((5,), ())
    assert np.array_equal(out, (5,)), f'Hint: () is a scalar, which broadcasts with anything: (5,) and () give (5,); you returned {out}'

@test_case(points=None, hidden=False)
def test_shapes_that_do_not(broadcast_result):
    out = broadcast_result((8, 6), (4, 3))
    assert out == -1, f'Hint: (8, 6) and (4, 3) fail on their last axis (6 against 3): return -1; you returned {out}'
    out = broadcast_result((2, 5, 3), (4, 3))
    assert out == -2, f'Hint: (2, 5, 3) and (4, 3) agree on the last axis (3 and 3) and fail on axis -2 (5 against 4); you returned {out}'

@test_case(points=None, hidden=True)
def test_hidden_random_pairs_like_nnlib(broadcast_result):
    import re
    import numpy as np
    from nnlib.shapes import broadcast_shapes

    def as_answer(answer):
        if isinstance(answer, (list, tuple)):
            try:
                sizes = [float(n) for n in answer]
            except (TypeError, ValueError):
                return None
            if all((n.is_integer() and n >= 0 for n in sizes)):
                return tuple((int(n) for n in sizes))
            return None
        try:
            number = float(answer)
        except (TypeError, ValueError):
            return None
        return int(number) if number.is_integer() and (not isinstance(answer, str)) else None
    rng = np.random.default_rng(22)
    pairs = [((), ()), ((), (3, 2)), ((7, 1, 2), (1,)), ((2, 3), (3, 2)), ((6, 1, 4), (1, 5, 1))]
    for _ in range(40):
        a = tuple((int(n) for n in rng.choice([1, 2, 3, 5], size=rng.integers(0, 5))))
        b = tuple((int(n) for n in rng.choice([1, 2, 3, 5], size=rng.integers(0, 5))))
        pairs.append((a, b))
    for a, b in pairs:
        try:
            expected = broadcast_shapes(a, b)
        except ValueError as error:
            expected = int(re.search('axis (-[0-9]+)', str(error)).group(1))
        got = broadcast_result(list(a), b)
        assert as_answer(got) == expected and isinstance(as_answer(got), type(expected)), (a, b, got)

