"""nnlib.optimizers against keras.optimizers, step for step; refused hyperparameters; minimize; fit.

The comparison: a least-squares problem whose design matrix has condition number 100, a weight
matrix and a bias (two variables of different shapes, so each optimizer keeps slots per variable).
nnlib and Keras start from the same weights and take 100 steps, each side with the gradient of its own
current weights computed by the same numpy function, in float32 and in float64; the weights must agree
to a relative difference of 1e-4 in float32 and 1e-10 in float64. The cases cover every option of every
optimizer, the options of the base class (clipping, weight decay) and learning-rate schedules.
"""
import inspect
import math
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

import nnlib
from nnlib import layers, models, optimizers
from nnlib.optimizers import schedules

# --- the problem ------------------------------------------------------------------------------------

N, D, K = 64, 6, 3  # samples, features, outputs
rng = np.random.default_rng(5)
U, _ = np.linalg.qr(rng.normal(size=(N, D)))
V, _ = np.linalg.qr(rng.normal(size=(D, D)))
SINGULAR_VALUES = np.logspace(0, -2, D)  # condition number 100
X = (math.sqrt(N) * U * SINGULAR_VALUES @ V.T).astype(np.float32)  # so X.T @ X / N has eigenvalues s**2
Y = (X @ rng.normal(size=(D, K)) + 0.5 + 0.1 * rng.normal(size=(N, K))).astype(np.float32)
W0 = rng.normal(size=(D, K)).astype(np.float32)
B0 = rng.normal(size=K).astype(np.float32)


def gradients(w, b):
    """Gradient of the loss 0.5 * mean over samples of ||x w + b - y||^2, in the weights' dtype."""
    x, y = X.astype(w.dtype), Y.astype(w.dtype)
    residual = x @ w + b - y
    return x.T @ residual / w.dtype.type(N), residual.mean(axis=0)


def loss(w, b):
    return 0.5 * np.mean(np.sum((X @ w + b - Y) ** 2, axis=1))


assert abs(np.linalg.cond(X) - 100) < 1e-3

# --- nnlib against Keras -------------------------------------------------------------------------------


def schedule(name, **kwargs):
    """A learning-rate schedule for a case, made in each library by `arguments`."""
    return ("schedule", name, kwargs)


