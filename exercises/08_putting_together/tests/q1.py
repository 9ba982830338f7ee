from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_one_layer(count_parameters):
    out = count_parameters([3, 2])
    assert out is not None and int(out) == 8, 'Hint: a 3 -> 2 layer has 3 * 2 weights and 2 biases'

@test_case(points=None, hidden=True)
def test_hidden_like_keras(count_parameters):
    import keras
    for sizes in ([784, 128, 10], [4, 16, 16, 3], [10, 1]):
        model = keras.Sequential([keras.Input((sizes[0],))] + [keras.layers.Dense(n) for n in sizes[1:]])
        assert int(count_parameters(sizes)) == model.count_params()

