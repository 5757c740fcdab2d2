"""The build's one execute step: validate, invalidate exactly, execute in parallel, in one Python process.

``python -m bookbuild.execute prepare`` (``make book``, ``make pdf``, ``make outputs``):

1. validates data/ (any problem: one ``file:row: column: problem`` line each, exit 1, nothing built);
2. writes references.bib from data/sources.csv;
3. drops the cached execution of every notebook whose inputs changed. A notebook's inputs are the
   notebook API (every file of the ``evidence`` package: a folder, not a list; a change to ``bookbuild``
   re-executes nothing), the data package descriptor, uv.lock and the tables it actually read on its last
   run: ``evidence.data.load()`` appends each table it reads to the file named by EVIDENCE_DEPS_FILE,
   which this step sets for each notebook (a dependency file, as a compiler writes one);
4. executes every notebook of _toc.yml that has no cached execution, with jupyter-cache's
   local-parallel executor (one worker per core, OMP_NUM_THREADS=1), into the cache that
   Jupyter Book reads (``execute_notebooks: cache``), so the build itself only merges outputs.
   Any failing notebook is reported by name with its cell's error, and the exit status is 1.

``python -m bookbuild.execute outputs`` runs ``prepare`` and then writes the cached outputs into
book/*.ipynb (the stored outputs nbval checks), without executing anything again.
``python -m bookbuild.execute execute --root DIR`` runs step 4 alone for the book at DIR.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import multiprocessing as mproc
import os
import re
import sys
import time
from pathlib import Path

import nbformat
import yaml
from jupyter_cache.executors.base import ExecutorRunResult
from jupyter_cache.executors.basic import ExecutionWorkerLocalMProc, JupyterExecutorLocalMproc, ProcessData

import evidence
from bookbuild.project import notebooks as toc_notebooks
from evidence.data import DEPS_ENV, package
from evidence.paths import DATA_DIR, ROOT

# Every notebook's shared inputs: the notebook API (the whole evidence package), the descriptor, the lock.
NOTEBOOK_API = Path(evidence.__file__).resolve().parent
ALWAYS = [
    DATA_DIR / "datapackage.json",
    ROOT / "uv.lock",
    *sorted(p for p in NOTEBOOK_API.rglob("*.py")),
]


def paths(root: Path) -> dict[str, Path]:
    build = root / "_build"
    return {"cache": build / ".jupyter_cache", "deps": build / ".deps", "state": build / ".deps" / "fingerprints.json"}


def _config(root: Path) -> dict:
    config = root / "_config.yml"
    return yaml.safe_load(config.read_text(encoding="utf-8")).get("execute", {}) if config.exists() else {}


# ---------------------------------------------------------------- invalidation


def deps_file(deps_dir: Path, notebook: Path) -> Path:
    return deps_dir / f"{notebook.stem}.tables"


def tables_read(deps_dir: Path, notebook: Path) -> list[str] | None:
    """The tables the notebook read on its last run, or None if it has no record."""
    record = deps_file(deps_dir, notebook)
    if not record.exists():
        return None
    return sorted(set(record.read_text(encoding="utf-8").split()))


def fingerprint(tables: list[str], data_dir: Path = DATA_DIR, always: list[Path] | None = None) -> str:
    """sha256 over the shared inputs and the CSVs of ``tables``."""
    names = {r["name"]: r["path"] for r in package(data_dir)["resources"]}
    files = [*(ALWAYS if always is None else always), *(data_dir / names[t] for t in tables if t in names)]
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        content = path.read_bytes() if path.exists() else b"(missing)"
        digest.update(str(path.name).encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def invalidate(
    notebooks: list[Path],
    cache,
    deps_dir: Path,
    state_file: Path,
    data_dir: Path = DATA_DIR,
    always: list[Path] | None = None,
) -> list[Path]:
    """Drop the cached run of each notebook whose recorded inputs changed (or that has no record)."""
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    dropped = []
    for notebook in notebooks:
        tables = tables_read(deps_dir, notebook)
        try:
            record = cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
        except KeyError:
            record = None  # code changed or never run: it executes anyway
        current = None if tables is None else fingerprint(tables, data_dir, always)
        if record is not None and (current is None or state.get(notebook.name) != current):
            cache.remove_cache(record.pk)
            dropped.append(notebook)
        if record is None or notebook in dropped:
            os.utime(notebook)  # Sphinx re-reads documents by modification time
    return dropped


def record_fingerprints(
    notebooks: list[Path], deps_dir: Path, state_file: Path, data_dir: Path = DATA_DIR, always: list[Path] | None = None
) -> None:
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    for notebook in notebooks:
        tables = tables_read(deps_dir, notebook)
        if tables is not None:
            state[notebook.name] = fingerprint(tables, data_dir, always)
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")


# ---------------------------------------------------------------- parallel execution


class Worker(ExecutionWorkerLocalMProc):
    """Runs one notebook with its own dependency file and one thread per numeric library."""

    def __init__(self, deps_dir: str):
        self.deps_dir = deps_dir

    def execute(self, project_nb, data):
        record = Path(self.deps_dir) / f"{Path(project_nb.uri).stem}.tables"
        record.unlink(missing_ok=True)
        os.environ[DEPS_ENV] = str(record)
        os.environ["OMP_NUM_THREADS"] = "1"
        return ExecutionWorkerLocalMProc.execute(project_nb, data)


class Executor(JupyterExecutorLocalMproc):
    """jupyter-cache's local-parallel executor, one notebook per task (the slowest first)."""

    def run_and_cache(
        self, *, deps_dir: Path, order: list[str], timeout=180, allow_errors=False, **_
    ) -> ExecutorRunResult:
        records = self.get_records(None, None, clear_tracebacks=True)
        rank = {uri: i for i, uri in enumerate(order)}
        records.sort(key=lambda r: rank.get(r.uri, -1))
        if not records:
            return ExecutorRunResult(succeeded=[], excepted=[], errored=[])
        tasks = [ProcessData(r.pk, r.uri, self.cache, timeout, allow_errors) for r in records]
        with mproc.Pool(min(os.cpu_count() or 1, len(tasks))) as pool:
            results = pool.map(Worker(str(deps_dir)), tasks, chunksize=1)
        return ExecutorRunResult(
            succeeded=[u for code, u in results if code == 0],
            excepted=[u for code, u in results if code == 1],
            errored=[u for code, u in results if code == 2],
        )


