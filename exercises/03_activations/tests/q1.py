from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_small_logits(stable_softmax):
    import numpy as np
    out = stable_softmax(np.array([0.0, 1.0, 2.0]))
    assert out is not None, 'Hint: return the probabilities'
    out = np.asarray(out, dtype=float).ravel()
    assert np.allclose(out, [0.09003057, 0.24472847, 0.66524096]), 'Hint: softmax([0, 1, 2]) is about [0.090, 0.245, 0.665]: e^z_i divided by the sum of the e^z_j'

@test_case(points=None, hidden=False)
def test_large_logits(stable_softmax):
    import numpy as np
    out = np.asarray(stable_softmax(np.array([1000.0, 1001.0, 1002.0])), dtype=float).ravel()
    assert np.all(np.isfinite(out)), 'Hint: e^1000 overflows to inf, and inf / inf is nan: subtract the largest logit first, which changes no probability'
    assert np.allclose(out, [0.09003057, 0.24472847, 0.66524096]), 'Hint: adding 1000 to every logit changes no probability: softmax([1000, 1001, 1002]) = softmax([0, 1, 2])'

@test_case(points=None, hidden=False)
def test_rows_of_different_sizes(stable_softmax):
    import numpy as np
    logits = np.array([[-1000.0, -999.0, -998.0], [1002.0, 1001.0, 1000.0]])
    out = np.asarray(stable_softmax(logits), dtype=float)
    assert out.shape == (2, 3), f'Hint: one row of probabilities per row of logits, shape (2, 3); yours has {out.shape}'
    assert np.all(np.isfinite(out)), "Hint: subtract each row's own largest logit (axis=-1, keepdims=True), not the largest of the whole matrix: e^(-1000 - 1002) underflows to 0, and 0 / 0 is nan"
    expected = np.array([[0.09003057, 0.24472847, 0.66524096], [0.66524096, 0.24472847, 0.09003057]])
    assert np.allclose(out, expected), 'Hint: each row sums to 1 on its own: row 0 is softmax([0, 1, 2]) and row 1 the same reversed'

@test_case(points=None, hidden=True)
def test_hidden_rows_like_nnlib_and_keras(stable_softmax):
    import keras
    import numpy as np
    import nnlib
    rng = np.random.default_rng(13)
    for logits in [rng.normal(scale=3, size=(5, 4)) + rng.normal(scale=500, size=(5, 1)), rng.normal(scale=5, size=(4, 4)) - 800.0, rng.normal(size=7)]:
        out = np.asarray(stable_softmax(logits), dtype=float)
        if logits.ndim == 1:
            out = out.ravel()
        assert out.shape == logits.shape
        assert np.allclose(out, nnlib.activations.softmax(logits).numpy(), rtol=1e-05, atol=1e-07)
        theirs = keras.ops.convert_to_numpy(keras.activations.softmax(logits.astype('float32')))
        assert np.allclose(out, theirs, atol=0.0002)

