from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_probabilities(mlp_forward):
    import numpy as np
    X = np.array([[1.0, 2.0], [-1.0, 0.0]])
    W1, b1 = (np.array([[1.0, -1.0, 0.5], [0.0, 1.0, 1.0]]), np.zeros(3))
    W2, b2 = (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([0.1, -0.1]))
    p = np.asarray(mlp_forward(X, W1, b1, W2, b2), dtype=float)
    assert p.shape == (2, 2), f'Hint: one row per sample, one column per class; got {p.shape}'
    h = np.maximum(X @ W1 + b1, 0)
    z = h @ W2 + b2
    assert np.allclose(p, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)), 'Hint: relu after the first layer, softmax (along axis 1) after the second'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_sequential(mlp_forward):
    import keras
    import numpy as np
    rng = np.random.default_rng(21)
    X = rng.normal(size=(9, 4)).astype('float32')
    W1, b1 = (rng.normal(size=(4, 6)).astype('float32'), rng.normal(size=6).astype('float32'))
    W2, b2 = (rng.normal(size=(6, 3)).astype('float32'), rng.normal(size=3).astype('float32'))
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation='relu'), keras.layers.Dense(3, activation='softmax')])
    model.set_weights([W1, b1, W2, b2])
    expected = keras.ops.convert_to_numpy(model(X))
    assert np.allclose(np.asarray(mlp_forward(X, W1, b1, W2, b2), dtype=float), expected, atol=1e-05)

