from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_prediction_and_check_agree(trap_shape, trap_terms, trap_mse, true_mse):
    for answer in [trap_shape, trap_terms, trap_mse, true_mse]:
        assert answer is not ..., 'Hint: replace every ... with your answer, and run that cell'
    import numpy as np
    shape = tuple((int(n) for n in trap_shape))
    assert shape not in [(6,), (6, 1)], 'Hint: line (6,) and (6, 1) up from the right: (6,) is padded to (1, 6), a row, and a row minus a column is a table'
    assert float(trap_terms) == np.prod(shape), 'Hint: np.mean averages every entry of the difference: as many as the product of its shape'
    assert not np.isclose(float(trap_mse), float(true_mse)), "Hint: the right MSE compares store i's prediction with store i's sales only: squeeze y_pred to shape (6,) first"

@test_case(points=None, hidden=True)
def test_hidden_values(trap_shape, trap_terms, trap_mse, true_mse):
    import numpy as np
    sales = np.array([3.0, 5.0, 2.0, 7.0, 4.0, 6.0])
    column = sales.reshape(-1, 1) + np.array([[-0.5], [0.5], [0.0], [-1.0], [0.5], [1.0]])
    table = sales[None, :] - column
    assert tuple((int(n) for n in trap_shape)) == table.shape
    assert float(trap_terms) == table.size
    assert np.isclose(float(trap_mse), np.mean(table ** 2), rtol=1e-05)
    assert np.isclose(float(true_mse), np.mean(np.diag(table) ** 2), rtol=1e-05)

