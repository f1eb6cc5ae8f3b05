"""Benchmark of the test suite: the suite of a former commit and today's, back to back on this
machine (speed is measured here, never in tests).

Usage: .venv/bin/python outils/mesurer_tests.py [REF]   (REF: the former commit, default e83230e,
the state of the suite when issue 10 was filed: 98 tests)

Prints the wall time of ``pytest`` for REF (in a temporary worktree), for the current tree, and for
the current tree without LibreOffice (its tests skipped), with the number of tests of each.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def suite(dossier: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    debut = time.perf_counter()
    fini = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=dossier,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})
    duree = time.perf_counter() - debut
    bilan = (fini.stdout.strip().splitlines() or ["?"])[-1]
    return duree, re.sub(r"=+", "", bilan).strip()


def main() -> None:
    ref = sys.argv[1] if len(sys.argv) > 1 else "e83230e"
    with tempfile.TemporaryDirectory(prefix="contrat-suite-") as tmp:
        ancien = Path(tmp) / "ancien"
        subprocess.run(["git", "-C", str(RACINE), "worktree", "add", "-q", "--detach", str(ancien), ref], check=True)
        try:
            mesures = [(f"suite de {ref}", *suite(ancien))]
        finally:
            subprocess.run(["git", "-C", str(RACINE), "worktree", "remove", "--force", str(ancien)], check=False)
    mesures.append(("suite actuelle", *suite(RACINE)))
    mesures.append(("suite actuelle sans LibreOffice", *suite(RACINE, {"CONTRAT_SOFFICE": "/nonexistent"})))
    reference = mesures[0][1]
    for nom, duree, bilan in mesures:
        print(f"{nom:34s} {duree:7.1f} s  ({duree / reference:.2f} × {ref})  {bilan}")


if __name__ == "__main__":
    main()
