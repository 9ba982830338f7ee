from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 4

@test_case(points=None, hidden=False)
def test_five_samples_in_batches_of_two(train):
    import numpy as np
    W1, b1 = (np.array([[0.4, -0.6, 0.2], [0.3, 0.5, -0.7]]), np.array([0.15, -0.2, 0.1]))
    W2 = np.array([[0.5, -0.3, 0.2], [-0.4, 0.6, 0.1], [0.3, 0.2, -0.5]])
    b2 = np.array([0.0, 0.1, -0.1])
    x = np.array([[0.5, -1.0], [1.5, 0.5], [-0.5, 2.0], [1.0, 1.0], [-1.5, -0.5]])
    y = np.array([0, 1, 2, 1, 0])
    orders = [np.array([3, 0, 4, 2, 1]), np.array([1, 4, 2, 0, 3])]
    out = train(x, y, [W1, b1, W2, b2], orders[:1], 2, 0.5)
    assert out is not None, 'Hint: train returned None: return the list [W1, b1, W2, b2] of trained weights'
    assert len(out) == 4, 'Hint: return the four weights, [W1, b1, W2, b2]'
    shapes = [np.shape(w) for w in out]
    assert shapes[0] == (2, 3) and shapes[2] == (3, 3), f'Hint: each trained weight has the shape of the weight it started from; got {shapes}'
    b2_one = np.asarray(out[3], dtype=float).reshape(-1)
    assert not np.allclose(b2_one, [0.267209, -0.022847, -0.244361], atol=1e-05), "Hint: visit the samples in the epoch's order: its first batch is samples 3 and 0, not 0 and 1"
    assert not np.allclose(b2_one, [0.019387, 0.116683, -0.13607], atol=1e-05), 'Hint: update once per batch: 5 samples in batches of 2 make 3 updates per epoch, not 1'
    assert not np.allclose(b2_one, [0.169773, -0.081723, -0.08805], atol=1e-05), 'Hint: the last batch (sample 1 alone) must update the weights too'
    assert not np.allclose(b2_one, [0.055185, 0.107507, -0.162692], atol=1e-05), 'Hint: the last batch holds 1 sample; its mean loss divides by 1, not by batch_size'
    assert np.allclose(b2_one, [-0.059403, 0.296737, -0.237334], atol=1e-05), 'Hint: after one epoch (batches [3, 0], [4, 2], [1]) b2 is about [-0.0594, 0.2967, -0.2373]'
    two = [np.asarray(w, dtype=float).reshape(-1) for w in train(x, y, [W1, b1, W2, b2], orders, 2, 0.5)]
    expected = [[0.03296, -0.36071, -0.01347, 0.00547, 0.5211, -0.91566], [-0.06035, -0.37758, 0.40745], [0.24905, 0.09549, 0.05546, -0.40927, 0.28901, 0.42026, 0.68421, -0.08082, -0.60338], [-0.09487, 0.41681, -0.32194]]
    assert all((np.allclose(w, e, atol=1e-05) for w, e in zip(two, expected))), 'Hint: one epoch per entry of orders, each in its own order; after both epochs b2 is about [-0.0949, 0.4168, -0.3219]'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_fit(train):
    import keras
    import numpy as np
    rng = np.random.default_rng(805)
    n, d, h, k = (14, 3, 5, 3)
    x, y = (rng.normal(size=(n, d)), rng.integers(0, k, size=n))
    weights = [rng.normal(scale=0.5, size=(d, h)), rng.normal(scale=0.1, size=h), rng.normal(scale=0.5, size=(h, k)), rng.normal(scale=0.1, size=k)]
    order = rng.permutation(n)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(h, activation='relu'), keras.layers.Dense(k, activation='softmax')])
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3), loss='sparse_categorical_crossentropy')
    model.fit(x[order].astype('float32'), y[order], batch_size=4, epochs=2, shuffle=False, verbose=0)
    out = train(x, y, weights, [order, order], 4, 0.3)
    assert len(out) == 4
    for w, e in zip(out, model.get_weights()):
        assert np.allclose(np.asarray(w, dtype=float).reshape(e.shape), e, rtol=0.0001, atol=1e-05)
        assert np.shape(w) in [e.shape, e.shape + (1,)]

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_fit_epoch_by_epoch(train):
    import numpy as np
    from nnlib import layers, models, optimizers
    rng = np.random.default_rng(806)
    n, d, h, k = (11, 2, 4, 2)
    x, y = (rng.normal(size=(n, d)), rng.integers(0, k, size=n))
    weights = [rng.normal(scale=0.5, size=(d, h)), rng.normal(scale=0.1, size=h), rng.normal(scale=0.5, size=(h, k)), rng.normal(scale=0.1, size=k)]
    orders = [rng.permutation(n) for _ in range(3)]
    model = models.Sequential([layers.Input(shape=(d,)), layers.Dense(h, activation='relu'), layers.Dense(k, activation='softmax')])
    model.set_weights(weights)
    model.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss='sparse_categorical_crossentropy')
    for order in orders:
        model.fit(x[order], y[order], batch_size=3, epochs=1, shuffle=False, verbose=0)
    for w, e in zip(train(x, y, weights, orders, 3, 0.5), model.get_weights()):
        assert np.allclose(np.asarray(w, dtype=float).reshape(e.shape), e, rtol=0.0001, atol=1e-05)

