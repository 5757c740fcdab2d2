"""Frozen editions: each release built once, kept byte for byte, and the site assembled from all of them.

The store is the git branch ``editions`` (as mike keeps MkDocs versions on a branch): one folder per release,
``v/<version>/``, holding that release's built site and ``SHA256SUMS``, the hash of every file in it written
when it was frozen. A release adds a folder and never touches another (``add`` refuses, ``verify`` proves it).

The site the Pages deploy publishes (``assemble``):

    /                 the latest release, copied (the live address)
    /latest/          the same, at an address that names it
    /v/<version>/     every release, as frozen
    /versions.json    the editions, their pages, and every claim's verdict in each (editions.js reads it)
    /data/latest/     the latest release's tables, at addresses that never change

    python -m bookbuild.editions build 0.1.0 DIR    # build a release from its tag into DIR/v/0.1.0 (once)
    python -m bookbuild.editions add DIR            # commit DIR's editions to the branch (existing ones unchanged)
    python -m bookbuild.editions site OUT           # the site, from the branch, into OUT (the Pages deploy)
    python -m bookbuild.editions verify             # every edition on the branch matches its SHA256SUMS

Standard library only: the deploy runs it without the book's environment.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from bookbuild import history
from bookbuild.history import TAG_PREFIX, git, version_key
from evidence.paths import ROOT

BRANCH = "editions"
SUMS = "SHA256SUMS"
HOOK = ("editions.js", "editions.css")  # in _assets/: what every edition loads to learn about later ones


# --- the hash manifest -------------------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != SUMS)


def manifest(folder: Path) -> str:
    """sha256sum's format: `sha256sum -c SHA256SUMS` in the folder checks it."""
    return "".join(f"{digest(folder / name)}  {name}\n" for name in files(folder))


def verify(folder: Path) -> list[str]:
    """What differs from the folder's SHA256SUMS: changed, missing and added files (empty when intact)."""
    listed = dict(reversed(line.split("  ", 1)) for line in (folder / SUMS).read_text().splitlines())
    problems = [f"missing: {n}" for n in listed if not (folder / n).is_file()]
    problems += [f"changed: {n}" for n in listed if (folder / n).is_file() and digest(folder / n) != listed[n]]
    problems += [f"added: {n}" for n in files(folder) if n not in listed]
    return problems


# --- the store ---------------------------------------------------------------------------------------------


def editions_in(store: Path) -> list[str]:
    """The versions a store holds, oldest first."""
    folder = store / "v"
    found = [p.name for p in folder.iterdir() if (p / SUMS).exists()] if folder.exists() else []
    return sorted(found, key=version_key)


def freeze(site: Path, store: Path, version: str) -> Path:
    """Copy a built site into the store as edition ``version`` and write its manifest. An edition is frozen once."""
    target = store / "v" / version
    if target.exists():
        raise FileExistsError(f"edition {version} is already frozen at {target}; a release is never rebuilt")
    shutil.copytree(site, target)
    (target / SUMS).write_text(manifest(target), encoding="utf-8")
    return target


