from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_seven_answers_in_form(predicted):
    assert predicted is not ..., 'Hint: replace the ... after predicted = with your answer, and run that cell'

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
    pairs = [((16, 1, 28), (28,)), ((6,), (3,)), ((2, 1, 4), (3, 1)), ((12, 1500, 2), (12, 2)), ((12, 1500, 2), (12, 1, 2)), ((32, 10), (32,)), ((5, 1, 3), (4, 1))]
    assert predicted is not None and len(predicted) == 7, 'Hint: store a list of seven answers, one per pair'
    for number, (answer, (a, b)) in enumerate(zip(predicted, pairs), start=1):
        got = as_answer(answer)
        assert got is not None, f'Hint: answer {number} must be a shape such as (4, 3) or a failing axis such as -1'
        if isinstance(got, int):
            assert got < 0, f'Hint: pair {number}: count the failing axis from the right, -1 for the last axis'
            continue
        assert len(got) == max(len(a), len(b)), f'Hint: pair {number}: the result has as many axes as the longer shape, {max(len(a), len(b))}'
    assert as_answer(predicted[1]) != (6,), 'Hint: pair 2: sizes 6 and 3 are neither equal nor 1; broadcasting never repeats a block of several values'
    assert as_answer(predicted[3]) != (12, 1500, 2), 'Hint: pair 4: line the shapes up from the right: 12 1500 2 over _ 12 2'

@test_case(points=None, hidden=True)
def test_hidden_every_pair_like_nnlib(predicted):
    import re
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
    pairs = [((16, 1, 28), (28,)), ((6,), (3,)), ((2, 1, 4), (3, 1)), ((12, 1500, 2), (12, 2)), ((12, 1500, 2), (12, 1, 2)), ((32, 10), (32,)), ((5, 1, 3), (4, 1))]
    for answer, (a, b) in zip(predicted, pairs):
        try:
            expected = broadcast_shapes(a, b)
        except ValueError as error:
            expected = int(re.search('axis (-[0-9]+)', str(error)).group(1))
        assert as_answer(answer) == expected, (a, b)

