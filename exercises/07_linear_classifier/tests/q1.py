from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_small_example(predict_proba):
    import numpy as np
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    W = np.array([[1.0, -1.0, 0.0], [0.5, 0.5, 0.0]])
    b = np.array([0.3, -0.2, 0.1])
    out = predict_proba(X, W, b)
    assert out is not None, 'Hint: predict_proba returned None: replace the ... with your code and return the probabilities'
    p = np.asarray(out, dtype=float)
    assert p.shape == (3, 3), f'Hint: one row per sample and one column per class, shape (3, 3); got {p.shape}'
    assert np.allclose(p.sum(axis=1), 1), "Hint: each row (one sample's probabilities) must sum to 1: the softmax goes along axis 1"
    no_bias = [0.665241, 0.090031, 0.244728]
    assert not np.allclose(p[0], no_bias, atol=1e-05), 'Hint: your first row is the softmax of X @ W; the logits are X @ W + b'
    assert np.allclose(p[0], [0.72292, 0.059341, 0.217739], atol=1e-05), "Hint: the first sample's logits are [1.3, -1.2, 0.1], its probabilities about [0.7229, 0.0593, 0.2177]"
    assert np.allclose(p, [[0.72292, 0.059341, 0.217739], [0.475485, 0.288396, 0.236119], [0.790659, 0.064901, 0.14444]], atol=1e-05), "Hint: the second sample's logits are [0.8, 0.3, 0.1], its probabilities about [0.4755, 0.2884, 0.2361]"

@test_case(points=None, hidden=False)
def test_large_logits(predict_proba):
    import numpy as np
    X = np.array([[10.0, 0.0], [0.0, -10.0]])
    W = np.array([[100.0, 99.9, 0.0], [100.0, 100.1, 100.2]])
    p = np.asarray(predict_proba(X, W, np.zeros(3)), dtype=float)
    assert np.all(np.isfinite(p)), "Hint: np.exp(1000) is inf and inf / inf is nan; subtracting each row's largest logit first does not change the softmax and keeps np.exp finite"
    assert np.allclose(p, [[0.731059, 0.268941, 0.0], [0.665241, 0.244728, 0.090031]], atol=1e-05), 'Hint: the logits [1000, 999, 0] give about [0.7311, 0.2689, 0.0000], and [-1000, -1001, -1002] about [0.6652, 0.2447, 0.0900]'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_dense_softmax(predict_proba):
    import keras
    import numpy as np
    rng = np.random.default_rng(701)
    for n, d, k in [(12, 5, 4), (7, 3, 6)]:
        X = rng.normal(scale=30, size=(n, d)).astype('float32')
        W = rng.normal(size=(d, k)).astype('float32')
        b = rng.normal(size=k).astype('float32')
        layer = keras.layers.Dense(k, activation='softmax')
        layer.build((None, d))
        layer.set_weights([W, b])
        expected = keras.ops.convert_to_numpy(layer(X))
        p = np.asarray(predict_proba(X, W, b), dtype=float)
        assert p.shape == (n, k) and np.allclose(p, expected, atol=1e-05)

