from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_bias_row(broadcast_shape):
    result = broadcast_shape((4, 3), (3,))
    assert result is not None and tuple(result) == (4, 3), 'Hint: pad the shorter shape with 1s on the left, then compare axis by axis'

@test_case(points=None, hidden=False)
def test_incompatible(broadcast_shape):
    both = broadcast_shape((2, 1), (1, 2))
    assert both is not None and tuple(both) == (2, 2), 'Hint: an axis of size 1 is stretched to match the other shape'
    assert broadcast_shape((4, 3), (4,)) is None, 'Hint: sizes 3 and 4 on the last axis differ and neither is 1, so return None'

@test_case(points=None, hidden=True)
def test_hidden_many_pairs_like_numpy(broadcast_shape):
    import numpy as np
    pairs = [((3, 1), (1, 4)), ((2, 1, 5), (3, 1)), ((5,), ()), ((), ()), ((8, 6), (4, 3)), ((32, 32, 3), (3,)), ((1,), (7, 1, 2)), ((2, 3), (3, 2)), ((6, 1, 4), (1, 5, 1))]
    for a, b in pairs:
        try:
            expected = np.broadcast_shapes(a, b)
        except ValueError:
            expected = None
        got = broadcast_shape(a, b)
        got = None if got is None else tuple((int(n) for n in got))
        assert got == expected, (a, b, got, expected)

