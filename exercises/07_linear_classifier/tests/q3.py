from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_five_samples_in_batches_of_two(minibatch_sgd):
    import numpy as np
    X = np.array([[0.5, 1.0], [-1.0, 0.5], [1.5, -0.5], [0.0, -1.0], [-0.5, 2.0]])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    w0 = np.array([0.2, -0.3])
    orders = [np.array([4, 0, 3, 1, 2]), np.array([1, 2, 0, 4, 3])]
    out = minibatch_sgd(X, y, w0, 0.1, orders[:1], 2, 0.5)
    assert out is not None, 'Hint: minibatch_sgd returned None: return np.append(w, b)'
    one = np.asarray(out, dtype=float).reshape(-1)
    assert one.shape == (3,), f'Hint: return the 2 weights and the bias in one array of shape (3,); got {one.shape}'
    assert not np.allclose(one, [0.340499, 0.48862, 0.35543], atol=1e-05), "Hint: visit the samples in the epoch's order: its first batch is samples 4 and 0, not 0 and 1"
    assert not np.allclose(one, [0.292628, -0.098686, 0.149999], atol=1e-05), 'Hint: update once per batch: 5 samples in batches of 2 make 3 updates per epoch, not 1'
    assert not np.allclose(one, [0.327595, 0.222575, 0.110138], atol=1e-05), 'Hint: the last batch (sample 2 alone) must update the weights too'
    assert not np.allclose(one, [0.470033, 0.175095, 0.205097], atol=1e-05), 'Hint: the last batch holds 1 sample; its mean loss divides by 1, not by batch_size'
    assert not np.allclose(one, [-0.114254, -0.790434, -0.122486], atol=1e-05), 'Hint: step against the gradient: w - learning_rate * gradient'
    assert np.allclose(one, [0.612472, 0.127615, 0.300056], atol=1e-05), 'Hint: after one epoch (batches [4, 0], [3, 1], [2]) the parameters are about [0.6125, 0.1276, 0.3001]'
    two = np.asarray(minibatch_sgd(X, y, w0, 0.1, orders, 2, 0.5), dtype=float).reshape(-1)
    assert np.allclose(two, [0.788678, 0.644369, 0.202998], atol=1e-05), 'Hint: one epoch per entry of orders, each in its own order; after both epochs the parameters are about [0.7887, 0.6444, 0.2030]'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_fit_epoch_by_epoch(minibatch_sgd):
    import numpy as np
    from nnlib import layers, models, optimizers
    rng = np.random.default_rng(704)
    n, d = (17, 3)
    X = rng.normal(size=(n, d))
    y = (X @ np.array([1.0, -0.5, 0.8]) + 0.5 * rng.normal(size=n) > 0).astype(float)
    w0, b0 = (rng.normal(scale=0.5, size=d), 0.2)
    orders = [rng.permutation(n) for _ in range(3)]
    model = models.Sequential([layers.Input(shape=(d,)), layers.Dense(1, activation='sigmoid')])
    model.set_weights([w0.reshape(-1, 1), np.array([b0])])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.4), loss='binary_crossentropy')
    for order in orders:
        model.fit(X[order], y[order], batch_size=5, epochs=1, shuffle=False, verbose=0)
    kernel, bias = model.get_weights()
    out = np.asarray(minibatch_sgd(X, y, w0, b0, orders, 5, 0.4), dtype=float).reshape(-1)
    assert np.allclose(out, np.append(kernel, bias), rtol=0.0001, atol=1e-05)

@test_case(points=None, hidden=True)
def test_hidden_like_keras_fit(minibatch_sgd):
    import keras
    import numpy as np
    rng = np.random.default_rng(705)
    n, d = (13, 2)
    X = rng.normal(size=(n, d))
    y = (X[:, 0] - X[:, 1] + 0.3 * rng.normal(size=n) > 0).astype(float)
    w0, b0 = (np.array([0.3, 0.1]), -0.2)
    order = rng.permutation(n)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(1, activation='sigmoid')])
    model.set_weights([w0.reshape(-1, 1), np.array([b0])])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss='binary_crossentropy')
    model.fit(X[order], y[order], batch_size=4, epochs=2, shuffle=False, verbose=0)
    kernel, bias = model.get_weights()
    out = np.asarray(minibatch_sgd(X, y, w0, b0, [order, order], 4, 0.5), dtype=float).reshape(-1)
    assert np.allclose(out, np.append(kernel, bias), rtol=0.0001, atol=1e-05)

