"""Small data sets that need no download: generated ones (from a seed) and scikit-learn's digits.

Every function returns numpy arrays ``(x, y)``: ``x`` of shape (samples, features) in float32 (what
Keras and nnlib layers compute in), ``y`` the class numbers 0, 1, ... as int64. The same seed gives the
same data on every machine:

>>> from nnlib import datasets
>>> x, y = datasets.gaussian_blobs(n_samples=6, seed=0)
>>> x.shape, x.dtype, y.tolist()
((6, 2), dtype('float32'), [1, 0, 1, 0, 0, 1])
>>> x_train, x_test, y_train, y_test = datasets.train_test_split(x, y, test_size=0.5, seed=0)
>>> x_train.shape, x_test.shape
((3, 2), (3, 2))

In the book: chapter 7, "A linear classifier, four ways" (chapters/07_linear_classifier.ipynb); used
again in chapter 8.
"""
import numpy as np


def _balanced_labels(n_samples, n_classes, rng):
    """n_samples class numbers, as equal in count as possible, in a random order."""
    return rng.permutation(np.arange(n_samples) % n_classes).astype(np.int64)


def gaussian_blobs(n_samples=200, n_classes=2, distance=3.0, std=1.0, seed=0):
    """Points drawn around one centre per class, from a round Gaussian of standard deviation ``std``.

    The centres lie on a circle, ``distance`` apart for two classes (at (-d/2, -d/2)/sqrt(2) and
    (d/2, d/2)/sqrt(2), so the best boundary is the line x1 + x2 = 0); with a distance of a few
    standard deviations the classes overlap a little, the classic picture for a linear classifier.
    More classes sit evenly around the circle, neighbours ``distance`` apart.
    """
    _check_positive(n_samples=n_samples, std=std)
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    rng = np.random.default_rng(seed)
    y = _balanced_labels(n_samples, n_classes, rng)
    radius = distance / (2 * np.sin(np.pi / n_classes))  # neighbouring centres `distance` apart
    angles = np.pi / 4 + np.pi + 2 * np.pi * np.arange(n_classes) / n_classes
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    x = centres[y] + rng.normal(0, std, (n_samples, 2))
    return x.astype(np.float32), y


def two_moons(n_samples=200, noise=0.1, seed=0):
    """Two interleaving half circles, one per class: no straight line separates them."""
    _check_positive(n_samples=n_samples)
    rng = np.random.default_rng(seed)
    y = _balanced_labels(n_samples, 2, rng)
    angle = rng.uniform(0, np.pi, n_samples)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)  # class 0: the upper half circle
    lower = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)  # class 1, shifted below
    x = np.where(y[:, None] == 0, upper, lower) + rng.normal(0, noise, (n_samples, 2))
    return x.astype(np.float32), y


def circles(n_samples=200, noise=0.05, factor=0.5, seed=0):
    """Two rings around the origin: class 0 of radius 1, class 1 of radius ``factor`` inside it."""
    _check_positive(n_samples=n_samples)
    if not 0 < factor < 1:
        raise ValueError(f"factor (the inner ring's radius) must be between 0 and 1, got {factor}")
    rng = np.random.default_rng(seed)
    y = _balanced_labels(n_samples, 2, rng)
    angle = rng.uniform(0, 2 * np.pi, n_samples)
    radius = np.where(y == 0, 1.0, factor)
    x = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    x += rng.normal(0, noise, (n_samples, 2))
    return x.astype(np.float32), y


def load_digits(flatten=True):
    """scikit-learn's handwritten digits: 1,797 images of 8x8 pixels, classes 0 to 9.

    Pixels are scaled from 0..16 to [0, 1]. ``x`` has shape (1797, 64) (``flatten=False``:
    (1797, 8, 8), to show as images). The data ships with scikit-learn: nothing is downloaded.
    """
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        raise ImportError("load_digits needs scikit-learn, which ships the digits data set: "
                          "pip install scikit-learn (it comes with nnlib[book])") from None
    digits = sklearn_digits()
    x = (digits.images if not flatten else digits.data) / 16.0
    return x.astype(np.float32), digits.target.astype(np.int64)


def train_test_split(x, y, test_size=0.25, seed=0):
    """Shuffle the samples, then split them: ``x_train, x_test, y_train, y_test`` (scikit-learn's order).

    ``test_size`` is a fraction of the samples (0.25) or a number of them (50).
    """
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same number of samples, but x has {len(x)} "
                         f"(shape {x.shape}) and y has {len(y)} (shape {y.shape})")
    n_test = int(round(test_size * len(x))) if isinstance(test_size, float) else int(test_size)
    if not 0 < n_test < len(x):
        raise ValueError(f"test_size={test_size} leaves {n_test} of {len(x)} samples for testing; "
                         "both parts need at least one")
    order = np.random.default_rng(seed).permutation(len(x))
    test, train = order[:n_test], order[n_test:]
    return x[train], x[test], y[train], y[test]


def to_categorical(y, num_classes=None):
    """One-hot rows for class numbers, as ``keras.utils.to_categorical``: 2 of 4 -> [0, 0, 1, 0]."""
    y = np.asarray(y)
    if y.size and (y.min() < 0 or not np.all(y == np.round(y))):
        raise ValueError("to_categorical needs class numbers 0, 1, 2, ...")
    num_classes = int(y.max()) + 1 if num_classes is None else num_classes
    if y.size and y.max() >= num_classes:
        raise ValueError(f"class number {y.max():g} does not fit num_classes={num_classes}")
    return np.eye(num_classes, dtype=np.float32)[y.astype(np.int64)]


def _check_positive(**values):
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value}")
