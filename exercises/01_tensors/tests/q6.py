from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=None, hidden=False)
def test_three_samples_four_units(dense_forward):
    import numpy as np
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    W = np.array([[1.0, -1.0, 0.0, 2.0], [0.0, 1.0, -2.0, 1.0]])
    b = np.array([0.0, 0.5, 1.0, -3.0])
    out = dense_forward(X, W, b)
    assert out is not None, 'Hint: return the outputs'
    out = np.asarray(out, dtype=float)
    assert out.shape == (3, 4), f'Hint: (3, 2) @ (2, 4) gives (3, 4): one row per sample, one column per unit; yours has shape {out.shape}'
    z = np.array([[1.0, -0.5, 1.0, -1.0], [0.0, 1.5, -1.0, -2.0], [1.0, 0.5, -1.0, 0.0]])
    assert np.allclose(out, 1 / (1 + np.exp(-z))), 'Hint: for the first sample x = [1, 0], z = x @ W + b = [1, -0.5, 1, -1], and the outputs are the sigmoid of each entry'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_dense(dense_forward):
    import keras
    import numpy as np
    rng = np.random.default_rng(61)
    X = rng.normal(size=(10, 3)).astype('float32')
    W = rng.normal(size=(3, 5)).astype('float32')
    b = rng.normal(size=5).astype('float32')
    layer = keras.layers.Dense(5, activation='sigmoid')
    layer.build((None, 3))
    layer.set_weights([W, b])
    expected = keras.ops.convert_to_numpy(layer(X))
    out = np.asarray(dense_forward(X, W, b), dtype=float)
    assert out.shape == (10, 5)
    assert np.allclose(out, expected, rtol=1e-05, atol=1e-06)