# (class name, keyword arguments): every option of every optimizer. Learning rates are chosen so that
# each run moves the weights well away from where they started without diverging. The gradients'
# norms start at about 2 and end below 0.1, so the clipping thresholds below act on part of each run.
CASES = [
    ("SGD", dict(learning_rate=0.5)),
    ("SGD", dict(learning_rate=0.1, momentum=0.9)),
    ("SGD", dict(learning_rate=0.1, momentum=0.9, nesterov=True)),
    ("Adagrad", dict(learning_rate=0.1)),
    ("Adagrad", dict(learning_rate=0.1, initial_accumulator_value=0.5, epsilon=1e-3)),
    ("Adadelta", dict(learning_rate=1.0)),
    ("Adadelta", dict(learning_rate=1.0, rho=0.8, epsilon=1e-5)),
    ("RMSprop", dict(learning_rate=0.01)),
    ("RMSprop", dict(learning_rate=0.01, momentum=0.5)),
    # Centered RMSprop divides by sqrt(v - a^2 + epsilon), and v - a^2 (the recent variance of the
    # gradient) shrinks towards 0 as the path straightens: with the default epsilon of 1e-7, float32
    # rounding there is amplified (Keras itself gives weights 2% apart run eagerly or as a graph).
    # epsilon = 1e-3 keeps the problem well-posed, so the comparison tests the rule, not the rounding.
    ("RMSprop", dict(learning_rate=0.01, centered=True, epsilon=1e-3)),
    ("RMSprop", dict(learning_rate=0.01, rho=0.8, momentum=0.5, centered=True, epsilon=1e-3)),
    ("Adam", dict(learning_rate=0.05)),
    ("Adam", dict(learning_rate=0.05, amsgrad=True)),
    ("Adam", dict(learning_rate=0.05, beta_1=0.5, beta_2=0.9, epsilon=1e-4)),
    ("Adamax", dict(learning_rate=0.05)),
    ("Adamax", dict(learning_rate=0.05, beta_1=0.5, beta_2=0.9)),
    ("Nadam", dict(learning_rate=0.05)),
    ("Nadam", dict(learning_rate=0.05, beta_1=0.5, beta_2=0.9)),
    ("Ftrl", dict(learning_rate=0.5)),
    ("Ftrl", dict(learning_rate=0.5, l1_regularization_strength=0.05)),
    ("Ftrl", dict(learning_rate=0.5, l2_regularization_strength=0.1)),
    ("Ftrl", dict(learning_rate=0.5, l2_shrinkage_regularization_strength=0.1)),
    ("Ftrl", dict(learning_rate=0.5, beta=0.5)),
    ("Ftrl", dict(learning_rate=0.5, learning_rate_power=-0.3, initial_accumulator_value=0.3)),
    ("Ftrl", dict(learning_rate=0.5, learning_rate_power=0.0, l1_regularization_strength=0.01,
                  l2_regularization_strength=0.01, l2_shrinkage_regularization_strength=0.01, beta=0.1)),
    # The options of the base class, on several optimizers.
    ("SGD", dict(learning_rate=0.5, clipnorm=0.5)),
    ("SGD", dict(learning_rate=0.1, momentum=0.9, clipvalue=0.2)),
    ("SGD", dict(learning_rate=0.5, weight_decay=0.05)),
    ("Adagrad", dict(learning_rate=0.1, global_clipnorm=1.0, weight_decay=0.1)),
    ("Adadelta", dict(learning_rate=1.0, clipvalue=0.1)),
    # epsilon = 1e-3 as above: TensorFlow sums the squares for clipnorm's norm in another order than
    # numpy, and with the default epsilon RMSprop's late steps (about lr * sign(g)) grow that last-bit
    # difference to 3e-3 in float32 (nnlib's own float32 and float64 runs are as far apart).
    ("RMSprop", dict(learning_rate=0.01, momentum=0.5, epsilon=1e-3, clipnorm=0.3, weight_decay=0.2)),
    ("Adam", dict(learning_rate=0.05, global_clipnorm=1.0)),
    ("Adam", dict(learning_rate=0.05, weight_decay=0.1)),
    ("Adamax", dict(learning_rate=0.05, clipnorm=0.5)),
    ("Nadam", dict(learning_rate=0.05, clipvalue=0.2, weight_decay=0.1)),
    ("Ftrl", dict(learning_rate=0.5, global_clipnorm=0.5, weight_decay=0.05)),
    ("AdamW", dict(learning_rate=0.05)),
    ("AdamW", dict(learning_rate=0.05, weight_decay=0.2, amsgrad=True, clipnorm=0.5)),
    # Learning-rate schedules (weight decay then uses the scheduled learning rate too).
    ("SGD", dict(learning_rate=schedule("ExponentialDecay", initial_learning_rate=0.2, decay_steps=25,
                                        decay_rate=0.5, staircase=True), momentum=0.8)),
    ("SGD", dict(learning_rate=schedule("PiecewiseConstantDecay", boundaries=[20, 60],
                                        values=[0.5, 0.25, 0.1]), weight_decay=0.05)),
    ("Adagrad", dict(learning_rate=schedule("InverseTimeDecay", initial_learning_rate=0.2, decay_steps=10,
                                            decay_rate=0.5))),
    ("Adam", dict(learning_rate=schedule("CosineDecay", initial_learning_rate=0.0, decay_steps=60,
                                         alpha=0.1, warmup_target=0.1, warmup_steps=20))),
    ("Nadam", dict(learning_rate=schedule("PolynomialDecay", initial_learning_rate=0.1, decay_steps=30,
                                          end_learning_rate=0.01, power=2.0, cycle=True))),
    ("AdamW", dict(learning_rate=schedule("ExponentialDecay", initial_learning_rate=0.1, decay_steps=30,
                                          decay_rate=0.3), weight_decay=0.3, global_clipnorm=1.0)),
]
STEPS = 100
OPTIONS = ("clipnorm", "clipvalue", "global_clipnorm", "weight_decay")


def case_id(name, kwargs):
    return "-".join([name] + [v[1] if isinstance(v, tuple) else k for k, v in kwargs.items()])


def arguments(name, kwargs, library, dtype):
    """The keyword arguments of optimizer `name` in `library` (nnlib's or Keras's optimizers), with the
    schedule made.

    For Keras in float64, the float arguments, given or default, are passed as numpy float64 numbers:
    Keras casts a Python float to the variables' dtype through float32 (ops.cast(0.9, "float64") is
    0.89999998), where nnlib keeps it exact, and a numpy float64 is cast exactly. (Not for Adadelta,
    which casts none of them, and computes `rho * variable`, which numpy cannot do in a graph.)
    """
    kwargs = dict(kwargs)
    exact = library is keras.optimizers and dtype == np.float64 and name != "Adadelta"
    if exact:
        defaults = inspect.signature(getattr(library, name).__init__).parameters.values()
        kwargs = {**{p.name: p.default for p in defaults if isinstance(p.default, float)}, **kwargs}
    if isinstance(kwargs["learning_rate"], tuple):
        _, schedule_name, config = kwargs["learning_rate"]
        config = dict(config)
        if library is keras.optimizers:  # Keras computes a schedule in the dtype of these numbers
            if schedule_name == "PiecewiseConstantDecay":
                config["values"] = [dtype(v) for v in config["values"]]
            else:
                config["initial_learning_rate"] = dtype(config["initial_learning_rate"])
        kwargs["learning_rate"] = getattr(library.schedules, schedule_name)(**as_exact(config, exact))
    return as_exact(kwargs, exact)


