"""The set-up every chapter runs first: quiet TensorFlow, seed every random generator.

TensorFlow reads its logging settings when it is first imported, so they are set here, before the
import. Some of its start-up lines (such as "Could not find cuda drivers") are written by C++ code
straight to the process's stderr before any setting is read; they are dropped by pointing file
descriptor 2 at /dev/null for the length of the import. Python errors are not affected: an import
that fails still raises.

Seeding goes through Keras, which seeds Python's ``random``, numpy's global generator and TensorFlow
in one call.
"""
import contextlib
import os
import sys


@contextlib.contextmanager
def _stderr_fd_silenced():
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def setup(seed=0):
    """Silence TensorFlow's start-up logs and seed Python, numpy and TensorFlow with ``seed``."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # C++ logs: errors only
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # the same float results on every CPU
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    with _stderr_fd_silenced():
        import absl.logging
        import keras
        import tensorflow as tf

    absl.logging.set_verbosity(absl.logging.ERROR)
    tf.get_logger().setLevel("ERROR")
    keras.utils.set_random_seed(seed)
