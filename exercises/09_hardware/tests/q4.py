from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_one_layer(epoch_flops):
    out = epoch_flops(10, [3, 2])
    assert out is not None and int(out) == 6 * 10 * 6, 'Hint: a 3 -> 2 layer has 6 weights; 6 FLOPs per weight per sample, 10 samples'

@test_case(points=None, hidden=True)
def test_hidden_mnist_sized(epoch_flops):
    assert int(epoch_flops(60000, [784, 128, 10])) == 6 * 60000 * (784 * 128 + 128 * 10)
    assert int(epoch_flops(1, [5, 4, 3, 2])) == 6 * (20 + 12 + 6)

