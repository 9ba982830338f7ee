"""Keras's own test cases for its optimizers, run against nnlib.optimizers.

Ported from keras-team/keras at commit 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60 (Keras is licensed
under the Apache License 2.0), the files keras/src/optimizers/sgd_test.py, adagrad_test.py,
adadelta_test.py, rmsprop_test.py, adam_test.py, adamax_test.py, nadam_test.py, ftrl_test.py,
adamw_test.py and optimizer_test.py. Keras's golden numbers and tolerances are copied unchanged; only
the calls are re-pointed to nnlib: ``backend.Variable(...)`` is ``nnlib.Variable(...)`` in the same
dtype (float32 for a list of Python floats, as Keras's floatx; float64 for ``np.ones([10])``, which
Keras keeps in float64), ``ops.array``, ``ops.arange``, ``ops.full`` and ``ops.zeros`` are numpy's in
float32, ``optimizer._clip_gradients`` is nnlib's public ``optimizer.clip_gradients``.

Ported, from each optimizer's file (where the file has it): test_single_step,
test_correctness_with_golden, test_weight_decay, test_clip_norm, test_clip_value, the invalid-argument
tests (test_invalid_momentum, test_weight_decay_is_none, Ftrl's test_invalid_*: the same arguments
refused, with nnlib's own message, which names the argument and the value), and test_config as far as
nnlib goes: ``type(optimizer)(**optimizer.get_config())`` has the same config (nnlib has no
serialization to JSON). From optimizer_test.py: test_iterations_counter, test_empty_gradients (nnlib
skips a None gradient without Keras's warning), test_clip_args, test_clip_norm, test_clip_value,
test_global_clip_norm, test_get_method (but ``get(None)``, which nnlib refuses), test_callable_learning_rate,
test_setting_lr_to_callable_untracks_lr_var (the setting; not the count of tracked variables) and
test_pickleable_optimizers (for nnlib's optimizers).

Left out, each for a feature nnlib does not have: the exponential moving average of the weights
(test_ema, test_ema_with_model_fit, test_ema_overwrite_frequency: ``use_ema``), gradient accumulation
(test_gradient_accumulation, test_gradient_accumulation_with_weigth_decay,
test_overwrite_with_gradient_with_gradient_accumulation), ``overwrite_with_gradient``
(test_overwrite_with_gradient), ``loss_scale_factor`` (test_static_loss_scaling), weight constraints
(test_constraints_are_applied), optimizer variables and ``set_weights`` (test_set_weights,
SGD's variable counts in test_single_step, Nadam's test_build_with_empty_var_list), TensorFlow
checkpoints, tf.Variable and IndexedSlices (test_tf_checkpointing, test_mixed_with_tf_variables,
test_clipnorm_indexed_slices, optimizer_sparse_test.py), unique automatic names
(test_optimizer_auto_naming), and the optimizers nnlib does not have (Lion, Adafactor, Lamb, Muon,
ScheduleFreeAdamW, LossScaleOptimizer, MultiOptimizer).
"""
import pickle

import numpy as np
import pytest

import nnlib
from nnlib import optimizers
from nnlib.optimizers import schedules

NAMES = ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax", "Nadam", "Ftrl", "AdamW"]


def grads_array(values):
    """``ops.array(values)``: float32, Keras's floatx."""
    return np.array(values, dtype="float32")


# --- test_single_step -----------------------------------------------------------------------------------

SINGLE_STEP = {  # after one step with learning_rate=0.5 from [1, 2, 3, 4] with the gradient [1, 6, 7, 2]
    "SGD": [0.5, -1.0, -0.5, 3.0],
    "Adagrad": [0.5233, 1.5007, 2.5005, 3.5061],
    "Adadelta": [0.9993, 1.9993, 2.9993, 3.9993],
    "RMSprop": [-0.5811, 0.4189, 1.4189, 2.4189],
    "Adam": [0.5, 1.5, 2.5, 3.5],
    "Adamax": [0.5, 1.5, 2.5, 3.5],
    "Nadam": [0.4686, 1.4686, 2.4686, 3.4686],
    "Ftrl": [0.2218, 1.3954, 2.3651, 2.8814],
    "AdamW": [0.4980, 1.4960, 2.494, 3.492],
}


