"""nnlib.initializers against Keras's formulas and keras.initializers.

Every random initializer draws a large sample (a (400, 300) kernel: fan_in 400, fan_out 300, 120,000
weights), and so does its Keras counterpart; both samples' mean, standard deviation and bounds are
checked against the formulas of keras.initializers (VarianceScaling's), worked out here by hand. The
truncated normals are checked to be truncated by redrawing (no values pile up at the bounds). Then
seeds, dtypes, ``compute_fans`` against Keras's, ``get`` against ``keras.initializers.get``, the
arguments against Keras's signatures, and the errors.
"""
import inspect
import math

import keras
import numpy as np
import pytest

import nnlib
from nnlib import initializers

SHAPE = (400, 300)
FAN_IN, FAN_OUT = SHAPE
TRUNCATED = 0.87962566103423978  # the standard deviation of a standard normal cut at +-2


def truncated(stddev, mean=0.0):
    """(mean, standard deviation, bound on |w - mean|) of a normal of ``stddev`` cut at 2 stddev."""
    return mean, stddev * TRUNCATED, 2 * stddev


def uniform(low, high):
    """The same for uniform draws in [low, high)."""
    return (low + high) / 2, (high - low) / math.sqrt(12), (high - low) / 2


# name: (nnlib initializer, Keras initializer, (mean, standard deviation, bound or None)), with
# Keras's formulas: n = fan_in, fan_out or (fan_in + fan_out) / 2; normal stddev sqrt(scale / n)
# (for a truncated one, divided by 0.8796 before the cut); uniform limit sqrt(3 scale / n).
CASES = {
    "GlorotUniform": ("GlorotUniform", {}, uniform(-math.sqrt(6 / 700), math.sqrt(6 / 700))),
    "GlorotNormal": ("GlorotNormal", {}, truncated(math.sqrt(2 / 700) / TRUNCATED)),
    "HeNormal": ("HeNormal", {}, truncated(math.sqrt(2 / FAN_IN) / TRUNCATED)),
    "HeUniform": ("HeUniform", {}, uniform(-math.sqrt(6 / FAN_IN), math.sqrt(6 / FAN_IN))),
    "LecunNormal": ("LecunNormal", {}, truncated(math.sqrt(1 / FAN_IN) / TRUNCATED)),
    "LecunUniform": ("LecunUniform", {}, uniform(-math.sqrt(3 / FAN_IN), math.sqrt(3 / FAN_IN))),
    "RandomNormal": ("RandomNormal", {"mean": 0.1, "stddev": 0.3}, (0.1, 0.3, None)),
    "TruncatedNormal": ("TruncatedNormal", {"mean": 0.1, "stddev": 0.3}, truncated(0.3, mean=0.1)),
    "RandomUniform": ("RandomUniform", {"minval": -0.2, "maxval": 0.6}, uniform(-0.2, 0.6)),
    "VarianceScaling-fan_out-untruncated": (
        "VarianceScaling", {"scale": 3.0, "mode": "fan_out", "distribution": "untruncated_normal"},
        (0.0, math.sqrt(3.0 / FAN_OUT), None)),
    "VarianceScaling-fan_avg-uniform": (
        "VarianceScaling", {"scale": 0.5, "mode": "fan_avg", "distribution": "uniform"},
        uniform(-math.sqrt(1.5 / 350), math.sqrt(1.5 / 350))),
    "VarianceScaling-normal-is-truncated": (
        "VarianceScaling", {"distribution": "Normal"}, truncated(math.sqrt(1 / FAN_IN) / TRUNCATED)),
}


def samples(name):
    cls, kwargs, _ = CASES[name]
    ours = getattr(initializers, cls)(seed=1, **kwargs)(SHAPE)
    theirs = np.asarray(getattr(keras.initializers, cls)(seed=1, **kwargs)(SHAPE))
    return ours, theirs


@pytest.mark.parametrize("name", CASES)
def test_mean_spread_and_bounds_are_keras_s(name):
    mean, std, bound = CASES[name][2]
    for w in samples(name):  # nnlib's, then Keras's: both meet Keras's formulas
        assert w.shape == SHAPE and w.dtype == np.float32
        assert abs(w.mean() - mean) < 5 * std / math.sqrt(w.size)  # 5 standard errors
        np.testing.assert_allclose(w.std(), std, rtol=0.01)  # the sample's is within 0.3% or so
        if bound is not None:
            spread = np.abs(w - mean).max()
            assert bound * 0.99 < spread <= bound * (1 + 1e-6)  # float32 may round up by 1e-7


@pytest.mark.parametrize("name", ["GlorotNormal", "HeNormal", "LecunNormal", "TruncatedNormal",
                                  "VarianceScaling-normal-is-truncated"])
def test_truncated_normals_redraw_what_falls_outside(name):
    mean, std, bound = CASES[name][2]
    for w in samples(name):
        z = np.abs(w - mean) / (bound / 2)  # in the standard deviations of the normal before the cut
        # Redrawn, the values keep the normal's shape inside the bounds: 68.27% / 95.45% of them
        # within one of its standard deviations, and no pile of clipped values at the bounds.
        np.testing.assert_allclose(np.mean(z < 1), 0.682689 / 0.954500, atol=0.005)
        assert np.mean(z > 1.99) < 0.002


