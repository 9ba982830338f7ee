from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 4

@test_case(points=None, hidden=False)
def test_and_one_epoch(perceptron_fit):
    import numpy as np
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    out = perceptron_fit(X, np.array([0, 0, 0, 1]), 1.0, 1)
    assert out is not None and len(out) == 3, 'Hint: return a tuple of three things, (w, b, mistakes)'
    w, b, mistakes = out
    assert np.allclose(np.asarray(mistakes, dtype=float), [1]), 'Hint: on AND from zero weights, z = 0 for the first three samples, and step(0) = 0 is right: only [1, 1] is a mistake in epoch 1'
    assert np.allclose(np.ravel(w), [1.0, 1.0]) and np.isclose(float(b), 1.0), 'Hint: the one mistake, on x = [1, 1] with error +1, adds x to w and 1 to b: w = [1, 1], b = 1'

@test_case(points=None, hidden=False)
def test_and_two_epochs_half_rate(perceptron_fit):
    import numpy as np
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    w, b, mistakes = perceptron_fit(X, np.array([0, 0, 0, 1]), 0.5, 2)
    assert np.allclose(np.asarray(mistakes, dtype=float), [1, 3]), "Hint: AND from zero weights makes 1 mistake in epoch 1 and 3 in epoch 2 (the chapter's run); update after each sample, and count each epoch on its own"
    assert np.allclose(np.ravel(w), [1.0, 0.5]) and np.isclose(float(b), 0.0), 'Hint: with learning rate 0.5, every update moves w and b by half of what it would with 1'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_perceptron(perceptron_fit):
    import numpy as np
    from nnlib.perceptron import Perceptron
    rng = np.random.default_rng(81)
    X = rng.normal(size=(24, 3))
    y = (X @ np.array([1.0, -2.0, 0.5]) + 0.3 > 0).astype(int)
    model = Perceptron(learning_rate=0.4)
    expected = model.fit(X, y, epochs=6)
    w, b, mistakes = perceptron_fit(X, y, 0.4, 6)
    assert np.allclose(np.asarray(mistakes, dtype=float), expected)
    assert np.allclose(np.ravel(w), model.w, rtol=1e-05) and np.isclose(float(b), model.b, rtol=1e-05)

@test_case(points=None, hidden=True)
def test_hidden_xor_never_settles(perceptron_fit):
    import numpy as np
    from nnlib.perceptron import Perceptron
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    model = Perceptron(learning_rate=1.0)
    expected = model.fit(X, y, epochs=5)
    w, b, mistakes = perceptron_fit(X, y, 1.0, 5)
    assert np.allclose(np.asarray(mistakes, dtype=float), expected)
    assert np.allclose(np.ravel(w), model.w) and np.isclose(float(b), model.b)

