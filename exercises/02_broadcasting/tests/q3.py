from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_rows_have_mean_zero(center_rows):
    import numpy as np
    X = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [0.0, 0.0, 3.0]])
    out = np.asarray(center_rows(X))
    assert out.shape == X.shape, f'Hint: the result has the shape of X, {X.shape}'
    assert np.allclose(out.mean(axis=1), 0), 'Hint: subtract a column of row means, shape (n, 1): use keepdims=True or [:, None]'

@test_case(points=None, hidden=True)
def test_hidden_rectangular_and_values(center_rows):
    import numpy as np
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5, 7))
    assert np.allclose(np.asarray(center_rows(X)), X - X.mean(axis=1)[:, None])
    S = rng.normal(size=(4, 4))
    assert np.allclose(np.asarray(center_rows(S)), S - S.mean(axis=1)[:, None])

