"""The warmed parent (exercises/zygote.py): each submission still gets a fresh, separate process.

What the forked worker must share with the ``python -m exercises.worker`` it replaces: a process of
its own in its own session and process group, only its own channel among its descriptors, its own
copy of the library, nothing passed on to the next submission. And the fork must be safe: the parent
imports TensorFlow without starting a thread. The hostile submissions of test_grader.py run through
it too (it is the default).
"""
import json
import os
import pathlib
import time

import pytest

from exercises import grade, sandbox, zygote
from exercises.sandbox import Submission, library_snapshot
from tests.exercises.test_grader import FAST, MSE, SOFTMAX, TINY, notebook

SETUP = "import numpy as np"  # not test_grader's, which imports otter
CORRECT = [SETUP, SOFTMAX, MSE]
PROBE = """\
import os, sys
import exercises.worker, nnlib
fds = sorted(int(fd) for fd in os.listdir('/proc/self/fd'))
ids = [os.getpid(), os.getpgid(0), os.getsid(0), os.getppid()]
threads = len(os.listdir('/proc/self/task'))
places = [os.getcwd(), sys.path[0], os.path.dirname(os.path.dirname(nnlib.__file__)),
          os.path.dirname(os.path.dirname(exercises.worker.__file__)), os.environ['PYTHONPATH']]"""


def probe(library, preload=(), cells=(PROBE,)):
    submission = Submission(notebook(list(cells)).encode(), "probe.ipynb", library, preload=preload)
    try:
        submission.run_notebook()
        assert not submission.problems, submission.problems
        submission.start_test("probe", 20)
        return {name: submission.get(name) for name in ("fds", "ids", "threads", "places", "answer")}, submission
    finally:
        submission.close()


def test_a_forked_worker_is_a_fresh_process_with_its_own_channel_and_library():
    library = library_snapshot()
    first, submission = probe(library)
    second, _ = probe(library)
    assert isinstance(submission.process, zygote.ForkedProcess)
    pid, pgid, sid, ppid = first["ids"]
    assert pid == pgid == sid  # its own session and process group, killed as one
    assert ppid == sandbox.warmed_parent(library, ()).process.pid and second["ids"][0] != pid
    assert len(first["fds"]) == 5  # stdin, stdout, stderr, its channel, and the listing's own
    assert first["threads"] == 1
    work, path0, nnlib_home, worker_home, pythonpath = first["places"]
    assert path0 == work and nnlib_home == worker_home == pythonpath  # its own copy, as a fresh Python has
    assert pathlib.Path(work).parent == pathlib.Path(pythonpath).parent == submission.directory
    fresh, _ = probe(library, preload=None)  # what `python -m exercises.worker` had
    assert len(fresh["fds"]) == len(first["fds"]) and fresh["threads"] == first["threads"]


def test_the_warmed_parent_imports_tensorflow_without_starting_a_thread():
    # Forking a process with threads is unsafe; the parent imports, and runs nothing.
    library = library_snapshot()
    parent = sandbox.warmed_parent(library, sandbox.HEAVY)
    assert parent is not None
    assert len(os.listdir(f"/proc/{parent.process.pid}/task")) == 1
    keras_cells = [PROBE, "import keras\nimport numpy as np\nkeras.utils.set_random_seed(0)\n"
                          "layer = keras.layers.Dense(3, kernel_initializer='ones')\n"
                          "answer = np.asarray(layer(np.ones((2, 4), dtype='float32')))"]
    for _ in range(2):  # each child runs TensorFlow ops: threads of its own, not of the parent
        values, submission = probe(library, sandbox.HEAVY, keras_cells)
        assert isinstance(submission.process, zygote.ForkedProcess)
        assert values["answer"].tolist() == [[4.0] * 3] * 2 and values["threads"] == 1
        assert len(os.listdir(f"/proc/{parent.process.pid}/task")) == 1


def test_what_a_submission_does_to_its_interpreter_never_reaches_the_next(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    vandal = """\
import builtins, numpy, exercises.worker
numpy.exp = lambda x: x * 0
numpy.ndarray = None
builtins.float = int
exercises.worker.encode = None
import sys
sys.modules['numpy'] = None"""
    (folder / "a_vandal.ipynb").write_text(notebook([SETUP, vandal]))
    (folder / "b_correct.ipynb").write_text(notebook(CORRECT))
    first, second = grade.grade_folder(str(TINY), folder, **FAST)
    assert first.total == 0.0
    assert (second.total, second.status) == (3.0, "ok")


DAEMON = """\
import os, time
if os.fork() == 0:
    os.setsid()  # out of the submission's process group, which the grader kills
    if os.fork() == 0:
        time.sleep(3)
        open({marker!r}, "w").write("outlived its submission")
    os._exit(0)"""


def test_a_process_a_submission_leaves_behind_dies_with_it(tmp_path):
    marker = tmp_path / "survived"
    path = _write(tmp_path, "daemon", CORRECT + [DAEMON.format(marker=str(marker))])
    result = grade.grade_submission(str(TINY), path, **FAST)
    assert (result.total, result.status) == (3.0, "ok")
    time.sleep(5)
    assert not marker.exists()


def test_a_submission_that_kills_the_warmed_parent_costs_no_one_anything(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    killer = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"  # its parent: the warmed one
    (folder / "a_killer.ipynb").write_text(notebook(CORRECT + [killer]))
    (folder / "b_correct.ipynb").write_text(notebook(CORRECT))
    (folder / "c_exit.ipynb").write_text(notebook(CORRECT + ["import os\nos._exit(3)"]))
    killer, correct, exits = grade.grade_folder(str(TINY), folder, **FAST)
    assert (killer.total, killer.status) == (3.0, "ok")  # it answered right: its own process lived on
    assert (correct.total, correct.status) == (3.0, "ok")  # a new warmed parent, or a fresh Python
    assert (exits.total, exits.status) == (0.0, "the process exited during the notebook (exit code 3)")


@pytest.mark.parametrize("cells", [CORRECT, [SETUP, "1/0", SOFTMAX, MSE], [SETUP, "def softmax(x):\n    import os\n"
                                   "    os._exit(0)", MSE], [SETUP, SOFTMAX, MSE, "import sys\nsys.exit(2)"]])
def test_a_fresh_python_and_a_warmed_fork_grade_alike(tmp_path, cells):
    path = _write(tmp_path, "same", cells)
    warm = grade.grade_submission(str(TINY), path, **FAST)
    cold = grade.grade_submission(str(TINY), path, preload=None, **FAST)
    assert (warm.scores, warm.status) == (cold.scores, cold.status)


def test_the_worker_modules_travel_with_the_library():
    assert {"exercises/worker.py", "exercises/zygote.py", "exercises/__init__.py"} <= set(library_snapshot())


def test_a_set_whose_notebooks_import_tensorflow_gets_it_preloaded(tmp_path):
    setup = {"cells": [{"cell_type": "code", "source": ["import nnlib\n", "nnlib.setup_notebook(seed=0)"]}]}
    (tmp_path / "form.ipynb").write_text(json.dumps(setup))
    assert sandbox.preload_for(tmp_path / "form.ipynb") == sandbox.HEAVY
    (tmp_path / "plain.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "source": "import numpy"}]}))
    assert sandbox.preload_for(tmp_path / "plain.ipynb") == ()
    assert sandbox.preload_for(None) == ()


def _write(tmp_path, name, cells):
    path = tmp_path / f"{name}.ipynb"
    path.write_text(notebook(cells))
    return path
