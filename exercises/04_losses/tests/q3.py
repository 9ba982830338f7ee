from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_two_samples(sparse_crossentropy_from_logits):
    import numpy as np
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    out = np.asarray(sparse_crossentropy_from_logits(np.array([0, 2]), z), dtype=float)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert out.shape == (2,), f'Hint: one loss per sample, shape (2,), not {out.shape}'
    assert np.allclose(out, -np.log(p[[0, 1], [0, 2]])), "Hint: pick, in each row, the log-probability of that row's label"

@test_case(points=None, hidden=True)
def test_hidden_like_keras_and_nnlib_with_huge_logits(sparse_crossentropy_from_logits):
    import keras
    import numpy as np
    import nnlib
    rng = np.random.default_rng(8)
    z = rng.normal(scale=4, size=(10, 5))
    z[0] = [1000.0, -1000.0, 0.0, 999.0, 1.0]
    labels = rng.integers(0, 5, size=10)
    out = np.asarray(sparse_crossentropy_from_logits(labels, z), dtype=float)
    assert np.all(np.isfinite(out))
    assert np.allclose(out, nnlib.losses.sparse_categorical_crossentropy(labels, z, from_logits=True).numpy())
    small = z[1:]
    theirs = keras.ops.convert_to_numpy(keras.losses.sparse_categorical_crossentropy(labels[1:], small, from_logits=True))
    assert np.allclose(out[1:], theirs, rtol=0.0001, atol=1e-05)

