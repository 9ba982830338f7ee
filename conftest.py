"""pytest configuration shared by the unit tests and nbval's run of every notebook."""
import os

from hypothesis import settings

from nnlib.notebook import QUIET_TENSORFLOW

# The chapters' first cell sets these too; setting them here as well keeps TensorFlow quiet in the
# unit tests that compare with it, and in nbval's kernels, which inherit this environment.
for name, value in QUIET_TENSORFLOW.items():
    os.environ.setdefault(name, value)

# In CI the property tests run the same examples every time, so a red run can be reproduced and is
# never down to the luck of the draw; elsewhere they explore new examples on each run.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_collectstart(collector):
    """nbval: compare every stored output except stderr.

    What TensorFlow and CUDA print on stderr when they start depends on the machine (a GPU, its
    drivers, the CPU's instruction set), not on the notebook. The committed notebooks hold no stderr
    at all (tests/book/test_notebooks.py checks), so a chapter that wants to show a warning prints it to
    stdout, where it is compared like any other output.
    """
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
