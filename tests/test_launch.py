"""The launch buttons lead to environments that can run the page: Binder's files match uv.lock; no Colab."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib

import yaml

from evidence.paths import ROOT

UV = ROOT / ".tools" / "bin" / "uv"
EXPORT = ["export", "--frozen", "--no-hashes", "--no-default-groups", "--format", "requirements.txt", "--quiet"]


def test_binder_requirements_are_exported_from_the_lock():
    result = subprocess.run(
        [str(UV), *EXPORT], capture_output=True, text=True, cwd=ROOT, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    )
    assert result.returncode == 0, result.stderr
    stored = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert stored == result.stdout, "binder/requirements.txt is out of date with uv.lock: run `make binder`"


def test_binder_installs_the_package_and_the_books_pins():
    lines = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-e ." in lines  # evidence/ importable from book/, data/ beside it
    pins = {}
    for line in lines:
        if "==" in line and not line.startswith((" ", "#")):
            name, _, rest = line.partition("==")
            pins[name.strip()] = rest.split(";")[0].strip()
    for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]:
        name, _, version = requirement.partition("==")
        name = name.split("[")[0].strip()  # fonttools[woff] is pinned as fonttools
        if version:
            assert pins.get(name) == version.split()[0].strip('",'), name


def test_binder_python_matches_the_project():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    minor = re.fullmatch(r"python-3\.(\d+)", runtime).group(1)
    assert f">=3.{minor}" in requires and f"<3.{int(minor) + 1}" in requires


def test_no_launch_button_opens_the_notebook_without_its_repository():
    buttons = yaml.safe_load((ROOT / "_config.yml").read_text())["launch_buttons"]
    assert "colab_url" not in buttons and "deepnote_url" not in buttons
    assert buttons.get("binderhub_url")
