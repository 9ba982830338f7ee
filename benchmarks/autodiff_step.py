"""One training step of a 784-128-10 MLP on a batch of 128: nnlib's tape against hand-written numpy.

Both compute the same forward pass (dense, ReLU, dense, softmax cross-entropy), the same gradients and
the same SGD update; the script first checks that they agree, then times them alternately in this one
process and prints the ratio. Goal: the tape at most 1.3x the hand-written step.

    .venv/bin/python benchmarks/autodiff_step.py
"""
import time

import numpy as np

import nnlib
from nnlib import ops

BATCH, SIZES, LEARNING_RATE, ROUNDS, STEPS = 128, (784, 128, 10), 0.1, 15, 20


def init(rng):
    (d, h, k) = SIZES
    return [rng.normal(0, np.sqrt(2 / d), (d, h)), np.zeros(h), rng.normal(0, np.sqrt(1 / h), (h, k)),
            np.zeros(k)]


def tape_step(params, x, y):
    w1, b1, w2, b2 = params
    with nnlib.GradientTape() as tape:
        hidden = ops.maximum(x @ w1 + b1, 0.0)
        logits = hidden @ w2 + b2
        log_probs = logits - ops.log(ops.sum(ops.exp(logits), axis=1, keepdims=True))
        loss = -ops.mean(ops.sum(y * log_probs, axis=1))
    grads = tape.gradient(loss, params)
    for p, g in zip(params, grads):
        p.assign_sub(LEARNING_RATE * g.numpy())
    return float(loss)


def numpy_step(params, x, y):
    w1, b1, w2, b2 = params
    pre = x @ w1 + b1
    hidden = np.maximum(pre, 0.0)
    logits = hidden @ w2 + b2
    exp = np.exp(logits)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.sum(y * np.log(probs), axis=1))
    d_logits = (probs - y) / len(x)
    d_hidden = d_logits @ w2.T
    d_pre = d_hidden * (pre >= 0)  # the tape's maximum sends ties to its first argument, too
    grads = [x.T @ d_pre, d_pre.sum(axis=0), hidden.T @ d_logits, d_logits.sum(axis=0)]
    for p, g in zip(params, grads):
        p -= LEARNING_RATE * g
    return float(loss)


def best_time(step, params, x, y):
    start = time.perf_counter()
    for _ in range(STEPS):
        step(params, x, y)
    return (time.perf_counter() - start) / STEPS


def main():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (BATCH, SIZES[0]))
    y = np.eye(SIZES[2])[rng.integers(0, SIZES[2], BATCH)]
    start = init(rng)
    tape_params = [nnlib.Variable(p) for p in start]
    numpy_params = [p.copy() for p in start]

    # Same losses and weights after a few steps, or the timing means nothing.
    for _ in range(3):
        np.testing.assert_allclose(tape_step(tape_params, x, y), numpy_step(numpy_params, x, y),
                                   rtol=1e-10)
    for v, p in zip(tape_params, numpy_params):
        np.testing.assert_allclose(v.numpy(), p, rtol=1e-9, atol=1e-12)

    tape_times, numpy_times = [], []
    for _ in range(ROUNDS):  # alternate, so that both see the same machine conditions
        tape_times.append(best_time(tape_step, tape_params, x, y))
        numpy_times.append(best_time(numpy_step, numpy_params, x, y))
    tape_s, numpy_s = min(tape_times), min(numpy_times)
    print(f"hand-written numpy step: {numpy_s * 1000:.2f} ms")
    print(f"nnlib tape step:         {tape_s * 1000:.2f} ms")
    print(f"ratio tape/numpy: {tape_s / numpy_s:.2f} (goal: at most 1.30)")


if __name__ == "__main__":
    main()