def as_exact(kwargs, exact):
    """The float arguments as numpy float64 numbers (see `arguments`), if `exact`."""
    return {k: np.float64(v) if exact and isinstance(v, float) else v for k, v in kwargs.items()}


def run_nnlib(name, kwargs, dtype=np.float32):
    w = nnlib.Variable(W0, dtype=dtype, name="kernel")
    b = nnlib.Variable(B0, dtype=dtype, name="bias")
    optimizer = getattr(optimizers, name)(**arguments(name, kwargs, optimizers, dtype))
    for _ in range(STEPS):
        gw, gb = gradients(w.numpy(), b.numpy())
        optimizer.apply_gradients(zip([gw, nnlib.Tensor(gb)], [w, b]))  # a numpy array and a Tensor
    assert optimizer.iterations == STEPS
    return w.numpy(), b.numpy()


def run_keras(name, kwargs, dtype=np.float32):
    floatx, graph_options = keras.config.floatx(), tf.config.optimizer.get_experimental_options()
    keras.config.set_floatx(np.dtype(dtype).name)  # so the learning rate is held in the weights' dtype
    # One traced graph for the update (eager Keras would take ten times longer), with TensorFlow's graph
    # rewriting (Grappler) off, so that the same ops run as eagerly: Grappler turns a / sqrt(b) into
    # a * rsqrt(b) and the like, which changes the last bits of each step (with it on, Keras's float64
    # RMSprop as a graph ends 4e-4 away from the same run done eagerly, which nnlib matches bit for bit).
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    try:
        w = keras.Variable(W0.astype(dtype), name="kernel")
        b = keras.Variable(B0.astype(dtype), name="bias")
        optimizer = getattr(keras.optimizers, name)(**arguments(name, kwargs, keras.optimizers, dtype))
        optimizer.build([w, b])
        apply = tf.function(lambda gw, gb: optimizer.apply_gradients(zip([gw, gb], [w, b])))
        for _ in range(STEPS):
            apply(*gradients(w.numpy(), b.numpy()))
    finally:
        keras.config.set_floatx(floatx)
        tf.config.optimizer.set_experimental_options(graph_options)
    return w.numpy(), b.numpy()


# In float64 Keras's Nadam casts its constant 0.96 through float32 (see `arguments`), which moves its
# weights by a relative 3e-8 here. With beta_1=0.5 and beta_2=0.9 that run is chaotic: a change of 1e-9
# in its first step grows to 80% by step 100 (nnlib with 0.96 rounded to float32 gives Keras's weights
# exactly), so it is compared in float32 only, where both libraries round 0.96 alike.
FLOAT64_RTOL = {"Nadam": 1e-5}
CHAOTIC_IN_FLOAT64 = [("Nadam", dict(learning_rate=0.05, beta_1=0.5, beta_2=0.9))]
PARITY = [pytest.param(name, kwargs, dtype, id=f"{case_id(name, kwargs)}-{dtype.__name__}")
          for dtype in (np.float32, np.float64) for name, kwargs in CASES
          if dtype == np.float32 or (name, kwargs) not in CHAOTIC_IN_FLOAT64]


@pytest.mark.parametrize("name, kwargs, dtype", PARITY)
def test_same_weights_as_keras_after_100_steps(name, kwargs, dtype):
    w, b = run_nnlib(name, kwargs, dtype)
    w_keras, b_keras = run_keras(name, kwargs, dtype)
    assert w.dtype == b.dtype == w_keras.dtype == dtype
    # The run is a real test: the weights moved far from where they started and the loss went down.
    assert np.abs(w_keras - W0).max() > 0.05
    assert loss(w_keras, b_keras) < loss(W0, B0)
    # rtol and no atol: no weight ends near zero here (the smallest is about 1e-2 in size), so the
    # relative difference means something for every weight. (Most runs agree to the last bit; the
    # largest differences seen are about 1e-5 in float32 and 1e-11 in float64, Nadam's aside.)
    rtol = 1e-4 if dtype == np.float32 else FLOAT64_RTOL.get(name, 1e-10)
    np.testing.assert_allclose(w, w_keras, rtol=rtol, atol=0)
    np.testing.assert_allclose(b, b_keras, rtol=rtol, atol=0)


def options_of(name, kwargs):
    """The options a case sets (AdamW's weight decay is on by default) and "learning_rate" if scheduled."""
    options = [k for k in kwargs if k in OPTIONS]
    options += ["weight_decay"] if name == "AdamW" and "weight_decay" not in kwargs else []
    return options + (["learning_rate"] if isinstance(kwargs["learning_rate"], tuple) else [])


def switched_off(name, kwargs, option):
    """The case with `option` off: weight decay 0 for AdamW, a schedule replaced by its first learning
    rate (by its target, for a warm-up from 0)."""
    kwargs = dict(kwargs)
    if option == "learning_rate":
        made = arguments(name, kwargs, optimizers, np.float32)["learning_rate"]
        kwargs[option] = made(0) or made.warmup_target
    elif option == "weight_decay" and name == "AdamW":
        kwargs[option] = 0.0
    else:
        del kwargs[option]
    return kwargs


