"""Benchmark: times of `build.py check` and of the full build (median of N runs).

Usage: .venv/bin/python outils/mesurer.py [N]    (speed is measured here, never in tests)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def chronometrer(args: list[str], n: int) -> float:
    durees = []
    for _ in range(n):
        debut = time.perf_counter()
        subprocess.run([sys.executable, str(RACINE / "build.py"), *args], cwd=RACINE, check=True,
                       capture_output=True)
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as dist:
        mesures = {
            "build.py check": chronometrer(["check"], n),
            "build.py (DOCX + PDF)": chronometrer(["--dist", dist], max(1, n // 2)),
        }
        pdf = Path(dist) / "contrat-de-ville.pdf"
        from pypdf import PdfReader

        pages = len(PdfReader(pdf).pages)
        taille = pdf.stat().st_size // 1024
    for nom, duree in mesures.items():
        print(f"{nom:28s} {duree:6.2f} s (médiane)")
    print(f"PDF : {pages} pages, {taille} Ko")


if __name__ == "__main__":
    main()
