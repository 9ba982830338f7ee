from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=None, hidden=False)
def test_four_samples(cosine_scores):
    import numpy as np
    X = np.array([[2.0, 1.0], [4.0, 2.0], [-1.0, 2.0], [0.0, -3.0]])
    out = cosine_scores(X, np.array([2.0, 1.0]))
    assert out is not None, 'Hint: return the scores'
    out = np.asarray(out, dtype=float).ravel()
    assert out.size == 4, f'Hint: one score per row of X, 4 here; yours has {out.size}'
    assert np.allclose(out[:2], [1.0, 1.0]), 'Hint: rows [2, 1] and [4, 2] point the same way as w = [2, 1], so both score exactly 1, whatever their lengths'
    assert np.isclose(out[2], 0.0, atol=1e-07), 'Hint: [-1, 2] is at right angles to [2, 1]: its score is 0'
    assert np.isclose(out[3], -1 / np.sqrt(5)), 'Hint: [0, -3] and [2, 1]: the dot product -3 divided by the lengths 3 and sqrt(5)'

@test_case(points=None, hidden=False)
def test_one_sample(cosine_scores):
    import numpy as np
    out = np.asarray(cosine_scores(np.array([[3.0, 4.0]]), np.array([10.0, 0.0])), dtype=float)
    assert np.allclose(out.ravel(), [0.6]), 'Hint: for X = [[3, 4]] and w = [10, 0], the score is 30 / (5 * 10) = 0.6'

@test_case(points=None, hidden=True)
def test_hidden_random(cosine_scores):
    import numpy as np
    rng = np.random.default_rng(51)
    X, w = (rng.normal(size=(7, 5)), rng.normal(size=5))
    expected = [x.dot(w) / np.sqrt(x.dot(x) * w.dot(w)) for x in X]
    out = np.asarray(cosine_scores(X, w), dtype=float).ravel()
    assert np.allclose(out, expected, rtol=1e-05, atol=1e-06)