@pytest.mark.parametrize("name", NAMES)
def test_single_step(name):
    optimizer = getattr(optimizers, name)(learning_rate=0.5)
    # ftrl_test.py makes its gradients with numpy (float64), the others with ops.array (float32)
    grads = np.array([1.0, 6.0, 7.0, 2.0]) if name == "Ftrl" else grads_array([1.0, 6.0, 7.0, 2.0])
    vars = nnlib.Variable([1.0, 2.0, 3.0, 4.0], dtype="float32")
    optimizer.apply_gradients(zip([grads], [vars]))
    np.testing.assert_allclose(vars.numpy(), SINGLE_STEP[name], rtol=1e-4, atol=1e-4)
    if name == "SGD":  # Keras: optimizer.variables[0] (the iterations) and [1] (the learning rate)
        assert optimizer.iterations == 1
        assert optimizer.learning_rate == 0.5


# --- test_correctness_with_golden -------------------------------------------------------------------

# (keyword arguments, dtype of Keras's x, the golden values of x after each of 5 steps)
GOLDEN = {
    "SGD": (dict(nesterov=True), "float64", np.array(
        [[0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
         [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
         [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
         [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
         [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599]]
    )),
    "Adagrad": (dict(learning_rate=0.2, initial_accumulator_value=0.3, epsilon=1e-6), "float64", np.array(
        [[0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
         [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
         [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
         [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
         [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825]]
    )),
    "Adadelta": (dict(learning_rate=1.0, rho=0.8, epsilon=1e-6), "float64", np.tile(
        [[0.9978], [0.9947], [0.9915], [0.9882], [0.9849]], (1, 10)
    )),
    "RMSprop": (dict(centered=True), "float64", np.tile(
        [[0.9967], [0.9933], [0.9908], [0.9885], [0.9864]], (1, 10)
    )),
    "Adam": (dict(amsgrad=True), "float32", np.tile(
        [[0.999], [0.9982], [0.9974], [0.9965], [0.9955]], (1, 10)
    )),
    "Adamax": (dict(learning_rate=0.2, beta_1=0.85, beta_2=0.95, epsilon=1e-6), "float32", np.array(
        [[0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
         [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
         [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
         [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
         [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126]]
    )),
    "Nadam": (dict(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5), "float32", np.array(
        [[0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
         [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
         [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
         [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
         [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454]]
    )),
    "Ftrl": (dict(learning_rate=0.05, learning_rate_power=-0.2, initial_accumulator_value=0.4,
                  l1_regularization_strength=0.05, l2_regularization_strength=0.15,
                  l2_shrinkage_regularization_strength=0.01, beta=0.3), "float64", np.array(
        [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
         [-0.0034, -0.0077, -0.0118, -0.0157, -0.0194, -0.023, -0.0263, -0.0294, -0.0325, -0.0354],
         [-0.0078, -0.0162, -0.0242, -0.0317, -0.0387, -0.0454, -0.0516, -0.0575, -0.0631, -0.0685],
         [-0.0121, -0.0246, -0.0363, -0.0472, -0.0573, -0.0668, -0.0757, -0.0842, -0.0922, -0.0999],
         [-0.0164, -0.0328, -0.0481, -0.0623, -0.0753, -0.0875, -0.099, -0.1098, -0.1201, -0.1299]]
    )),
    "AdamW": (dict(learning_rate=1.0, weight_decay=0.5, epsilon=2), "float32", np.array(
        [[0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
         [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
         [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
         [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
         [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159]]
    )),
}


@pytest.mark.parametrize("name", NAMES)
def test_correctness_with_golden(name):
    kwargs, dtype, golden = GOLDEN[name]
    optimizer = getattr(optimizers, name)(**kwargs)

    x = nnlib.Variable(np.ones([10], dtype=dtype))
    grads_dtype = "float64" if name == "Ftrl" else "float32"  # as in test_single_step
    grads = np.arange(0.1, 1.1, 0.1, dtype=grads_dtype)
    first_grads = np.full((10,), 0.01, dtype=grads_dtype)

    optimizer.apply_gradients(zip([first_grads], [x]))
    for i in range(5):
        np.testing.assert_allclose(x.numpy(), golden[i], rtol=5e-4, atol=5e-4)
        optimizer.apply_gradients(zip([grads], [x]))


# --- test_weight_decay ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in NAMES if n != "Ftrl"])  # ftrl_test.py has none
def test_weight_decay(name):
    make = getattr(optimizers, name)
    grads, var1, var2, var3 = (
        np.zeros((), dtype="float32"),
        nnlib.Variable(2.0, dtype="float32"),
        nnlib.Variable(2.0, dtype="float32", name="exclude"),
        nnlib.Variable(2.0, dtype="float32"),
    )
    optimizer_1 = make(learning_rate=1.0, weight_decay=0.004)
    optimizer_1.apply_gradients(zip([grads], [var1]))

    optimizer_2 = make(learning_rate=1.0, weight_decay=0.004)
    optimizer_2.exclude_from_weight_decay(var_names=["exclude"])
    optimizer_2.apply_gradients(zip([grads, grads], [var1, var2]))

    optimizer_3 = make(learning_rate=1.0, weight_decay=0.004)
    optimizer_3.exclude_from_weight_decay(var_list=[var3])
    optimizer_3.apply_gradients(zip([grads, grads], [var1, var3]))

    np.testing.assert_almost_equal(var1.numpy(), 1.9760959, decimal=6)
    np.testing.assert_almost_equal(var2.numpy(), 2.0, decimal=6)
    np.testing.assert_almost_equal(var3.numpy(), 2.0, decimal=6)


# --- test_clip_norm, test_clip_value (each optimizer's file and optimizer_test.py) ----------------

@pytest.mark.parametrize("name", NAMES)
def test_clip_norm(name):
    optimizer = getattr(optimizers, name)(clipnorm=1)
    grad = [np.array([100.0, 100.0])]
    clipped_grad = optimizer.clip_gradients(grad)
    np.testing.assert_allclose(clipped_grad[0], [2**0.5 / 2, 2**0.5 / 2], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_clip_value(name):
    optimizer = getattr(optimizers, name)(clipvalue=1)
    grad = [np.array([100.0, 100.0])]
    clipped_grad = optimizer.clip_gradients(grad)
    np.testing.assert_allclose(clipped_grad[0], [1.0, 1.0], rtol=1e-6, atol=1e-6)


def test_global_clip_norm():
    optimizer = optimizers.SGD(global_clipnorm=1)
    grad = np.array([50.0, 100.0], dtype="float32")
    global_norm = np.linalg.norm(grad)
    clipped_grad = optimizer.clip_gradients([grad])
    np.testing.assert_allclose(clipped_grad[0], grad / global_norm, rtol=1e-6, atol=1e-6)


def test_clip_args():
    optimizer = optimizers.SGD(learning_rate=1.0, clipnorm=0.1)
    assert optimizer.clipnorm == 0.1
    optimizer = optimizers.SGD(learning_rate=1.0, clipvalue=0.1)
    assert optimizer.clipvalue == 0.1
    optimizer = optimizers.SGD(learning_rate=1.0, global_clipnorm=0.1)
    assert optimizer.global_clipnorm == 0.1

    # Test invalid arguments
    with pytest.raises(ValueError, match="only one of clipnorm, clipvalue and global_clipnorm can"):
        optimizers.SGD(
            learning_rate=1.0,
            clipnorm=0.1,
            clipvalue=0.1,
        )
    with pytest.raises(ValueError, match="only one of clipnorm, clipvalue and global_clipnorm can"):
        optimizers.SGD(
            learning_rate=1.0,
            clipnorm=0.1,
            global_clipnorm=0.1,
        )


# --- invalid arguments ---------------------------------------------------------------------------------

@pytest.mark.parametrize("make, argument, invalid_value", [
    (lambda: optimizers.SGD(momentum=-1.0), "momentum", -1.0),  # sgd_test.py: test_invalid_momentum
    (lambda: optimizers.SGD(momentum=2.0), "momentum", 2.0),
    # ftrl_test.py: test_invalid_*
    (lambda: optimizers.Ftrl(initial_accumulator_value=-0.1), "initial_accumulator_value", -0.1),
    (lambda: optimizers.Ftrl(learning_rate_power=0.1), "learning_rate_power", 0.1),
    (lambda: optimizers.Ftrl(l1_regularization_strength=-0.1), "l1_regularization_strength", -0.1),
    (lambda: optimizers.Ftrl(l2_regularization_strength=-0.1), "l2_regularization_strength", -0.1),
    (lambda: optimizers.Ftrl(l2_shrinkage_regularization_strength=-0.1),
     "l2_shrinkage_regularization_strength", -0.1),
])
def test_invalid_arguments(make, argument, invalid_value):
    with pytest.raises(ValueError, match=f"^{argument} must be .*, got {invalid_value:g}$"):
        make()


def test_weight_decay_is_none():  # adamw_test.py
    with pytest.raises(ValueError, match="^weight_decay must be a number for AdamW, got None"):
        optimizers.AdamW(learning_rate=1.0, weight_decay=None)


# --- test_config: the config makes the same optimizer ---------------------------------------------

CONFIGS = [
    ("SGD", dict(learning_rate=0.5, momentum=0.06, nesterov=True, weight_decay=0.004)),
    ("Adagrad", dict(learning_rate=0.5, initial_accumulator_value=0.2, epsilon=1e-5)),
    ("Adadelta", dict(learning_rate=0.5, rho=0.9, epsilon=1e-5)),
    ("RMSprop", dict(learning_rate=0.5, rho=0.8, momentum=0.05, epsilon=1e-6, centered=True)),
    ("Adam", dict(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5, amsgrad=True)),
    ("Adamax", dict(learning_rate=0.5, beta_1=0.8, beta_2=0.95, epsilon=1e-5)),
    ("Nadam", dict(learning_rate=0.5, beta_1=0.5, beta_2=0.67, epsilon=1e-5)),
    ("Ftrl", dict(learning_rate=0.05, learning_rate_power=-0.2, initial_accumulator_value=0.4,
                  l1_regularization_strength=0.05, l2_regularization_strength=0.15,
                  l2_shrinkage_regularization_strength=0.01, beta=0.3)),
    ("AdamW", dict(learning_rate=0.5, weight_decay=0.008, beta_1=0.5, beta_2=0.67, epsilon=1e-5,
                   amsgrad=True)),
]


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=[n for n, _ in CONFIGS])
def test_config(name, kwargs):
    optimizer = getattr(optimizers, name)(**kwargs)
    config = optimizer.get_config()
    assert {k: config[k] for k in kwargs} == kwargs
    assert type(optimizer)(**config).get_config() == config


# --- optimizer_test.py ------------------------------------------------------------------------------

def test_iterations_counter():
    v = nnlib.Variable([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
    grads = grads_array([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.Adam(learning_rate=1.0)
    assert optimizer.iterations == 0
    optimizer.apply_gradients([(grads, v)])
    assert optimizer.iterations == 1
    optimizer.apply_gradients([(grads, v)])
    assert optimizer.iterations == 2


def test_empty_gradients():
    # Test no valid gradient
    v = nnlib.Variable([[3.0, 4.0], [5.0, 6.0]], dtype="float32")
    grads = None
    optimizer = optimizers.SGD(learning_rate=1.0)
    with pytest.raises(ValueError, match="no gradients provided for any variable"):
        optimizer.apply_gradients([(grads, v)])

    # Test filtering of empty gradients (Keras warns as well; nnlib skips quietly)
    v2 = nnlib.Variable([[3.0, 4.0], [5.0, 6.0]], dtype="float32")
    grads2 = grads_array([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=1.0)
    optimizer.apply_gradients([(grads, v), (grads2, v2)])
    np.testing.assert_allclose(v.numpy(), [[3.0, 4.0], [5.0, 6.0]], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(v2.numpy(), [[2.0, 3.0], [4.0, 5.0]], rtol=1e-6, atol=1e-6)


def test_get_method():
    obj = optimizers.get("sgd")
    assert isinstance(obj, optimizers.SGD)
    obj = optimizers.get("adamw")
    assert isinstance(obj, optimizers.AdamW)

    with pytest.raises(ValueError):
        optimizers.get("typo")


def test_callable_learning_rate():
    v = nnlib.Variable([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
    grads = grads_array([[1.0, 1.0], [1.0, 1.0]])
    optimizer = optimizers.SGD(learning_rate=lambda: 0.1)
    assert optimizer.iterations == 0
    optimizer.apply_gradients([(grads, v)])
    np.testing.assert_allclose(v.numpy(), [[0.9, 1.9], [2.9, 3.9]], rtol=1e-6, atol=1e-6)
    assert optimizer.iterations == 1


def test_setting_lr_to_callable():
    adam = optimizers.Adam(learning_rate=0.001)
    adam.learning_rate = schedules.PolynomialDecay(adam.learning_rate, 4)
    assert isinstance(adam.get_config()["learning_rate"], schedules.PolynomialDecay)
    assert adam.learning_rate == 0.001


@pytest.mark.parametrize("optimizer", ["adam", "sgd", "adamw", "adagrad", "rmsprop", "adadelta", "adamax",
                                       "nadam", "ftrl"])
def test_pickleable_optimizers(optimizer):
    optimizer = optimizers.get(optimizer)
    reloaded = pickle.loads(pickle.dumps(optimizer))

    assert optimizer.get_config() == reloaded.get_config()