def _last_cell_error(traceback: str) -> str:
    """The failing cell's error from nbclient's report: the last lines naming the exception."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", traceback or "")
    lines = [line for line in text.strip().splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^\w*(Error|Exception|Exit|Interrupt)\b.*:", line)]
    return errors[-1].strip() if errors else (lines[-1].strip() if lines else "unknown error")


def _failing_cell(traceback: str) -> str:
    """The first line of the failing cell's source, as nbclient quotes it."""
    match = re.search(r"An error occurred while executing the following cell:\n-+\n(.*?)\n", traceback or "")
    return match.group(1).strip() if match else ""


def execute(
    root: Path = ROOT,
    notebooks: list[Path] | None = None,
    data_dir: Path = DATA_DIR,
    always: list[Path] | None = None,
    log=print,
) -> int:
    """Invalidate, then fill the cache in parallel. Returns the number of failed notebooks."""
    from jupyter_cache import get_cache

    where = paths(root)
    notebooks = [nb.resolve() for nb in (toc_notebooks(root) if notebooks is None else notebooks)]
    if not notebooks:
        log(f"no notebooks in {root / '_toc.yml'}: nothing to execute")
        return 1
    where["deps"].mkdir(parents=True, exist_ok=True)
    cache = get_cache(where["cache"])
    dropped = invalidate(notebooks, cache, where["deps"], where["state"], data_dir, always)
    _track_only(cache, notebooks)
    todo = [Path(r.uri) for r in cache.list_unexecuted()]
    if dropped:
        log("inputs changed for: " + ", ".join(nb.name for nb in dropped))
    times_file = where["deps"] / "seconds.json"
    times = json.loads(times_file.read_text()) if times_file.exists() else {}
    start = time.perf_counter()
    if todo:
        log(f"executing {len(todo)} of {len(notebooks)} notebooks on {min(os.cpu_count() or 1, len(todo))} workers")
    config = _config(root)
    result = Executor(cache=cache, logger=logging.getLogger("evidence.build")).run_and_cache(
        deps_dir=where["deps"],
        order=slowest_first(todo, times),
        timeout=config.get("timeout", 180),
        allow_errors=bool(config.get("allow_errors", False)),
    )
    failed = _report_failures(cache, [*result.excepted, *result.errored], root, log)
    _write_seconds(times_file, times, cache)
    record_fingerprints([Path(u) for u in result.succeeded], where["deps"], where["state"], data_dir, always)
    missing = [nb for nb in notebooks if nb not in set(map(Path, result.succeeded)) and _uncached(cache, nb)]
    if missing and not failed:
        failed = len(missing)
        log("not executed: " + ", ".join(nb.name for nb in missing))
    log(summary(len(todo), len(result.succeeded), failed, time.perf_counter() - start))
    return failed


