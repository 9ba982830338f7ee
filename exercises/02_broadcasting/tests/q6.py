from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_three_by_three(pairwise_distances):
    import numpy as np
    A = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])
    B = np.array([[0.0, 0.0], [0.0, 4.0], [3.0, 0.0]])
    out = pairwise_distances(A, B)
    assert out is not None, 'Hint: return the table of distances'
    out = np.asarray(out, dtype=float)
    assert out.shape == (3, 3), f'Hint: one distance for every (point of A, point of B) pair, shape (3, 3) here; A - B pairs row i with row i only; A[:, None, :] has shape (3, 1, 2); yours has {out.shape}'
    assert np.allclose(out[:2], [[0.0, 4.0, 3.0], [5.0, 3.0, 4.0]]), 'Hint: [3, 4] is 5 away from [0, 0], 3 from [0, 4] and 4 from [3, 0]'

@test_case(points=None, hidden=False)
def test_two_by_three(pairwise_distances):
    import numpy as np
    A = np.array([[1.0, 2.0], [-1.0, 0.0]])
    B = np.array([[1.0, 2.0], [4.0, 6.0], [-1.0, -1.0]])
    out = np.asarray(pairwise_distances(A, B), dtype=float)
    assert out.shape == (2, 3), f'Hint: n = 2 rows (one per point of A), m = 3 columns (one per point of B); yours has {out.shape}'
    assert np.allclose(out[0], [0.0, 5.0, np.sqrt(13.0)]), 'Hint: A[0] = [1, 2] is 0 away from B[0], 5 from [4, 6] and sqrt(4 + 9) from [-1, -1]'

@test_case(points=None, hidden=True)
def test_hidden_random_points(pairwise_distances):
    import numpy as np
    rng = np.random.default_rng(66)
    A, B = (rng.normal(size=(5, 3)), rng.normal(size=(4, 3)))
    expected = [[np.linalg.norm(a - b) for b in B] for a in A]
    assert np.allclose(np.asarray(pairwise_distances(A, B), dtype=float), expected)

