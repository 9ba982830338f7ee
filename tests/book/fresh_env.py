"""Fresh virtual environments for the tests that need their own, and running things in them.

Building an environment with TensorFlow takes a while, so each is kept in a cache folder
(`.venv-cache/` in the repository, ignored by git; $NNLIB_ENV_CACHE to move it) named by a hash of
everything that decides its contents; a changed input makes a new one, and the stale ones are removed.
"""
import glob
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

from tools.notebooks import ROOT

CACHE = pathlib.Path(os.environ.get("NNLIB_ENV_CACHE", ROOT / ".venv-cache"))


def find_python(version):
    """An interpreter of the given "3.12"-style version on this machine, or None."""
    candidates = [shutil.which(f"python{version}")]
    for root in [os.environ.get("PYENV_ROOT"), pathlib.Path.home() / ".pyenv"]:
        if root:
            candidates += sorted(glob.glob(f"{root}/versions/{version}.*/bin/python{version}"), reverse=True)
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        candidates.append(sys.executable)
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run([candidate, "-c", "import sys, venv, ensurepip; print(sys.version)"],
                                 capture_output=True, text=True, timeout=60)
        except OSError:
            continue
        if out.returncode == 0 and out.stdout.startswith(f"{version}."):
            return candidate
    return None


def cached_env(name, python, install_args, inputs, cwd=ROOT):
    """A virtual environment made by `uv pip install *install_args` (run in cwd), built once per inputs.

    uv installs what pip would (the same requirements, the same index) in a fraction of the time. As
    pip does, it compiles the modules at install time (without it every new process that may not
    write bytecode, such as the grader's workers, would compile TensorFlow again). The environment
    gets pip too (`uv venv --seed`), for what runs in it: a notebook's `%pip install`.
    inputs: the texts that decide the environment's contents (requirement files, pyproject.toml, ...).
    Returns (path of the environment, seconds spent building it now: 0 when it came from the cache).
    """
    import time

    key = hashlib.sha256(json.dumps([python, install_args, inputs, str(cwd)]).encode()).hexdigest()[:12]
    venv = CACHE / f"{name}-{key}"
    if (venv / ".complete").exists():
        return venv, 0.0
    for stale in CACHE.glob(f"{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    start = time.perf_counter()
    uv = shutil.which("uv", path=str(pathlib.Path(sys.executable).parent)) or "uv"
    run([uv, "venv", "--quiet", "--seed", "--python", python, str(venv)], cwd=cwd)
    run([uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", str(venv / "bin" / "python"),
         *install_args], cwd=cwd)
    (venv / ".complete").write_text(json.dumps({"inputs": inputs, "args": install_args}))
    return venv, time.perf_counter() - start


def run(cmd, **kwargs):
    """Run a command; on failure, raise with its output (pip's reasons) in the message."""
    out = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({out.returncode}):\n{out.stdout[-3000:]}\n"
                           f"{out.stderr[-3000:]}")
    return out.stdout


# nbval's options, as `./run test` gives them, for the runs in child processes.
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg")]


def pytest_in(python, args, env=None):
    """pytest run by ``python`` from the repository root, in ``env`` (by default this environment).

    Returns the CompletedProcess; its stdout names each failing test (for nbval: the notebook and
    the cell, as in ``chapters/01_tensors.ipynb::Cell 5``).
    """
    return subprocess.run([str(python), "-m", "pytest", *map(str, args), "-q", "-rf", "-p", "no:cacheprovider"],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def failures(result, limit=8000):
    """What a pytest run printed about its failures, short enough for an assertion message."""
    out = result.stdout
    start = out.find("= FAILURES =")
    report = out[out.rfind("\n", 0, start) + 1:] if start >= 0 else out
    return report if len(report) <= limit else report[:limit // 2] + "\n[...]\n" + report[-limit // 2:]


def kernel_manager(venv, workdir):
    """A jupyter KernelManager whose kernel is the ipykernel of `venv`, started in `workdir`."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    kernels = pathlib.Path(workdir) / ".kernels"
    spec = kernels / "fresh-env"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python ({venv.name})",
        "language": "python",
    }))
    return KernelManager(kernel_name="fresh-env", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))


def execute(nb, venv, workdir, timeout=900):
    """Run a notebook top to bottom in the kernel of `venv`, from `workdir`; raises on a cell's error."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=timeout, km=kernel_manager(venv, workdir),
                            resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


def text_of(cell):
    """All the text a code cell printed or showed (streams and text/plain results)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out["text"])
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
    return "".join(parts)


def runtime_version(text):
    match = re.fullmatch(r"python-(\d+\.\d+)(\.\d+)?", text.strip())
    assert match, f"runtime.txt should read python-X.Y, not {text!r}"
    return match.group(1)