@pytest.mark.parametrize("name, kwargs", [(n, k) for n, k in CASES if options_of(n, k)],
                         ids=[case_id(n, k) for n, k in CASES if options_of(n, k)])
def test_each_option_and_schedule_changes_the_run(name, kwargs):
    """So that the comparisons above cannot pass with an option that never acts: the same run with the
    option off ends elsewhere."""
    w, _ = run_nnlib(name, kwargs)
    for option in options_of(name, kwargs):
        w_without, _ = run_nnlib(name, switched_off(name, kwargs, option))
        assert np.abs(w - w_without).max() > 1e-3 * np.abs(w).max(), option


def test_ftrl_l1_makes_weights_exactly_zero():
    """With a strong l1 penalty some weights are exactly 0, the same ones in both libraries."""
    kwargs = dict(learning_rate=0.5, l1_regularization_strength=0.5)
    w, _ = run_nnlib("Ftrl", kwargs)
    w_keras, _ = run_keras("Ftrl", kwargs)
    assert (w == 0).any() and (w != 0).any()
    np.testing.assert_array_equal(w == 0, w_keras == 0)
    np.testing.assert_allclose(w, w_keras, rtol=1e-4, atol=0)  # exact zeros compare equal


def test_default_arguments_are_keras_defaults():
    for name in ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "Adamax", "Nadam", "Ftrl"]:
        ours = getattr(optimizers, name)().get_config()
        theirs = getattr(keras.optimizers, name)().get_config()
        for key, value in ours.items():
            if key != "name":
                assert theirs[key] == pytest.approx(value), (name, key)


# --- by hand ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("nesterov, expected", [(False, [0.8, 0.72]), (True, [0.62, 0.648])])
def test_sgd_with_momentum_by_hand(nesterov, expected):
    # w0 = 1, lr = 0.1, momentum = 0.9, gradients 2 then -1.
    # step 1: v1 = 0.9 * 0 - 0.1 * 2 = -0.2            w1 = 1 + v1 = 0.8
    #         nesterov: w1 = 1 + 0.9 * v1 - 0.1 * 2 = 1 - 0.18 - 0.2 = 0.62
    # step 2: v2 = 0.9 * (-0.2) - 0.1 * (-1) = -0.08   w2 = 0.8 + v2 = 0.72
    #         nesterov: w2 = 0.62 + 0.9 * v2 - 0.1 * (-1) = 0.62 - 0.072 + 0.1 = 0.648
    w = nnlib.Variable(1.0)
    optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=nesterov)
    seen = []
    for g in [2.0, -1.0]:
        optimizer.apply_gradients([(np.array(g), w)])
        seen.append(float(w))
    np.testing.assert_allclose(seen, expected, rtol=1e-12)
    np.testing.assert_allclose(optimizer.slots(w).momentum, -0.08, rtol=1e-12)


def test_adam_first_step_is_about_lr_times_sign():
    # After one step m = (1 - b1) g and v = (1 - b2) g^2, and the bias corrections cancel the
    # (1 - b1) and sqrt(1 - b2): the step is lr * g / (|g| + eps / sqrt(1 - b2)).
    w = nnlib.Variable([1.0, 1.0, 1.0])
    g = np.array([3.0, -0.5, 1e-3])
    optimizers.Adam(learning_rate=0.1).apply_gradients([(g, w)])
    expected = 1.0 - 0.1 * g / (np.abs(g) + 1e-7 / math.sqrt(1 - 0.999))
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-12)


# --- apply_gradients ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax", "Nadam",
                                  "Ftrl"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_variables_keep_their_dtype(name, dtype):
    w = nnlib.Variable(np.ones((2, 3)), dtype=dtype)
    optimizer = getattr(optimizers, name)(momentum=0.5) if name == "SGD" else getattr(optimizers, name)()
    for _ in range(3):
        optimizer.apply_gradients([(np.full((2, 3), 0.1), w)])  # a float64 gradient
    assert w.dtype == dtype
    assert (w.numpy() != 1).all()
    assert all(slot.dtype == dtype for slot in vars(optimizer.slots(w)).values())


def test_none_gradient_is_skipped():
    w, b = nnlib.Variable([1.0, 2.0]), nnlib.Variable([3.0])
    optimizer = optimizers.SGD(learning_rate=0.5)
    optimizer.apply_gradients(zip([np.array([1.0, 1.0]), None], [w, b]))
    np.testing.assert_array_equal(w.numpy(), [0.5, 1.5])
    np.testing.assert_array_equal(b.numpy(), [3.0])
    assert optimizer.iterations == 1
    with pytest.raises(ValueError, match="no gradients"):
        optimizer.apply_gradients(zip([None], [b]))


