from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_shape_and_values(neuron_forward):
    import numpy as np
    X = np.array([[1.0, 2.0], [0.0, 0.0], [-1.0, 0.5]])
    out = np.asarray(neuron_forward(X, np.array([0.5, -0.25]), 0.1))
    assert out.shape == (3,), f'Hint: one output per sample, shape (3,), not {out.shape}'
    expected = 1 / (1 + np.exp(-(X @ np.array([0.5, -0.25]) + 0.1)))
    assert np.allclose(out, expected), 'Hint: compute z = X @ w + b first, then apply the sigmoid to every entry'

@test_case(points=None, hidden=True)
def test_hidden_like_keras_dense(neuron_forward):
    import keras
    import numpy as np
    rng = np.random.default_rng(2)
    X = rng.normal(size=(20, 4)).astype('float32')
    w = rng.normal(size=4).astype('float32')
    layer = keras.layers.Dense(1, activation='sigmoid')
    layer.build((None, 4))
    layer.set_weights([w[:, None], np.array([-0.3], dtype='float32')])
    expected = keras.ops.convert_to_numpy(layer(X))[:, 0]
    out = np.asarray(neuron_forward(X, w, -0.3))
    assert out.shape == (20,)
    assert np.allclose(out, expected, rtol=1e-05, atol=1e-06)

