from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_small_vector(stable_softmax):
    import numpy as np
    out = np.asarray(stable_softmax(np.array([0.0, 1.0, 2.0])), dtype=float)
    e = np.exp([0.0, 1.0, 2.0])
    assert np.allclose(out, e / e.sum()), 'Hint: exponentiate each entry, then divide by the sum of the exponentials'

@test_case(points=None, hidden=False)
def test_large_logits_do_not_overflow(stable_softmax):
    import numpy as np
    out = np.asarray(stable_softmax(np.array([1000.0, 1001.0, 1002.0])), dtype=float)
    assert np.all(np.isfinite(out)), 'Hint: exp(1000) overflows; subtract the largest entry first'
    assert np.isclose(out.sum(), 1.0), 'Hint: the probabilities must sum to 1'

@test_case(points=None, hidden=True)
def test_hidden_rows_like_keras_and_nnlib(stable_softmax):
    import keras
    import numpy as np
    import nnlib
    rng = np.random.default_rng(5)
    A = np.vstack([rng.normal(scale=3, size=(4, 6)), np.full((1, 6), -1000.0), np.linspace(500, 900, 6)[None]])
    out = np.asarray(stable_softmax(A), dtype=float)
    assert out.shape == A.shape
    assert np.allclose(out, nnlib.activations.softmax(A).numpy())
    assert np.allclose(out, keras.ops.convert_to_numpy(keras.activations.softmax(A.astype('float32'))), atol=1e-06)

