from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_relu_layer(dense_forward):
    import numpy as np
    X, W, b = (np.array([[1.0, -1.0]]), np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0.5, 0.0]))
    out = np.asarray(dense_forward(X, W, b, 'relu'), dtype=float)
    assert out.shape == (1, 2), f'Hint: (n, m) @ (m, k) + (k,) gives (n, k); got {out.shape}'
    assert np.allclose(out, [[0.0, 3.0]]), 'Hint: X @ W + b = [[-1.5, 3.0]]; relu sets the negative entry to 0'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_dense(dense_forward):
    import keras
    import numpy as np
    rng = np.random.default_rng(20)
    X = rng.normal(size=(7, 5)).astype('float32')
    W, b = (rng.normal(size=(5, 3)).astype('float32'), rng.normal(size=3).astype('float32'))
    for activation in ['linear', 'relu', 'sigmoid']:
        layer = keras.layers.Dense(3, activation=activation)
        layer.build((None, 5))
        layer.set_weights([W, b])
        expected = keras.ops.convert_to_numpy(layer(X))
        assert np.allclose(np.asarray(dense_forward(X, W, b, activation), dtype=float), expected, atol=1e-05)

