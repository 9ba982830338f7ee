from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_loss_falls(train_mlp):
    import numpy as np
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-2, 1, size=(30, 2)), rng.normal(2, 1, size=(30, 2))])
    y = np.repeat([0, 1], 30)
    losses = np.asarray(train_mlp(X, y, 8, 0.1, 50, 0), dtype=float)
    assert losses.shape == (50,), f'Hint: return one loss per epoch, shape (50,); got {losses.shape}'
    assert np.all(np.isfinite(losses)), 'Hint: the losses must be finite; compute the softmax safely'
    assert losses[-1] < 0.5 * losses[0], 'Hint: the loss should fall by more than half on this easy data; check the sign of the update'

@test_case(points=None, hidden=True)
def test_hidden_first_loss_and_xor(train_mlp):
    import numpy as np
    rng = np.random.default_rng(22)
    X = rng.uniform(-1, 1, size=(80, 2))
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)
    losses = np.asarray(train_mlp(X, y, 16, 0.5, 400, 1), dtype=float)
    init = np.random.default_rng(1)
    W1, W2 = (init.normal(0, 1, size=(2, 16)), init.normal(0, np.sqrt(1 / 16), size=(16, 2)))
    z = np.maximum(X @ W1, 0) @ W2
    first = np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(80), y])
    assert np.isclose(losses[0], first)
    assert losses[-1] < 0.25

