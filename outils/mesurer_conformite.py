"""How long ``build.py conformite`` takes beside ``build.py check`` on the same sources (issue 25:
conformite ≤ check + 0.2 s). Each command in its own process (as a user runs it), alternating,
N runs each; prints the medians and the difference.

Usage: .venv/bin/python outils/mesurer_conformite.py [--sources sources] [--dist dist] [-n 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def duree(*args: str) -> float:
    debut = time.perf_counter()
    subprocess.run([sys.executable, "build.py", *args], cwd=RACINE, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - debut


def main() -> None:
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("--sources", default="sources")
    parseur.add_argument("-n", type=int, default=9)
    parseur.add_argument("--dist", default="dist", help="dossier d'un PDF construit (pages imprimées)")
    a = parseur.parse_args()
    check: list[float] = []
    conformite: list[float] = []
    for _ in range(a.n):
        check.append(duree("check", "--sources", a.sources))
        conformite.append(duree("conformite", "--sources", a.sources, "--dist", a.dist))
    mc, mf = statistics.median(check), statistics.median(conformite)
    print(f"check : {mc:.3f} s ; conformite : {mf:.3f} s ; écart : {mf - mc:+.3f} s (médianes de {a.n}, alternées)")
    sys.exit(0 if mf <= mc + 0.2 else 1)


if __name__ == "__main__":
    main()
