from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_five_samples(loss_during_and_after):
    import numpy as np
    W1, b1 = (np.array([[0.4, -0.6, 0.2], [0.3, 0.5, -0.7]]), np.array([0.15, -0.2, 0.1]))
    W2 = np.array([[0.5, -0.3, 0.2], [-0.4, 0.6, 0.1], [0.3, 0.2, -0.5]])
    b2 = np.array([0.0, 0.1, -0.1])
    x = np.array([[0.5, -1.0], [1.5, 0.5], [-0.5, 2.0], [1.0, 1.0], [-1.5, -0.5]])
    y = np.array([0, 1, 2, 1, 0])
    out = loss_during_and_after(x, y, [W1, b1, W2, b2], np.array([3, 0, 4, 2, 1]), 2, 0.5)
    assert out is not None, 'Hint: loss_during_and_after returned None: return the pair (during, after)'
    during, after = [float(np.squeeze(v)) for v in out]
    assert not (np.isclose(during, 0.944006, atol=1e-05) and np.isclose(after, 1.28144, atol=1e-05)), 'Hint: your two numbers are in the other order: (during, after)'
    assert not np.isclose(during, 1.303594, atol=1e-05), "Hint: fit weights each batch's loss by its number of samples: the last batch holds 1 sample, the others 2"
    assert np.isclose(during, 1.28144, atol=1e-05), 'Hint: for this example the loss during the epoch is about 1.2814'
    assert np.isclose(after, 0.944006, atol=1e-05), 'Hint: your first number is right; after is the mean loss of all 5 samples with the final weights, about 0.9440 here'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_fit_and_evaluate(loss_during_and_after):
    import numpy as np
    from nnlib import layers, models, optimizers
    rng = np.random.default_rng(807)
    for n, d, h, k, batch_size in [(13, 3, 6, 3, 4), (9, 2, 5, 2, 2)]:
        x, y = (rng.normal(size=(n, d)), rng.integers(0, k, size=n))
        weights = [rng.normal(scale=0.7, size=(d, h)), rng.normal(scale=0.1, size=h), rng.normal(scale=0.7, size=(h, k)), rng.normal(scale=0.1, size=k)]
        order = rng.permutation(n)
        model = models.Sequential([layers.Input(shape=(d,)), layers.Dense(h, activation='relu'), layers.Dense(k, activation='softmax')])
        model.set_weights(weights)
        model.compile(optimizer=optimizers.SGD(learning_rate=0.4), loss='sparse_categorical_crossentropy')
        during = model.fit(x[order], y[order], batch_size=batch_size, epochs=1, shuffle=False, verbose=0).history['loss'][0]
        after = model.evaluate(x, y, verbose=0)
        out = [float(np.squeeze(v)) for v in loss_during_and_after(x, y, weights, order, batch_size, 0.4)]
        assert np.allclose(out, [during, after], rtol=0.0001)

