"""One training epoch of a 784-128-10 MLP: nnlib's ``model.fit`` vs Keras's vs the epoch written in numpy.

The model: Dense(128, relu), Dense(10, softmax), sparse categorical cross-entropy, plain SGD with a
learning rate of 0.1, batches of 128, 60,000 generated samples of 784 float32 features (the size of
MNIST), shuffled every epoch. All three start from the same weights. The script first checks that
they compute the same thing (one epoch without shuffling on part of the data: the same losses and
weights), then times one epoch of each in turn, ROUNDS times in this one process, and prints the
medians and the ratios. Keras's first epoch traces its training step into a graph; that epoch is run
before the timing starts. Goals: nnlib at most 0.5x Keras's time and at most 1.5x the numpy epoch.

    .venv/bin/python benchmarks/mlp_epoch.py [--rounds 5] [--threads 1]

``--threads N`` limits numpy's BLAS and TensorFlow to N threads each. On a machine that other work
keeps busy, a multi-threaded OpenBLAS can be tens of times slower than one thread (its threads wait for
each other), which swamps every other difference; one thread each then gives a fair comparison.
"""
import argparse
import os
import time

PARSER = argparse.ArgumentParser(description=__doc__.split("\n")[0])
PARSER.add_argument("--rounds", type=int, default=5)
PARSER.add_argument("--threads", type=int, default=None, help="BLAS and TensorFlow threads (default: all)")
ARGS = PARSER.parse_args() if __name__ == "__main__" else PARSER.parse_args([])
if ARGS.threads:  # must be set before numpy is imported
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(ARGS.threads)
import numpy as np  # noqa: E402

import nnlib  # noqa: E402
from nnlib import layers, models, optimizers  # noqa: E402
from nnlib.notebook import QUIET_TENSORFLOW  # noqa: E402

# Before Keras is imported, in the contenders below. Keras runs as it comes, though: its oneDNN
# kernels (on by default on x86) are faster, and this measures speed, not reproducible digits.
for name, value in QUIET_TENSORFLOW.items():
    if name != "TF_ENABLE_ONEDNN_OPTS":
        os.environ.setdefault(name, value)

SAMPLES, SIZES, BATCH, LEARNING_RATE = 60_000, (784, 128, 10), 128, 0.1


def make_data(rng):
    """Random pixels, and labels from a random linear teacher (so the loss has something to learn)."""
    x = rng.random((SAMPLES, SIZES[0]), dtype=np.float32)
    teacher = rng.normal(size=(SIZES[0], SIZES[2])).astype(np.float32)
    y = np.argmax((x - 0.5) @ teacher, axis=1)
    return x, y


def initial_weights(rng):
    """Glorot-uniform kernels and zero biases, as Keras and nnlib make them."""
    d, h, k = SIZES
    limit1, limit2 = np.sqrt(6 / (d + h)), np.sqrt(6 / (h + k))
    return [rng.uniform(-limit1, limit1, (d, h)).astype(np.float32), np.zeros(h, np.float32),
            rng.uniform(-limit2, limit2, (h, k)).astype(np.float32), np.zeros(k, np.float32)]


# The three contenders -------------------------------------------------------------------------------

def nnlib_model(weights):
    model = models.Sequential([layers.Dense(SIZES[1], activation="relu"),
                               layers.Dense(SIZES[2], activation="softmax")])
    model.compile(optimizer=optimizers.SGD(learning_rate=LEARNING_RATE),
                  loss="sparse_categorical_crossentropy")
    model.build((None, SIZES[0]))
    model.set_weights(weights)
    return model


