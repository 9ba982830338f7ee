from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_five_samples_in_batches_of_two(minibatch_losses):
    import numpy as np
    X = np.array([[0.5, 1.0], [-1.0, 0.5], [1.5, -0.5], [0.0, -1.0], [-0.5, 2.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    orders = [np.array([4, 0, 3, 1, 2]), np.array([1, 2, 0, 4, 3])]
    out = minibatch_losses(X, y, np.array([0.2, -0.3]), 0.1, orders, 2, 0.5)
    assert out is not None, 'Hint: minibatch_losses returned None: return one loss per epoch'
    losses = np.asarray(out, dtype=float).reshape(-1)
    assert losses.shape == (2,), f'Hint: one loss per epoch: shape (2,) for two orders; got {losses.shape}'
    assert not np.allclose(losses, [0.733768, 0.574746], atol=1e-05), "Hint: a batch of 1 sample must count half as much as a batch of 2: weight each batch's mean loss by its number of samples"
    assert not np.allclose(losses, [0.520387, 0.380986], atol=1e-05), "Hint: fit reports the losses computed during the epoch, each batch's with the weights before its own update, not the loss of the weights at the epoch's end"
    assert not np.allclose(losses, [3.924836, 2.715486], atol=1e-05), 'Hint: report the mean loss per sample: divide by n'
    assert np.allclose(losses, [0.784967, 0.543097], atol=1e-05), 'Hint: for this example the losses of the two epochs are about [0.7850, 0.5431]'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_fit_history(minibatch_losses):
    import numpy as np
    from nnlib import layers, models, optimizers
    rng = np.random.default_rng(706)
    n, d = (19, 3)
    X = rng.normal(size=(n, d))
    y = (X @ np.array([-1.0, 0.5, 1.0]) + 0.5 * rng.normal(size=n) > 0).astype(float)
    w0, b0 = (rng.normal(scale=0.5, size=d), -0.1)
    orders = [rng.permutation(n) for _ in range(3)]
    model = models.Sequential([layers.Input(shape=(d,)), layers.Dense(1, activation='sigmoid')])
    model.set_weights([w0.reshape(-1, 1), np.array([b0])])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.3), loss='binary_crossentropy')
    expected = [model.fit(X[order], y[order], batch_size=4, epochs=1, shuffle=False, verbose=0).history['loss'][0] for order in orders]
    out = np.asarray(minibatch_losses(X, y, w0, b0, orders, 4, 0.3), dtype=float).reshape(-1)
    assert np.allclose(out, expected, rtol=0.0001)

