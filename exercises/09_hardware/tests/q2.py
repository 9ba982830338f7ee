from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 1

@test_case(points=None, hidden=False)
def test_a_small_network(epoch_flops):
    out = epoch_flops(10, [3, 4, 2])
    assert out is not None, 'Hint: epoch_flops returned None: return the number of FLOPs'
    assert float(out) != 1200, 'Hint: the rule counts parameters as count_params() does, biases included'
    assert float(out) != 520, 'Hint: 2 FLOPs per parameter is the forward pass alone; the backward pass adds 4'
    assert float(out) == 1560, 'Hint: [3, 4, 2] has 26 parameters; 10 samples make 1,560 FLOPs'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_count_params(epoch_flops):
    from nnlib import layers, models
    for n_samples, sizes in [(60000, [784, 128, 10]), (16384, [32, 256, 256, 10]), (7, [5, 1])]:
        model = models.Sequential([layers.Input(shape=(sizes[0],))] + [layers.Dense(n) for n in sizes[1:]])
        assert float(epoch_flops(n_samples, sizes)) == 6 * model.count_params() * n_samples