def test_gradient_of_the_wrong_shape():
    w = nnlib.Variable(np.zeros((3, 2)), name="kernel")
    with pytest.raises(ValueError, match=r"\(2, 3\).*kernel.*\(3, 2\)"):
        optimizers.Adam().apply_gradients([(np.zeros((2, 3)), w)])


def test_repr_names_the_hyperparameters():
    assert repr(optimizers.SGD(momentum=0.9)) == "SGD(learning_rate=0.01, momentum=0.9, nesterov=False)"


# --- refused hyperparameters ------------------------------------------------------------------------

REFUSED = [
    # refused by Keras too
    ("SGD", dict(momentum=1.5), "momentum"),
    ("SGD", dict(momentum=-0.1), "momentum"),
    ("Ftrl", dict(learning_rate_power=0.5), "learning_rate_power"),
    ("Ftrl", dict(initial_accumulator_value=-0.1), "initial_accumulator_value"),
    ("Ftrl", dict(l1_regularization_strength=-1.0), "l1_regularization_strength"),
    ("Ftrl", dict(l2_regularization_strength=-1.0), "l2_regularization_strength"),
    ("Ftrl", dict(l2_shrinkage_regularization_strength=-1.0), "l2_shrinkage_regularization_strength"),
    # accepted by Keras, but meaningless
    ("SGD", dict(learning_rate=-0.1), "learning_rate"),
    ("Ftrl", dict(learning_rate=0.0), "learning_rate"),
    ("Ftrl", dict(beta=-1.0), "beta"),
    ("RMSprop", dict(momentum=1.5), "momentum"),
    ("RMSprop", dict(rho=1.0), "rho"),
    ("RMSprop", dict(epsilon=-1e-7), "epsilon"),
    ("Adadelta", dict(rho=-0.5), "rho"),
    ("Adagrad", dict(initial_accumulator_value=-1.0), "initial_accumulator_value"),
    ("Adam", dict(beta_1=1.0), "beta_1"),
    ("Adam", dict(beta_2=1.5), "beta_2"),
    ("Adamax", dict(beta_1=-0.1), "beta_1"),
    ("Nadam", dict(beta_2=1.0), "beta_2"),
    ("SGD", dict(weight_decay=-0.1), "weight_decay"),
    ("Adam", dict(clipnorm=0.0), "clipnorm"),  # Keras takes 0 or less to mean "no clipping"
    ("RMSprop", dict(clipvalue=-1.0), "clipvalue"),
    ("AdamW", dict(global_clipnorm=-1.0), "global_clipnorm"),
    ("AdamW", dict(weight_decay=-0.004), "weight_decay"),
]


@pytest.mark.parametrize("name, kwargs, argument", REFUSED, ids=[f"{n}-{a}" for n, _, a in REFUSED])
def test_refused_hyperparameters(name, kwargs, argument):
    with pytest.raises(ValueError) as error:
        getattr(optimizers, name)(**kwargs)
    message = str(error.value)
    assert message.startswith(argument + " must be"), message
    assert message.endswith(f"got {kwargs[argument]:g}"), message


def test_refused_learning_rates_that_are_not_numbers():
    with pytest.raises(ValueError, match="^learning_rate must be a number, got 'fast'$"):
        optimizers.SGD(learning_rate="fast")
    # A function of the step is a schedule: Keras would call it with no argument and fail at the first step.
    expected = (r"^learning_rate must be a number, a schedule from nnlib.optimizers.schedules or a function "
                r"of no arguments, got <lambda>\(step\): .* subclass schedules.LearningRateSchedule")
    with pytest.raises(ValueError, match=expected):
        optimizers.Adam(learning_rate=lambda step: 0.1 / (1 + step))


@pytest.mark.parametrize("kwargs, values", [
    (dict(clipnorm=1.0, clipvalue=0.5), "clipnorm=1.0, clipvalue=0.5, global_clipnorm=None"),
    (dict(clipnorm=1.0, global_clipnorm=2.0), "clipnorm=1.0, clipvalue=None, global_clipnorm=2.0"),
    (dict(clipvalue=0.5, global_clipnorm=2.0), "clipnorm=None, clipvalue=0.5, global_clipnorm=2.0"),
])
def test_only_one_clipping_option(kwargs, values):
    """Keras's condition, and the arguments named with the values given."""
    with pytest.raises(ValueError) as error:
        optimizers.SGD(**kwargs)
    assert str(error.value) == "only one of clipnorm, clipvalue and global_clipnorm can be set, got " + values
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"):
        keras.optimizers.SGD(**kwargs)


def test_adamw_needs_a_weight_decay():
    with pytest.raises(ValueError, match="^weight_decay must be a number for AdamW, got None"):
        optimizers.AdamW(weight_decay=None)
    with pytest.raises(ValueError, match="weight_decay"):
        keras.optimizers.AdamW(weight_decay=None)


def test_momentum_message():
    with pytest.raises(ValueError, match=r"^momentum must be in \[0, 1\], got 1.5$"):
        optimizers.SGD(momentum=1.5)


