from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_five_examples(minibatch_noise):
    import numpy as np
    G = np.array([[2.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 2.0], [1.0, -1.0, 0.0], [0.0, 3.0, -1.0]])
    out = minibatch_noise(G, 2)
    assert out is not None, 'Hint: return one number (your function returns None)'
    assert np.size(out) == 1, 'Hint: return one number, the expected squared distance'
    out = float(np.ravel(out)[0])
    assert not np.isclose(out, 1.96), 'Hint: that is the formula for drawing with replacement; without replacement it carries the factor (n - b) / (n - 1)'
    assert not np.isclose(out, 0.49), 'Hint: sigma^2 sums the squared distances over the d coordinates of each row (a squared length), then averages over the n rows'
    assert np.isclose(out, 1.47), 'Hint: for these 5 rows, sigma^2 = 3.92, and with b = 2 the expected squared distance is 1.47 (the mean over all 10 possible batches)'

@test_case(points=None, hidden=True)
def test_hidden_all_batches_enumerated(minibatch_noise):
    import itertools
    import numpy as np
    rng = np.random.default_rng(607)
    G = rng.normal(size=(7, 3)) + [0.5, -1.0, 2.0]
    full = G.mean(axis=0)
    for b in (3, 1):
        batches = itertools.combinations(range(7), b)
        errors = [np.sum((G[list(c)].mean(axis=0) - full) ** 2) for c in batches]
        exact = np.mean(errors)
        assert np.isclose(float(np.ravel(minibatch_noise(G, b))[0]), exact, rtol=1e-05)

