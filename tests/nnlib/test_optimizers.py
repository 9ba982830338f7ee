"""nnlib.optimizers against keras.optimizers, step for step; refused hyperparameters; minimize.

The comparison: a least-squares problem whose design matrix has condition number 100, a weight
matrix and a bias (two variables of different shapes, so each optimizer keeps slots per variable),
float32 throughout. nnlib and Keras start from the same weights and take 100 steps, each side with the
gradient of its own current weights computed by the same numpy function; the weights must agree to a
relative difference of 1e-4.
"""
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

import nnlib
from nnlib import optimizers

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
    """Gradient of the loss 0.5 * mean over samples of ||x w + b - y||^2, in float32."""
    residual = X @ w + b - Y
    return X.T @ residual / np.float32(N), residual.mean(axis=0)


def loss(w, b):
    return 0.5 * np.mean(np.sum((X @ w + b - Y) ** 2, axis=1))


assert abs(np.linalg.cond(X) - 100) < 1e-3

# --- nnlib against Keras -------------------------------------------------------------------------------

# (class name, keyword arguments): every option of every optimizer. Learning rates are chosen so that
# each run moves the weights well away from where they started without diverging.
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
]
STEPS = 100


def run_nnlib(name, kwargs):
    w = nnlib.Variable(W0, name="kernel")
    b = nnlib.Variable(B0, name="bias")
    optimizer = getattr(optimizers, name)(**kwargs)
    for _ in range(STEPS):
        gw, gb = gradients(w.numpy(), b.numpy())
        optimizer.apply_gradients(zip([gw, nnlib.Tensor(gb)], [w, b]))  # a numpy array and a Tensor
    assert optimizer.iterations == STEPS
    return w.numpy(), b.numpy()


def run_keras(name, kwargs):
    w = keras.Variable(W0, name="kernel")
    b = keras.Variable(B0, name="bias")
    optimizer = getattr(keras.optimizers, name)(**kwargs)
    optimizer.build([w, b])
    # One traced graph for the update (eager Keras would take ten times longer); the same ops run.
    apply = tf.function(lambda gw, gb: optimizer.apply_gradients(zip([gw, gb], [w, b])))
    for _ in range(STEPS):
        apply(*gradients(w.numpy(), b.numpy()))
    return w.numpy(), b.numpy()


@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{'-'.join(k)}" for n, k in CASES])
def test_same_weights_as_keras_after_100_steps(name, kwargs):
    w, b = run_nnlib(name, kwargs)
    w_keras, b_keras = run_keras(name, kwargs)
    assert w.dtype == b.dtype == np.float32
    # The run is a real test: the weights moved far from where they started and the loss went down.
    assert np.abs(w_keras - W0).max() > 0.05
    assert loss(w_keras, b_keras) < loss(W0, B0)
    # rtol=1e-4 and no atol: no weight ends near zero here (the smallest is about 1e-2 in size), so the
    # relative difference means something for every weight. (Most runs agree to the last bit; the
    # largest difference seen is about 2e-6.)
    np.testing.assert_allclose(w, w_keras, rtol=1e-4, atol=0)
    np.testing.assert_allclose(b, b_keras, rtol=1e-4, atol=0)


def test_ftrl_l1_makes_weights_exactly_zero():
    """With a strong l1 penalty some weights are exactly 0, the same ones in both libraries."""
    kwargs = dict(learning_rate=0.5, l1_regularization_strength=0.5)
    w, _ = run_nnlib("Ftrl", kwargs)
    w_keras, _ = run_keras("Ftrl", kwargs)
    assert (w == 0).any() and (w != 0).any()
    np.testing.assert_array_equal(w == 0, w_keras == 0)
    np.testing.assert_allclose(w, w_keras, rtol=1e-4, atol=0)  # exact zeros compare equal


def test_default_arguments_are_keras_defaults():
    for name in ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax", "Nadam", "Ftrl"]:
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
    with pytest.raises(ValueError, match="schedules are not supported"):
        optimizers.Adam(learning_rate=lambda step: 0.1 / (1 + step))


def test_momentum_message():
    with pytest.raises(ValueError, match=r"^momentum must be in \[0, 1\], got 1.5$"):
        optimizers.SGD(momentum=1.5)


def test_boundaries_are_accepted():
    optimizers.SGD(learning_rate=0, momentum=1)
    optimizers.RMSprop(rho=0.0, momentum=1.0, epsilon=0)
    optimizers.Ftrl(learning_rate_power=0.0)


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
