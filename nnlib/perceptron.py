"""The perceptron of 1958 (Frank Rosenblatt): one neuron with a step activation and a rule that
learns from its mistakes.

The neuron computes ``z = x . w + b`` and predicts ``y_hat = step(z)``, which is 1 when ``z > 0`` and
0 otherwise. After each sample it nudges its weights by the error ``y - y_hat``::

    w <- w + learning_rate * (y - y_hat) * x
    b <- b + learning_rate * (y - y_hat)

When the prediction is right the error is 0 and nothing changes; when it is wrong the error is +1 or
-1 and the sample is added to (or taken from) the weights. If a straight line (a plane, in more
dimensions) separates the two classes, the rule finds one after finitely many mistakes; if none does,
as for XOR, it never stops making them.

There is no Keras perceptron: Keras trains with gradients, which a step function does not have
(later chapters replace the step by a sigmoid for exactly that reason). The names follow Keras where
they can: ``fit`` and ``predict``, ``learning_rate``, ``epochs``.

In the book: chapter 1, "Tensors" (chapters/01_tensors.ipynb).
"""
import numpy as np


def step(z):
    """The perceptron's activation: 1 where ``z > 0``, else 0 (so ``step(0)`` is 0)."""
    return (np.asarray(z) > 0).astype(int)


def update(w, b, x, y, learning_rate=1.0):
    """One step of the perceptron rule for one sample ``x`` (shape ``(features,)``) with label ``y``.

    Returns the new ``(w, b)``; the arguments are not changed. When ``step(x . w + b)`` already equals
    ``y`` the error is 0 and the weights come back unchanged.
    """
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    if w.shape != x.shape or x.ndim != 1:
        raise ValueError(
            f"update takes one sample x and the weights w as vectors of the same length, "
            f"got shapes {x.shape} and {w.shape}"
        )
    y_hat = step(np.dot(x, w) + b)
    error = y - y_hat
    return w + learning_rate * error * x, b + learning_rate * error


def _check_x(x, what):
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(
            f"{what} needs x as a matrix of shape (samples, features), got shape {x.shape}; "
            "a single sample of shape (features,) becomes a batch of one with x.reshape(1, -1)"
        )
    return x


class Perceptron:
    """Rosenblatt's perceptron for labels 0 and 1.

    >>> model = Perceptron()
    >>> model.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 0, 0, 1], epochs=10)  # AND
    [1, 3, 3, 2, 1, 0, 0, 0, 0, 0]
    >>> model.predict([[1, 1], [0, 1]])
    array([1, 0])

    Attributes:
        learning_rate: how far each mistake moves the weights.
        w: the weights, shape ``(features,)``; ``None`` until the first call to ``fit``.
        b: the bias, a float.
    """

    def __init__(self, learning_rate=1.0):
        if learning_rate <= 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate}")
        self.learning_rate = learning_rate
        self.w = None
        self.b = 0.0

    def fit(self, x, y, epochs=10):
        """Go through the samples ``epochs`` times, in the order given, updating after each one.

        ``x`` has shape ``(samples, features)`` and ``y`` holds one label, 0 or 1, per sample. The first
        call starts from zero weights and zero bias; a later call carries on from where the last one
        stopped, as Keras's ``fit`` does. Returns a list with the number of mistakes (samples whose
        prediction was wrong before their update) in each epoch.
        """
        x = _check_x(x, "fit")
        y = np.asarray(y)
        if y.ndim != 1:
            raise ValueError(f"fit needs y as a vector of labels, shape (samples,), got shape {y.shape}")
        if len(x) != len(y):
            raise ValueError(
                f"x and y must have one row per sample, but x has {len(x)} samples (shape {x.shape}) "
                f"and y has {len(y)} labels (shape {y.shape})"
            )
        bad = sorted(set(y.tolist()) - {0, 1})
        if bad:
            raise ValueError(
                f"the perceptron's labels must be 0 or 1, got {bad}; "
                "labels -1 and +1 become 0 and 1 with (y + 1) // 2"
            )
        if self.w is None:
            self.w = np.zeros(x.shape[1])
        elif self.w.shape[0] != x.shape[1]:
            raise ValueError(
                f"this perceptron was fitted on {self.w.shape[0]} features, got x with "
                f"{x.shape[1]} features (shape {x.shape})"
            )
        mistakes = []
        for _ in range(epochs):
            count = 0
            for sample, label in zip(x, y):
                count += int(step(sample @ self.w + self.b) != label)
                self.w, self.b = update(self.w, self.b, sample, label, self.learning_rate)
            mistakes.append(count)
        return mistakes

    def predict(self, x):
        """The predicted labels, ``step(x @ w + b)``, for ``x`` of shape ``(samples, features)``."""
        x = _check_x(x, "predict")
        if self.w is None:
            raise ValueError("this perceptron has no weights yet: call fit before predict")
        if x.shape[1] != self.w.shape[0]:
            raise ValueError(
                f"this perceptron has {self.w.shape[0]} weights, one per feature, but x has "
                f"{x.shape[1]} features (shape {x.shape})"
            )
        return step(x @ self.w + self.b)
