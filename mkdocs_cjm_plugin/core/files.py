"""Writing the files the plugin owns (caches, pictures) so that no reader sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and os.replace: readers never see half a file."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        Path(temp).replace(path)  # atomic on POSIX and Windows (os.replace)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
