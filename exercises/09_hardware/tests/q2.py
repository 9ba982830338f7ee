from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_small(dense_flops):
    out = dense_flops(2, 3, 4)
    assert out is not None and int(out) == 48 + 8, 'Hint: the product (2, 3) @ (3, 4) costs 48 FLOPs; the bias adds one FLOP to each of the 2 * 4 outputs'

@test_case(points=None, hidden=True)
def test_hidden_more_layers(dense_flops):
    for b, i, o in [(1, 1, 1), (32, 784, 128), (256, 128, 10)]:
        assert int(dense_flops(b, i, o)) == 2 * b * i * o + b * o

