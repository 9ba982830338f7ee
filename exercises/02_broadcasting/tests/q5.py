from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=None, hidden=False)
def test_square_matrix(center_rows):
    import numpy as np
    X = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [0.0, 0.0, 3.0]])
    out = center_rows(X)
    assert out is not None, 'Hint: return the centred matrix'
    out = np.asarray(out, dtype=float)
    assert out.shape == (3, 3), f'Hint: the result has the shape of X, (3, 3); yours has {out.shape}'
    assert np.allclose(out[1], [-10.0, 0.0, 10.0]), 'Hint: row [10, 20, 30] has mean 20 and becomes [-10, 0, 10]; the row means must be a column, shape (3, 1)'
    assert np.allclose(out.mean(axis=1), 0), 'Hint: every row of the result must have mean 0'

@test_case(points=None, hidden=True)
def test_hidden_rectangular_and_square(center_rows):
    import numpy as np
    rng = np.random.default_rng(55)
    for shape in [(5, 7), (4, 4)]:
        X = rng.normal(size=shape)
        expected = np.array([row - sum(row) / len(row) for row in X])
        assert np.allclose(np.asarray(center_rows(X), dtype=float), expected)