def _track_only(cache, notebooks: list[Path]) -> None:
    """The cache's project holds exactly ``notebooks``: a notebook gone from the book is dropped from it."""
    wanted = {str(nb.resolve()) for nb in notebooks}
    for record in cache.list_project_records():
        if record.uri not in wanted:
            cache.remove_nb_from_project(record.pk)
    for nb in notebooks:
        cache.add_nb_to_project(str(nb.resolve()))


def slowest_first(todo: list[Path], times: dict[str, float]) -> list[str]:
    """The notebooks to execute as URIs, the slowest last time first, and those never timed before them all."""
    return sorted((str(p) for p in todo), key=lambda uri: -times.get(Path(uri).name, 1e9))


def _report_failures(cache, uris: list[str], root: Path, log) -> int:
    """One line for each failed notebook, with the cell it failed in and its error; returns how many."""
    for uri in uris:
        tb = cache.get_project_record(uri).traceback or ""
        cell = _failing_cell(tb)
        log(
            f"{Path(uri).relative_to(root) if Path(uri).is_relative_to(root) else uri}: notebook failed"
            + (f" in the cell starting {cell!r}" if cell else "")
            + f": {_last_cell_error(tb)}"
        )
    return len(uris)


def _write_seconds(times_file: Path, times: dict[str, float], cache) -> None:
    """Each cached notebook's execution time, by name, kept for the next run's order."""
    for record in cache.list_cache_records():
        seconds = record.data.get("execution_seconds")
        if seconds is not None:
            times[Path(record.uri).name] = float(seconds)
    times_file.write_text(json.dumps(times, indent=2, sort_keys=True) + "\n")


def summary(todo: int, succeeded: int, failed: int, seconds: float) -> str:
    """The run's last line: how many notebooks it executed, in how long, and how many failed."""
    if not todo:
        return "every notebook is cached and its inputs are unchanged: nothing to execute"
    return f"executed {succeeded} notebook(s) in {seconds:.1f} s" + (f"; {failed} failed" if failed else "")


def _uncached(cache, notebook: Path) -> bool:
    try:
        cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
        return False
    except KeyError:
        return True


# ---------------------------------------------------------------- steps


def prepare(root: Path = ROOT) -> int:
    from bookbuild import bibliography
    from bookbuild.validate import main as validate

    data_dir = root / "data"
    if validate([str(data_dir)]):
        return 1  # the validator has printed every problem and that nothing was built
    bibliography.main(root / "references.bib")
    failed = execute(root, data_dir=data_dir)
    if failed:
        print(f"{failed} notebook(s) failed; nothing was built.", file=sys.stderr)
        return 1
    return 0


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Stored outputs without run-to-run metadata, so writing them twice leaves no git diff."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def write_outputs(root: Path = ROOT) -> int:
    """Copy each notebook's cached outputs into the notebook file (no execution)."""
    from jupyter_cache import get_cache

    cache = get_cache(paths(root)["cache"])
    for notebook in toc_notebooks(root):
        source = nbformat.read(notebook, as_version=4)
        _, merged = cache.merge_match_into_notebook(source)
        merged = normalise(merged)
        if nbformat.writes(merged) != notebook.read_text(encoding="utf-8").rstrip("\n"):
            nbformat.write(merged, notebook)
            print(f"stored outputs updated: {notebook.relative_to(root)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbuild.execute")
    parser.add_argument("step", choices=["prepare", "outputs", "execute"])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.step == "execute":
        return 1 if execute(root, data_dir=root / "data" if (root / "data").exists() else DATA_DIR) else 0
    status = prepare(root)
    if status or args.step == "prepare":
        return status
    return write_outputs(root)


if __name__ == "__main__":
    sys.exit(main())
