from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_shape_and_first_rows(descend):
    import numpy as np
    path = np.asarray(descend(np.array([1.0, 1.0]), np.array([1.0, 10.0]), 0.05, 0.9, 3), dtype=float)
    assert path.shape == (4, 2), f'Hint: steps + 1 rows (the start included), one column per weight; got {path.shape}'
    assert np.allclose(path[0], [1.0, 1.0]), 'Hint: row 0 is w0, before any step'
    assert np.allclose(path[1], [1.0 - 0.05, 1.0 - 0.5]), 'Hint: the first step is -learning_rate * c * w0'

@test_case(points=None, hidden=True)
def test_hidden_like_nnlib_training_loop(descend):
    import numpy as np
    import nnlib
    from nnlib import ops, optimizers
    c = np.array([0.5, 20.0])
    w = nnlib.Variable(np.array([-3.0, 1.0]))
    opt = optimizers.SGD(learning_rate=0.04, momentum=0.8)
    path = [w.numpy().copy()]
    for _ in range(25):
        with nnlib.GradientTape() as tape:
            loss = 0.5 * ops.sum(c * ops.square(w))
        opt.apply_gradients(zip([tape.gradient(loss, w)], [w]))
        path.append(w.numpy().copy())
    out = np.asarray(descend(np.array([-3.0, 1.0]), c, 0.04, 0.8, 25), dtype=float)
    assert np.allclose(out, np.array(path))

