"""A notebook that raises makes the strict build fail (and so make book and make test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.slow  # runs notebooks or builds, or reads the built book

ROOT = Path(__file__).resolve().parent.parent


def _jb_flags() -> list[str]:
    from bookbuild.publish import JB_FLAGS

    return JB_FLAGS


def test_a_raising_notebook_fails_the_build(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "title: t\nexecute:\n  execute_notebooks: force\n  allow_errors: false\n"
        "sphinx:\n  config:\n    nb_execution_raise_on_error: true\n"
    )
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: broken\n")
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Broken"), nbformat.v4.new_code_cell("raise ValueError('bad data')")]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "broken.ipynb")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jupyter_book), "build", str(tmp_path), *_jb_flags()], capture_output=True, text=True)
    assert result.returncode != 0
    assert "bad data" in result.stdout + result.stderr
