from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False)
def test_three_four_two(count_parameters):
    out = count_parameters([3, 4, 2])
    assert out is not None, 'Hint: count_parameters returned None: return the number'
    assert float(out) != 20, 'Hint: 20 counts the weights of [3, 4, 2] only; each unit also has a bias'
    assert float(out) != 25, 'Hint: a layer has one bias per unit (per output), not per input'
    assert float(out) == 26, 'Hint: [3, 4, 2] has 26 parameters'

@test_case(points=None, hidden=True)
def test_hidden_like_keras(count_parameters):
    import keras
    for sizes in ([784, 128, 10], [4, 16, 16, 3], [10, 1], [2, 5, 7, 9, 4]):
        model = keras.Sequential([keras.Input((sizes[0],))] + [keras.layers.Dense(n) for n in sizes[1:]])
        assert float(count_parameters(sizes)) == model.count_params()

