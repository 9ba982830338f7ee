from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_one_epoch(train_logistic):
    import numpy as np
    X, y = (np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]]), np.array([1.0, 0.0, 0.0]))
    out = np.asarray(train_logistic(X, y, 0.5, 1), dtype=float)
    assert out.shape == (3,), f'Hint: return np.append(w, b), 2 weights and the bias; got shape {out.shape}'
    p = np.full(3, 0.5)
    expected = np.append(-0.5 * X.T @ (p - y) / 3, -0.5 * np.mean(p - y))
    assert np.allclose(out, expected), 'Hint: at w = 0, b = 0 every p is 0.5; one step subtracts learning_rate times the gradient'

@test_case(points=None, hidden=True)
def test_hidden_like_an_nnlib_training_loop(train_logistic):
    import numpy as np
    import nnlib
    from nnlib import ops, optimizers
    rng = np.random.default_rng(18)
    X = rng.normal(size=(40, 3))
    y = (X @ np.array([1.0, -1.0, 0.5]) + 0.3 * rng.normal(size=40) > 0).astype(float)
    w, b = (nnlib.Variable(np.zeros(3)), nnlib.Variable(0.0))
    opt = optimizers.SGD(learning_rate=0.3)
    for _ in range(60):
        with nnlib.GradientTape() as tape:
            p = ops.sigmoid(ops.matmul(X, w) + b)
            loss = ops.mean(-(y * ops.log(p) + (1 - y) * ops.log(1 - p)))
        opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    expected = np.append(w.numpy(), b.numpy())
    assert np.allclose(np.asarray(train_logistic(X, y, 0.3, 60), dtype=float), expected, atol=1e-08)