def test_boundaries_are_accepted():
    optimizers.SGD(learning_rate=0, momentum=1)
    optimizers.RMSprop(rho=0.0, momentum=1.0, epsilon=0)
    optimizers.Ftrl(learning_rate_power=0.0)


# --- learning rates, clipping and weight decay -------------------------------------------------------

def test_learning_rate_reads_the_schedule_at_iterations_as_keras_does():
    """``optimizer.learning_rate`` is the rate of the coming update: the schedule at ``iterations``, 0
    before the first update, the step Keras passes too."""
    ours = optimizers.SGD(learning_rate=schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5))
    theirs = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 1, 0.5))
    w, w_keras = nnlib.Variable([1.0]), keras.Variable([1.0])
    rates, rates_keras = [], []
    for _ in range(4):
        rates.append(ours.learning_rate)
        rates_keras.append(float(theirs.learning_rate))
        ours.apply_gradients([(np.array([1.0]), w)])
        theirs.apply_gradients([(np.array([1.0], dtype="float32"), w_keras)])
    assert rates == [0.1, 0.05, 0.025, 0.0125] and ours.learning_rate == 0.00625
    np.testing.assert_allclose(rates_keras, rates, rtol=1e-7)
    np.testing.assert_allclose(w.numpy(), [1 - 0.1875], rtol=1e-15)  # the sum of the four rates
    np.testing.assert_allclose(w_keras.numpy(), [1 - 0.1875], rtol=1e-7)


def test_a_schedule_in_the_config_and_the_repr():
    schedule = schedules.PolynomialDecay(0.1, decay_steps=100)
    optimizer = optimizers.Adam(learning_rate=schedule, clipnorm=1.0)
    assert optimizer.get_config()["learning_rate"] is schedule
    assert repr(optimizer) == (
        "Adam(learning_rate=PolynomialDecay(initial_learning_rate=0.1, decay_steps=100, "
        "end_learning_rate=0.0001, power=1.0, cycle=False), beta_1=0.9, beta_2=0.999, epsilon=1e-07, "
        "amsgrad=False, clipnorm=1.0)")
    assert repr(optimizers.AdamW()) == ("AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, "
                                        "beta_2=0.999, epsilon=1e-07, amsgrad=False)")
    again = optimizers.Adam(**optimizer.get_config())
    assert again.get_config() == optimizer.get_config()