def test_a_truncated_normal_is_redrawn_until_every_value_is_inside():
    w = initializers.TruncatedNormal(mean=-3.0, stddev=2.0, seed=4)((50_000,), dtype="float64")
    assert w.dtype == np.float64 and w.min() >= -7.0 and w.max() <= 1.0
    assert w.min() < -6.99 and w.max() > 0.99
    scalar = initializers.HeNormal(seed=0)(())
    assert scalar.shape == () and abs(scalar) <= 2 / TRUNCATED  # fan_in 1 for a scalar


def test_seeds_as_documented():
    # The same seed, the same values; one seeded initializer, new values at each call (its own
    # generator goes on); without a seed, numpy's global generator, so np.random.seed repeats them.
    a = initializers.HeNormal(seed=3)((3, 2))
    np.testing.assert_array_equal(a, initializers.HeNormal(seed=3)((3, 2)))
    assert not np.array_equal(a, initializers.HeNormal(seed=4)((3, 2)))
    shared = initializers.GlorotUniform(seed=3)
    assert not np.array_equal(shared((3, 2)), shared((3, 2)))
    for cls in (initializers.LecunUniform, initializers.RandomNormal, initializers.TruncatedNormal):
        np.random.seed(7)
        first = cls()((4, 4))
        np.random.seed(7)
        np.testing.assert_array_equal(first, cls()((4, 4)))
    np.testing.assert_array_equal(initializers.GlorotNormal(seed=np.int64(2))((2,)),
                                  initializers.GlorotNormal(seed=2)((2,)))


def test_dtypes_zeros_and_ones():
    assert initializers.HeUniform(seed=0)((2, 2), dtype="float64").dtype == np.float64
    np.testing.assert_array_equal(initializers.Zeros()((2, 3)), np.zeros((2, 3), dtype=np.float32))
    np.testing.assert_array_equal(initializers.Ones()((4,), dtype=np.float64), np.ones(4))
    assert initializers.Zeros()((2,)).dtype == np.float32


@pytest.mark.parametrize("shape", [(), (5,), (3, 7), (3, 3, 4, 8), (2, 3, 5, 4, 6)], ids=str)
def test_compute_fans_counts_as_keras(shape):
    from keras.src.initializers.random_initializers import compute_fans

    assert initializers.compute_fans(shape) == compute_fans(shape)


def test_get_takes_what_keras_takes():
    names = list(initializers.INITIALIZERS) + ["GlorotUniform", "HeNormal", "Zeros", "normal",
                                                "uniform", "one", "zero"]
    for name in names:
        assert type(initializers.get(name)).__name__ == type(keras.initializers.get(name)).__name__, name
    assert initializers.get(None) is None and keras.initializers.get(None) is None
    assert isinstance(initializers.get(initializers.HeNormal), initializers.HeNormal)
    he = initializers.HeNormal(seed=1)
    assert initializers.get(he) is he

    def function(shape, dtype=None):
        return np.full(shape, 2.0, dtype)

    assert initializers.get(function) is function
    values = np.arange(6.0).reshape(2, 3)
    for array in (values, nnlib.Tensor(values)):
        copied = initializers.get(array)((2, 3))
        np.testing.assert_array_equal(copied, values)
        assert copied.dtype == np.float32 and copied is not values
        with pytest.raises(ValueError, match=r"array of shape \(2, 3\).*asked for shape \(3, 2\)"):
            initializers.get(array)((3, 2))


def keras_parameters(cls):
    # Keras 3.15 added input_axes and output_axes (which axes count as fan_in and fan_out) to the
    # variance-scaling initializers; nnlib counts fans as Keras does without them.
    return [p for p in inspect.signature(cls).parameters.values()
            if p.name not in ("input_axes", "output_axes")]


@pytest.mark.parametrize("name", sorted({cls.__name__ for cls in initializers.INITIALIZERS.values()}))
def test_arguments_and_defaults_are_keras_s(name):
    ours = list(inspect.signature(getattr(initializers, name)).parameters.values())
    assert ours == keras_parameters(getattr(keras.initializers, name))
    assert inspect.signature(getattr(initializers, name).__call__) == inspect.signature(
        getattr(keras.initializers, name).__call__)


def test_errors_name_the_argument_and_what_it_may_be():
    with pytest.raises(ValueError, match=r"scale must be a number > 0, got -1"):
        initializers.VarianceScaling(scale=-1.0)
    with pytest.raises(ValueError, match=r"mode must be one of 'fan_in', 'fan_out', 'fan_avg', got 'fan'"):
        initializers.VarianceScaling(mode="fan")
    with pytest.raises(ValueError, match=r"distribution must be one of 'truncated_normal', "
                                         r"'untruncated_normal', 'uniform', got 'gaussian'"):
        initializers.VarianceScaling(distribution="gaussian")
    with pytest.raises(ValueError, match=r"HeNormal: seed must be an integer or None, got 1.5"):
        initializers.HeNormal(seed=1.5)
    with pytest.raises(ValueError, match=r"unknown initializer 'he'; nnlib knows 'zeros', .*'he_normal'"):
        initializers.get("he")
    with pytest.raises(ValueError, match=r"an initializer must be a name such as 'glorot_uniform'.*got 5"):
        initializers.get(5)
