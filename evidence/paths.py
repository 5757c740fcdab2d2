"""Where the project is: its root, and the data folder the loader reads (a copy can stand in, for tests)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("EVIDENCE_DATA_DIR") or ROOT / "data")