def branch_ref(branch: str = BRANCH) -> str | None:
    """The branch holding the editions, here or as fetched from origin; None if neither exists."""
    for ref in (f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"):
        if subprocess.run(["git", "rev-parse", "--verify", "-q", ref], cwd=ROOT, capture_output=True).returncode == 0:
            return ref
    return None


def checkout(store: Path, branch: str = BRANCH) -> bool:
    """The editions on the branch, written into ``store`` (git archive: no work tree is touched)."""
    ref = branch_ref(branch)
    if ref is None:
        return False
    store.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as archive:
        archive.write(git("archive", "--format=tar", ref, text=False))
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            tar.extractall(store, filter="data")
    return True


def add(store: Path, message: str, branch: str = BRANCH) -> str:
    """Commit ``store`` as the branch's next commit, after checking that no edition already on the branch
    changed: a release only adds its own folder. Returns the new commit."""
    ref = branch_ref(branch)
    if ref:
        with tempfile.TemporaryDirectory() as old:
            checkout(Path(old), branch)
            for version in editions_in(Path(old)):
                mine, theirs = store / "v" / version, Path(old) / "v" / version / SUMS
                if not (mine / SUMS).exists() or (mine / SUMS).read_bytes() != theirs.read_bytes() or verify(mine):
                    raise ValueError(f"edition {version} differs from the branch: frozen editions never change")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        git("--work-tree", str(store), "add", "--all", "--force", ".", env=env)
        tree = git("write-tree", env=env).strip()
    parents = ["-p", ref] if ref else []
    commit = git("commit-tree", tree, *parents, "-m", message).strip()
    git("update-ref", f"refs/heads/{branch}", commit)
    return commit


# --- the site ----------------------------------------------------------------------------------------------


def edition_pages(folder: Path) -> list[str]:
    """The pages of an edition a switcher can land on: its first page, then the book's pages."""
    pages = sorted(p.relative_to(folder).as_posix() for p in (folder / "book").glob("*.html"))
    first = [p for p in pages if p.endswith("/intro.html")]
    return first + [p for p in pages if p not in first]


def versions(held: list[tuple[str, list[str]]], history: dict) -> dict:
    """versions.json: the editions held (version, pages), oldest first, and every claim's verdict in each (from
    ``history``, the latest edition's history.json) with the page of its current verdict."""
    dates = {e["version"]: e["released"] for e in history.get("editions", [])}
    claims = {}
    for claim_id, entries in history.get("claims", {}).items():
        verdicts = {e["version"]: e["verdict"] for e in entries if e["version"] in dict(held)}
        if verdicts:
            claims[claim_id] = {"verdicts": verdicts, "page": f"book/{entries[-1]['chapter']}.html"}
    return {
        "latest": held[-1][0] if held else "",
        "editions": [{"version": v, "released": dates.get(v, ""), "path": f"v/{v}/", "pages": p} for v, p in held],
        "claims": claims,
    }


def latest_tables(edition: Path, out: Path) -> None:
    """The latest release's tables at addresses that never change, /data/latest/<table>.csv: the contents of its
    data package zip (every edition has one: older releases had no data/ folder of their own)."""
    archives = sorted((edition / "data").glob("nk-gambit-book-data-*.zip"))
    if not archives:
        return
    target = out / "data" / "latest"
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archives[-1]) as archive:
        for member in archive.infolist():
            name = member.filename.split("/", 1)[-1]
            if name and not member.is_dir() and "/" not in name:
                (target / name).write_bytes(archive.read(member))


