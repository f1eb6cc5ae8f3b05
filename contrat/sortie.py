"""Writing outputs to dist/ all at once: a failed build never leaves half-written files
and never destroys the previous good output."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def publier(dist: Path, fichiers: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary folder in ``dist``, then move them in place."""
    dist.mkdir(parents=True, exist_ok=True)
    if len(set(fichiers)) != len(fichiers):  # pragma: no cover - dict keys are unique
        raise ValueError("deux sorties portent le même nom")
    tmp = Path(tempfile.mkdtemp(prefix=".construction-", dir=dist))
    try:
        for nom, contenu in fichiers.items():
            (tmp / nom).write_bytes(contenu)
        chemins = []
        for nom in fichiers:
            os.replace(tmp / nom, dist / nom)
            chemins.append(dist / nom)
        return chemins
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
