from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_small_vectors(dot_loop):
    import numpy as np
    result = dot_loop(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0]))
    assert result is not None, 'Hint: return the sum, do not only print it'
    assert np.isclose(float(result), 32.0), 'Hint: multiply the entries pair by pair, then add the products (1*4 + 2*5 + 3*6 = 32)'

@test_case(points=None, hidden=True)
def test_hidden_random_vectors_like_numpy_and_keras(dot_loop):
    import keras
    import numpy as np
    rng = np.random.default_rng(1)
    for n in [1, 5, 50]:
        a, b = (rng.normal(size=n), rng.normal(size=n))
        assert np.isclose(float(dot_loop(a, b)), np.dot(a, b))
        assert np.isclose(float(dot_loop(a, b)), float(keras.ops.convert_to_numpy(keras.ops.dot(a, b))), rtol=1e-05)