def assemble(store: Path, out: Path) -> dict:
    """The site to publish: the latest release at the root and /latest/, every release under /v/."""
    held = editions_in(store)
    if not held:
        raise ValueError(f"no edition in {store}")
    newest = store / "v" / held[-1]
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(newest, out, ignore=shutil.ignore_patterns(SUMS))
    shutil.copytree(newest, out / "latest", ignore=shutil.ignore_patterns(SUMS))
    shutil.copytree(store / "v", out / "v")
    # Each claim's verdicts: the newest edition's own history.json, or (a release made before editions had one)
    # the repository's, which every release brings up to date.
    own = newest / "history.json"
    seen = json.loads(own.read_text(encoding="utf-8")) if own.exists() else history.load()
    index = versions([(v, edition_pages(store / "v" / v)) for v in held], seen)
    (out / "versions.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    latest_tables(newest, out)
    (out / ".nojekyll").write_text("")  # Pages must serve _static/ and _sources/ as they are
    return index


# --- building a release ------------------------------------------------------------------------------------


def commit_of(version: str) -> str:
    """A release's commit: its tag's, or, in a clone without the tags, the one history.json recorded."""
    tagged = subprocess.run(["git", "rev-list", "-n", "1", f"{TAG_PREFIX}{version}"], cwd=ROOT, capture_output=True)
    if tagged.returncode == 0:
        return tagged.stdout.decode().strip()
    return next(e["commit"] for e in history.load()["editions"] if e["version"] == version)


def _has(commit: str, path: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", f"{commit}:{path}"], cwd=ROOT, capture_output=True).returncode == 0


def hook_config(tree: Path) -> Path:
    """For a release made before editions existed: its own _config.yml plus the hook (editions.js and .css,
    copied from this checkout) as one more static folder and two more page assets. Nothing else changes."""
    assets = tree / "_edition_hook"
    assets.mkdir()
    for name in HOOK:
        shutil.copyfile(ROOT / "_assets" / name, assets / name)
    config = (tree / "_config.yml").read_text(encoding="utf-8")
    # Jupyter Book's YAML: append to sphinx.config's html_static_path list and add the two asset lists.
    config, count = re.subn(
        r"^(\s+)html_static_path: \[([^\]]*)\]",
        r"\1html_static_path: [\2, _edition_hook]\n\1html_js_files: [editions.js]\n\1html_css_files: [editions.css]",
        config,
        count=1,
        flags=re.MULTILINE,
    )
    if count != 1:
        raise ValueError("no sphinx.config.html_static_path in the release's _config.yml")
    path = tree / "_config.edition.yml"
    path.write_text(config, encoding="utf-8")
    return path


def build(version: str, store: Path, data_zip=None) -> Path:
    """Build release ``version`` from its tag in a temporary work tree, with its own pinned environment and its
    own `make book` (and `make pdf` where its pages link their PDFs), then freeze it into ``store``.
    ``data_zip(data_dir, version, out_dir)`` adds the data package zip to a release that did not make one."""
    commit = commit_of(version)
    tree = Path(tempfile.mkdtemp(prefix=f"edition-{version}-"))
    git("worktree", "add", "--detach", str(tree), commit)
    try:
        flags = []
        if not _has(commit, "_assets/editions.js"):
            flags = [f"JB_FLAGS=-W -n --keep-going --config {hook_config(tree).name}"]
        # Its own make, not a sub-make of ours: no variables or flags handed down.
        run = {
            k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "EVIDENCE_DATA_DIR")
        }
        subprocess.run(["make", "book", *flags], cwd=tree, check=True, env=run)
        if "_build/html/pdf/" in (tree / "Makefile").read_text(encoding="utf-8"):
            subprocess.run(["make", "pdf", *flags], cwd=tree, check=True, env=run)
        site = tree / "_build" / "html"
        if data_zip is not None and not list((site / "data").glob("*.zip")):
            data_zip(tree / "data", version, site / "data")
        return freeze(site, store, version)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        shutil.rmtree(tree, ignore_errors=True)


def main(argv: list[str]) -> int:
    command, *rest = argv or ["help"]
    if command == "build":
        from bookbuild.datazip import write as data_zip

        print(build(rest[0], Path(rest[1]), data_zip))
    elif command == "add":
        print(add(Path(rest[0]), rest[1] if len(rest) > 1 else "Editions"))
    elif command == "site":
        with tempfile.TemporaryDirectory() as tmp:
            if not checkout(Path(tmp)):
                print(f"no branch {BRANCH!r} here or at origin: nothing to publish", file=sys.stderr)
                return 1
            problems = {v: verify(Path(tmp) / "v" / v) for v in editions_in(Path(tmp))}
            if any(problems.values()):
                print(f"editions changed after release: {problems}", file=sys.stderr)
                return 1
            index = assemble(Path(tmp), Path(rest[0]))
        print(f"site in {rest[0]}: latest {index['latest']}, editions {[e['version'] for e in index['editions']]}")
    elif command == "verify":
        with tempfile.TemporaryDirectory() as tmp:
            checkout(Path(tmp))
            problems = {v: verify(Path(tmp) / "v" / v) for v in editions_in(Path(tmp))}
        print(json.dumps(problems, indent=1))
        return 1 if any(problems.values()) else 0
    else:
        print(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