def test_a_function_of_no_arguments_as_learning_rate():
    """As in Keras: called before each step, so it can follow a value the caller changes."""
    rate = [0.1]
    optimizer = optimizers.SGD(learning_rate=lambda: rate[0])
    w = nnlib.Variable([1.0])
    optimizer.apply_gradients([(np.array([1.0]), w)])
    rate[0] = 0.5
    assert optimizer.learning_rate == 0.5
    optimizer.apply_gradients([(np.array([1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [0.4], rtol=1e-15)


def test_the_learning_rate_can_be_set():
    optimizer = optimizers.Adam()
    optimizer.learning_rate = 0.5
    assert optimizer.learning_rate == 0.5 and optimizer.get_config()["learning_rate"] == 0.5
    optimizer.learning_rate = schedules.InverseTimeDecay(0.5, decay_steps=1, decay_rate=1.0)
    optimizer.iterations = 3
    assert optimizer.learning_rate == 0.125  # 0.5 / (1 + 3)
    with pytest.raises(ValueError, match="^learning_rate must be >= 0, got -1$"):
        optimizer.learning_rate = -1


def test_clipping_by_hand():
    """Gradients of norms 5 and 12, so a global norm of 13, clipped three ways (Keras's formulas)."""
    grads = [np.array([3.0, 4.0]), np.array([12.0])]
    clip = lambda **option: optimizers.SGD(**option).clip_gradients(grads)  # noqa: E731
    for got, expected in [
        (clip(clipnorm=6.5), [[3.0, 4.0], [6.5]]),  # each on its own: only the second is shortened
        (clip(global_clipnorm=6.5), [[1.5, 2.0], [6.0]]),  # all together, by 6.5 / 13
        (clip(global_clipnorm=20.0), [[3.0, 4.0], [12.0]]),  # a global norm below the threshold
        (clip(clipvalue=3.5), [[3.0, 3.5], [3.5]]),  # entry by entry
        (clip(), [[3.0, 4.0], [12.0]]),
    ]:
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g, e, rtol=1e-15)
    float32 = [g.astype(np.float32) for g in grads]
    for option in [dict(clipnorm=1.0), dict(global_clipnorm=1.0), dict(clipvalue=1.0)]:
        assert all(g.dtype == np.float32 for g in optimizers.SGD(**option).clip_gradients(float32))


def test_global_clipnorm_of_an_infinite_gradient_is_nan_as_in_keras():
    grads = [np.array([np.inf, 1.0], dtype=np.float32), np.array([2.0], dtype=np.float32)]
    ours = optimizers.SGD(global_clipnorm=1.0).clip_gradients(grads)
    theirs = keras.optimizers.SGD(global_clipnorm=1.0)._clip_gradients(grads)
    assert all(np.isnan(g).all() for g in ours) and all(np.isnan(np.asarray(g)).all() for g in theirs)


def test_clipping_zero_gradients_warns_of_nothing():
    zeros = [np.zeros(2), np.zeros(())]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for option in [dict(clipnorm=1.0), dict(global_clipnorm=1.0), dict(clipvalue=1.0)]:
            assert all((g == 0).all() for g in optimizers.SGD(**option).clip_gradients(zeros))


@pytest.mark.parametrize("learning_rate, expected", [
    # w0 = [2, -4], weight_decay 0.5, gradients [1, 0] twice.
    # lr 0.1:  decay w <- w - w * 0.5 * 0.1 = 0.95 w = [1.9, -3.8], then w - 0.1 g = [1.8, -3.8];
    #          decay 0.95 w = [1.71, -3.61], then w - 0.1 g = [1.61, -3.61].
    (0.1, [1.61, -3.61]),
    # a schedule, 0.1 at step 0 and 0.2 at step 1: step 1 decays by 0.9 and steps by 0.2:
    #          [1.8, -3.8] -> 0.9 w = [1.62, -3.42] -> w - 0.2 g = [1.42, -3.42]
    (schedules.PiecewiseConstantDecay([0], [0.1, 0.2]), [1.42, -3.42]),
])
def test_weight_decay_by_hand(learning_rate, expected):
    w = nnlib.Variable([2.0, -4.0])
    optimizer = optimizers.SGD(learning_rate=learning_rate, weight_decay=0.5)
    for _ in range(2):
        optimizer.apply_gradients([(np.array([1.0, 0.0]), w)])
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-14)


def test_exclude_from_weight_decay():
    kernel, bias = nnlib.Variable([1.0, 2.0], name="kernel"), nnlib.Variable([3.0], name="bias")
    other = nnlib.Variable([4.0])  # unnamed
    zero = [np.zeros(2), np.zeros(1), np.zeros(1)]

    def decayed(**exclude):
        values = [v.numpy().copy() for v in (kernel, bias, other)]
        optimizer = optimizers.SGD(learning_rate=1.0, weight_decay=0.5)
        if exclude:
            optimizer.exclude_from_weight_decay(**exclude)
        optimizer.apply_gradients(zip(zero, [kernel, bias, other]))
        changed = [not np.array_equal(v.numpy(), before) for v, before in zip((kernel, bias, other), values)]
        for v, before in zip((kernel, bias, other), values):
            v.assign(before)
        return changed

    assert decayed() == [True, True, True]
    assert decayed(var_names=["bias"]) == [True, False, True]
    assert decayed(var_names=["^k.r"]) == [False, True, True]  # regular expressions, as in Keras
    assert decayed(var_list=[kernel, other]) == [False, True, False]
    assert decayed(var_list=[other], var_names=["bias", "kernel"]) == [False, False, False]


# --- minimize ---------------------------------------------------------------------------------------

def test_minimize_decreases_a_convex_loss():
    w = nnlib.Variable(W0, name="kernel")
    b = nnlib.Variable(B0, name="bias")

    def loss_fn():
        residual = nnlib.ops.matmul(X, w) + b - Y
        return 0.5 * nnlib.ops.mean(nnlib.ops.sum(residual * residual, axis=1))

    losses = optimizers.minimize(loss_fn, [w, b], optimizers.SGD(learning_rate=0.5, momentum=0.5), 50)
    assert len(losses) == 50 and all(isinstance(x, float) for x in losses)
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    np.testing.assert_allclose(losses[0], loss(W0, B0), rtol=1e-6)
    np.testing.assert_allclose(losses[-1], loss(w.numpy(), b.numpy()), rtol=0.1)  # one step apart
    assert losses[-1] < 0.2 * losses[0]


def test_minimize_stops_when_the_loss_overflows():
    # loss = w^2, w0 = 1, lr = 1.5: w <- w - 1.5 * 2w = -2w, so after k steps |w| = 2^k and the loss is
    # 4^k = 2^(2k). float64 holds numbers below 2^1024, so the loss at step 511 (2^1022) is finite and
    # the loss at step 512 (2^1024) is the first that is inf.
    w = nnlib.Variable(1.0)
    with pytest.raises(FloatingPointError) as error:
        optimizers.minimize(lambda: w ** 2, [w], optimizers.SGD(learning_rate=1.5), steps=1000)
    message = str(error.value)
    assert message == ("the loss became inf at step 512 (learning_rate=1.5): "
                       "try a smaller learning rate")
    assert len(error.value.losses) == 512 and error.value.losses[-1] == 2.0 ** 1022


def test_minimize_names_the_current_learning_rate_of_a_schedule():
    # 1.5 for 11 steps (w doubles in size each step), then 1.25 (w grows by 1.5): the loss w^2
    # overflows later, and the message names the learning rate of that step.
    w = nnlib.Variable(1.0)
    optimizer = optimizers.SGD(learning_rate=schedules.PiecewiseConstantDecay([10], [1.5, 1.25]))
    with pytest.raises(FloatingPointError,
                       match=r"^the loss became inf at step \d+ \(learning_rate=1.25\): try a smaller"):
        optimizers.minimize(lambda: w ** 2, [w], optimizer, steps=2000)


def test_minimize_stops_on_a_nan_loss_at_the_first_bad_step():
    # Adam on a loss that is NaN once w goes below 0 (log of a negative number).
    w = nnlib.Variable(0.5, dtype=np.float32)
    with pytest.raises(FloatingPointError, match="smaller learning rate") as error:
        optimizers.minimize(lambda: nnlib.ops.log(w) + 10 * w, [w], optimizers.Adam(learning_rate=0.2),
                            steps=100)
    losses = error.value.losses
    assert all(math.isfinite(x) for x in losses)
    assert f"the loss became nan at step {len(losses)} " in str(error.value)
    assert float(w) < 0  # the weights that gave the NaN loss


def test_minimize_stops_on_an_infinite_gradient():
    w = nnlib.Variable(0.0, name="w")  # d sqrt(w) / dw = 1 / (2 sqrt(w)) is inf at 0; the loss is 0
    expected = r"^the gradient of w became inf at step 0 \(learning_rate=0.01\): try a smaller"
    with pytest.raises(FloatingPointError, match=expected):
        optimizers.minimize(lambda: nnlib.ops.sqrt(w), [w], optimizers.SGD(), steps=5)


def test_minimize_wants_a_scalar_loss():
    w = nnlib.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        optimizers.minimize(lambda: w * w, [w], optimizers.SGD(), steps=1)


# --- fit with schedules, clipping and weight decay, against Keras ----------------------------------------

FIT_RNG = np.random.default_rng(3)
FIT_X = FIT_RNG.normal(size=(120, 3)).astype(np.float32)
FIT_Y = (np.sin(FIT_X @ [[1.0], [-2.0], [0.5]]) + 0.1 * FIT_RNG.normal(size=(120, 1))).astype(np.float32)
FIT_WEIGHTS = [FIT_RNG.uniform(-0.8, 0.8, (3, 8)).astype(np.float32), np.full(8, 0.1, np.float32),
               FIT_RNG.uniform(-0.8, 0.8, (8, 1)).astype(np.float32), np.zeros(1, np.float32)]
FIT_CASES = [  # 5 epochs of 8 batches (the last of 8 samples): 40 updates
    ("SGD", dict(learning_rate=schedule("ExponentialDecay", initial_learning_rate=0.2, decay_steps=10,
                                        decay_rate=0.7), momentum=0.5, clipnorm=0.5)),
    ("Adam", dict(learning_rate=0.05, global_clipnorm=0.5)),
    ("AdamW", dict(learning_rate=schedule("CosineDecay", initial_learning_rate=0.0, decay_steps=40,
                                          warmup_target=0.05, warmup_steps=5), weight_decay=0.5,
                   clipvalue=0.1)),
]


def fit_nnlib(name, kwargs, weights):
    model = models.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])
    model.build((None, 3))
    model.set_weights(weights)
    model.compile(optimizer=getattr(optimizers, name)(**arguments(name, kwargs, optimizers, np.float32)),
                  loss="mse")
    history = model.fit(FIT_X, FIT_Y, batch_size=16, epochs=5, shuffle=False, verbose=0)
    assert model.optimizer.iterations == 40
    return history.history["loss"], model.get_weights()


@pytest.mark.parametrize("name, kwargs", FIT_CASES, ids=[case_id(n, k) for n, k in FIT_CASES])
def test_fit_with_schedules_and_clipping_matches_keras(name, kwargs):
    """Sequential.fit, nnlib's and Keras's, from the same weights and in the same batch order: the same
    losses epoch by epoch and the same final weights, each option acting on the run."""
    k = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    k.set_weights(FIT_WEIGHTS)
    k.compile(optimizer=getattr(keras.optimizers, name)(**arguments(name, kwargs, keras.optimizers,
                                                                     np.float32)), loss="mse")
    keras_losses = k.fit(FIT_X, FIT_Y, batch_size=16, epochs=5, shuffle=False, verbose=0).history["loss"]
    losses, final = fit_nnlib(name, kwargs, FIT_WEIGHTS)
    np.testing.assert_allclose(losses, keras_losses, rtol=1e-4)
    assert losses[-1] < 0.8 * losses[0]  # it learned something
    for ours, theirs in zip(final, k.get_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)
    for option in options_of(name, kwargs):
        other_losses, _ = fit_nnlib(name, switched_off(name, kwargs, option), FIT_WEIGHTS)
        assert not np.allclose(other_losses, losses, rtol=1e-3), option
