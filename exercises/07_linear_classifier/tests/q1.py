from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_rows_sum_to_one(predict_proba):
    import numpy as np
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    W = np.array([[1.0, -1.0, 0.0], [0.5, 0.5, 0.0]])
    p = np.asarray(predict_proba(X, W, np.zeros(3)), dtype=float)
    assert p.shape == (3, 3), f'Hint: one row per sample, one column per class; got {p.shape}'
    assert np.allclose(p.sum(axis=1), 1), 'Hint: take the softmax of each row (axis=1), not of the whole matrix'
    z = X @ W
    assert np.allclose(p, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)), 'Hint: the logits are X @ W + b'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_dense_softmax(predict_proba):
    import keras
    import numpy as np
    rng = np.random.default_rng(17)
    X = rng.normal(scale=30, size=(12, 5)).astype('float32')
    W = rng.normal(size=(5, 4)).astype('float32')
    b = rng.normal(size=4).astype('float32')
    layer = keras.layers.Dense(4, activation='softmax')
    layer.build((None, 5))
    layer.set_weights([W, b])
    p = np.asarray(predict_proba(X, W, b), dtype=float)
    assert np.all(np.isfinite(p))
    assert np.allclose(p, keras.ops.convert_to_numpy(layer(X)), atol=1e-05)