def keras_model(weights):
    import keras

    model = keras.Sequential([keras.Input((SIZES[0],)), keras.layers.Dense(SIZES[1], activation="relu"),
                              keras.layers.Dense(SIZES[2], activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE),
                  loss="sparse_categorical_crossentropy")
    model.set_weights(weights)
    return model


def numpy_epoch(weights, x, y, shuffle=True):
    """One epoch of minibatch SGD, forward and backward written out by hand; returns the mean loss."""
    w1, b1, w2, b2 = weights
    order = np.random.permutation(len(x)) if shuffle else np.arange(len(x))
    total = 0.0
    for start in range(0, len(x), BATCH):
        batch = order[start:start + BATCH]
        xb, yb = x[batch], y[batch]
        n = len(xb)
        rows = np.arange(n)
        # Forward: dense, relu, dense, softmax, cross-entropy.
        hidden = np.maximum(xb @ w1 + b1, 0)
        logits = hidden @ w2 + b2
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = exp / exp.sum(axis=1, keepdims=True)
        total += -np.log(probs[rows, yb]).mean() * n
        # Backward: d loss / d logits = (probs - one_hot) / n, then the chain rule layer by layer.
        d_logits = probs
        d_logits[rows, yb] -= 1
        d_logits /= n
        d_hidden = (d_logits @ w2.T) * (hidden > 0)
        # Update, in place.
        w2 -= LEARNING_RATE * (hidden.T @ d_logits)
        b2 -= LEARNING_RATE * d_logits.sum(axis=0)
        w1 -= LEARNING_RATE * (xb.T @ d_hidden)
        b1 -= LEARNING_RATE * d_hidden.sum(axis=0)
    return total / len(x)


# Checks and timing ----------------------------------------------------------------------------------

def check_agreement(weights, x, y):
    """One epoch on 5,000 samples without shuffling: the three must reach the same loss and weights."""
    x, y = x[:5000], y[:5000]
    nn, ke, by_hand = nnlib_model(weights), keras_model(weights), [w.copy() for w in weights]
    nn_loss = nn.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0).history["loss"][0]
    ke_loss = ke.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0).history["loss"][0]
    np_loss = numpy_epoch(by_hand, x, y, shuffle=False)
    np.testing.assert_allclose([nn_loss, ke_loss], np_loss, rtol=1e-4)
    for a, b, c in zip(nn.get_weights(), ke.get_weights(), by_hand):
        np.testing.assert_allclose(a, c, rtol=1e-3, atol=1e-5)
        np.testing.assert_allclose(b, c, rtol=1e-3, atol=1e-5)
    print(f"check: one epoch on 5,000 samples gives the loss {nn_loss:.5f} (nnlib), {ke_loss:.5f} "
          f"(Keras), {np_loss:.5f} (numpy), and the same weights")


def timed(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main():
    rounds = ARGS.rounds
    nnlib.setup_notebook(0)  # quiet TensorFlow; seed numpy's global generator (the batch order)
    import keras
    import tensorflow as tf

    if ARGS.threads:
        tf.config.threading.set_intra_op_parallelism_threads(ARGS.threads)
        tf.config.threading.set_inter_op_parallelism_threads(ARGS.threads)

    rng = np.random.default_rng(0)
    x, y = make_data(rng)
    weights = initial_weights(rng)
    check_agreement(weights, x, y)

    nn, ke, by_hand = nnlib_model(weights), keras_model(weights), [w.copy() for w in weights]
    ke.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)  # traces Keras's training step: not timed
    contenders = {
        "nnlib": lambda: nn.fit(x, y, batch_size=BATCH, epochs=1, verbose=0),
        "keras": lambda: ke.fit(x, y, batch_size=BATCH, epochs=1, verbose=0),
        "numpy": lambda: numpy_epoch(by_hand, x, y),
    }
    times = {name: [] for name in contenders}
    for _ in range(rounds):  # alternate, so that all three see the same machine conditions
        for name, run in contenders.items():
            times[name].append(timed(run))
    median = {name: float(np.median(t)) for name, t in times.items()}

    print(f"one epoch: {SAMPLES:,} samples, {SIZES[0]}-{SIZES[1]}-{SIZES[2]} MLP, batches of {BATCH}, "
          f"median of {rounds} rounds (numpy {np.__version__}, TensorFlow {tf.__version__}, "
          f"Keras {keras.__version__}, {os.cpu_count()} CPUs, "
          f"{ARGS.threads or 'all'} thread(s) for BLAS and TensorFlow)")
    for name, t in times.items():
        print(f"  {name:6s} {median[name]:6.3f} s   (all: {', '.join(f'{s:.3f}' for s in t)})")
    print(f"ratio nnlib/keras: {median['nnlib'] / median['keras']:.2f} (goal: at most 0.50)")
    print(f"ratio nnlib/numpy: {median['nnlib'] / median['numpy']:.2f} (goal: at most 1.50)")


if __name__ == "__main__":
    main()
