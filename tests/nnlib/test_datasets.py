"""nnlib.datasets: reproducible from a seed, the promised shapes, dtypes and classes, clear errors."""
import sys

import numpy as np
import pytest

from nnlib import datasets

GENERATED = {
    "gaussian_blobs": lambda seed: datasets.gaussian_blobs(n_samples=101, seed=seed),
    "gaussian_blobs, 5 classes": lambda seed: datasets.gaussian_blobs(n_samples=101, n_classes=5, seed=seed),
    "two_moons": lambda seed: datasets.two_moons(n_samples=101, seed=seed),
    "circles": lambda seed: datasets.circles(n_samples=101, seed=seed),
}


@pytest.mark.parametrize("name", GENERATED)
def test_generated_data_is_reproducible_with_the_promised_shapes(name):
    x, y = GENERATED[name](0)
    again_x, again_y = GENERATED[name](0)
    np.testing.assert_array_equal(x, again_x)
    np.testing.assert_array_equal(y, again_y)
    assert not np.array_equal(x, GENERATED[name](1)[0])
    k = 5 if "5 classes" in name else 2
    assert x.shape == (101, 2) and x.dtype == np.float32 and y.shape == (101,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == k and counts.max() - counts.min() <= 1  # balanced classes
    assert np.unique(y[:10]).size > 1  # shuffled: not all of one class first


def test_gaussian_blobs_centres_and_spread():
    x, y = datasets.gaussian_blobs(n_samples=20000, distance=3.0, std=1.0, seed=0)
    centre = 1.5 / np.sqrt(2)
    np.testing.assert_allclose(x[y == 0].mean(axis=0), [-centre, -centre], atol=0.05)
    np.testing.assert_allclose(x[y == 1].mean(axis=0), [centre, centre], atol=0.05)
    np.testing.assert_allclose(x[y == 0].std(axis=0), [1, 1], atol=0.03)
    # The classes overlap: the best line, x1 + x2 = 0, misclassifies P(N(0, 1) > 1.5), about 6.7%.
    errors = np.mean((x.sum(axis=1) > 0) != (y == 1))
    np.testing.assert_allclose(errors, 0.0668, atol=0.007)
    x, y = datasets.gaussian_blobs(n_samples=8000, n_classes=4, distance=3.0, seed=0)
    centres = np.array([x[y == c].mean(axis=0) for c in range(4)])
    neighbours = np.linalg.norm(centres - np.roll(centres, 1, axis=0), axis=1)
    np.testing.assert_allclose(neighbours, 3.0, atol=0.1)


def test_two_moons_and_circles_have_their_shapes():
    x, y = datasets.two_moons(n_samples=2000, noise=0.0, seed=0)
    np.testing.assert_allclose(np.linalg.norm(x[y == 0], axis=1), 1, atol=1e-6)  # upper half circle
    assert x[y == 0, 1].min() >= -1e-6
    np.testing.assert_allclose(np.linalg.norm(x[y == 1] - [1, 0.5], axis=1), 1, atol=1e-6)
    x, y = datasets.circles(n_samples=2000, noise=0.0, factor=0.3, seed=0)
    radius = np.linalg.norm(x, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1, atol=1e-6)
    np.testing.assert_allclose(radius[y == 1], 0.3, atol=1e-6)


def test_load_digits():
    pytest.importorskip("sklearn")
    x, y = datasets.load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float32 and y.shape == (1797,)
    assert x.min() == 0 and x.max() == 1
    assert sorted(np.unique(y)) == list(range(10))
    images, _ = datasets.load_digits(flatten=False)
    assert images.shape == (1797, 8, 8)
    np.testing.assert_array_equal(images.reshape(1797, 64), x)


def test_load_digits_without_scikit_learn(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match="load_digits needs scikit-learn.*pip install scikit-learn"):
        datasets.load_digits()


def test_train_test_split():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    x_train, x_test, y_train, y_test = datasets.train_test_split(x, y, test_size=0.3, seed=0)
    assert len(x_test) == 3 and len(x_train) == 7
    np.testing.assert_array_equal(x_train[:, 0] // 2, y_train)  # rows keep their labels
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))
    again = datasets.train_test_split(x, y, test_size=3, seed=0)
    np.testing.assert_array_equal(again[3], y_test)
    with pytest.raises(ValueError, match=r"x has 10 \(shape \(10, 2\)\) and y has 9"):
        datasets.train_test_split(x, y[:9])
    with pytest.raises(ValueError, match="both parts need at least one"):
        datasets.train_test_split(x, y, test_size=0.0)


def test_to_categorical_matches_keras():
    keras = pytest.importorskip("keras")
    y = np.array([2, 0, 1, 2])
    np.testing.assert_array_equal(datasets.to_categorical(y), keras.utils.to_categorical(y))
    np.testing.assert_array_equal(datasets.to_categorical(y, 5), keras.utils.to_categorical(y, 5))
    with pytest.raises(ValueError, match="does not fit num_classes=2"):
        datasets.to_categorical(y, 2)


@pytest.mark.parametrize("call, message", [
    (lambda: datasets.gaussian_blobs(n_classes=1), "n_classes must be at least 2"),
    (lambda: datasets.circles(factor=1.5), "factor"),
    (lambda: datasets.two_moons(n_samples=0), "n_samples must be positive"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
