from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_two_samples(forward):
    import numpy as np
    W1, b1 = (np.array([[0.4, -0.6, 0.2], [0.3, 0.5, -0.7]]), np.array([0.15, -0.2, 0.1]))
    W2 = np.array([[0.5, -0.3, 0.2], [-0.4, 0.6, 0.1], [0.3, 0.2, -0.5]])
    b2 = np.array([0.0, 0.1, -0.1])
    x = np.array([[1.0, 2.0], [-1.0, 0.5]])
    out = forward(x, [W1, b1, W2, b2])
    assert out is not None, 'Hint: forward returned None: return the probabilities'
    p = np.asarray(out, dtype=float)
    assert p.shape == (2, 3), f'Hint: one row per sample, one column per class: shape (2, 3); got {p.shape}'
    assert np.allclose(p.sum(axis=1), 1), 'Hint: each row is a softmax over the 3 classes and sums to 1'
    assert not np.allclose(p, [[0.302303, 0.181531, 0.516166], [0.190529, 0.457056, 0.352414]], atol=1e-05), 'Hint: apply the ReLU to the hidden layer: for the first sample, hidden unit 3 is relu(-1.1) = 0'
    assert np.allclose(p, [[0.445203, 0.239495, 0.315302], [0.228868, 0.484514, 0.286617]], atol=1e-05), "Hint: the first sample's hidden layer is [1.15, 0.2, 0], its logits [0.495, -0.125, 0.15], its probabilities about [0.4452, 0.2395, 0.3153]"

@test_case(points=None, hidden=False)
def test_large_logits(forward):
    import numpy as np
    W1, b1 = (np.array([[0.4, -0.6, 0.2], [0.3, 0.5, -0.7]]), np.array([0.15, -0.2, 0.1]))
    W2 = np.array([[0.5, -0.3, 0.2], [-0.4, 0.6, 0.1], [0.3, 0.2, -0.5]])
    b2 = np.array([800.0, 800.1, 799.9])
    p = np.asarray(forward(np.array([[1.0, 2.0], [-1.0, 0.5]]), [W1, b1, W2, b2]), dtype=float)
    assert np.all(np.isfinite(p)), "Hint: the logits are about 800 and np.exp(800) is inf; subtract each row's largest logit first"
    assert np.allclose(p, [[0.445203, 0.239495, 0.315302], [0.228868, 0.484514, 0.286617]], atol=1e-05), 'Hint: adding 800 to every output bias does not change the softmax: the answer is that of the previous check'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_sequential(forward):
    import keras
    import numpy as np
    rng = np.random.default_rng(801)
    for n, d, h, k in [(9, 4, 6, 3), (5, 2, 16, 5)]:
        x = rng.normal(scale=10, size=(n, d)).astype('float32')
        weights = [rng.normal(size=(d, h)), rng.normal(size=h), rng.normal(size=(h, k)), rng.normal(size=k)]
        weights = [w.astype('float32') for w in weights]
        model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(h, activation='relu'), keras.layers.Dense(k, activation='softmax')])
        model.set_weights(weights)
        expected = keras.ops.convert_to_numpy(model(x))
        p = np.asarray(forward(x, weights), dtype=float)
        assert p.shape == (n, k) and np.allclose(p, expected, atol=1e-05)

