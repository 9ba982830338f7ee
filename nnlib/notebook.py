"""The set-up every chapter runs first: quiet TensorFlow, seed every random generator, small figures.

TensorFlow reads its logging settings when it is first imported, so they are set here, before the
import; ``QUIET_TENSORFLOW`` holds them for every other process that may import TensorFlow (the
tests, the grader and its workers, the benchmarks). Some of its start-up lines (such as "Could not
find cuda drivers") are written by C++ code straight to the process's stderr before any setting is
read; ``stderr_fd_silenced`` drops them by pointing file descriptor 2 at /dev/null for the length of
the import. Python errors are not affected: an import that fails still raises.

Seeding goes through Keras, which seeds Python's ``random``, numpy's global generator and TensorFlow
in one call.

In a Jupyter kernel, matplotlib figures are stored as PNGs of at most 256 colours
(``compact_png``): a plot has few colours, so it looks the same in a third of the bytes, which keeps
the executed notebooks small (a test holds each under 2 MB) and the pages quick to load.

In the book: the first code cell of every chapter and exercise set (written by tools/notebooks.py).
"""
import contextlib
import io
import os
import sys

QUIET_TENSORFLOW = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ logs: errors only
    "TF_ENABLE_ONEDNN_OPTS": "0",  # the same float results on every CPU
    "KERAS_BACKEND": "tensorflow",
}
"""The environment variables that keep TensorFlow's start-up quiet, to set before it is imported."""


@contextlib.contextmanager
def stderr_fd_silenced():
    """Point file descriptor 2 at /dev/null inside the block (for C++ code that writes there)."""
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
    for name, value in QUIET_TENSORFLOW.items():
        os.environ.setdefault(name, value)
    with stderr_fd_silenced():
        import absl.logging
        import keras
        import tensorflow as tf

    absl.logging.set_verbosity(absl.logging.ERROR)
    tf.get_logger().setLevel("ERROR")
    keras.utils.set_random_seed(seed)
    _store_figures_compactly()


def compact_png(figure):
    """A matplotlib figure as PNG bytes with a palette of at most 256 colours (as Jupyter crops it)."""
    from PIL import Image  # Pillow: a requirement of matplotlib

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB").quantize(256)
    compact = io.BytesIO()
    image.save(compact, format="png", optimize=True)
    return compact.getvalue()


def _store_figures_compactly():
    """In a Jupyter kernel, make ``compact_png`` the way figures become PNG outputs (else nothing)."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import matplotlib.figure
    import matplotlib.pyplot as plt

    plt.close(plt.figure())  # matplotlib installs its own PNG formatter with its first figure
    png = shell.display_formatter.formatters["image/png"]
    png.for_type(matplotlib.figure.Figure, compact_png)
