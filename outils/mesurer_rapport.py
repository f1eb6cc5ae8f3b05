"""How long ``build.py rapport ANNEE`` takes beside its floor: a bare cold LibreOffice conversion of
the very DOCX it wrote, measured in the same run, in turn (a machine slower for a while slows both
alike), medians of N. The issue's goal: at most 1.5 times the floor.

Usage: .venv/bin/python outils/mesurer_rapport.py [N] [--sources DOSSIER] [--annee AAAA]
  N          runs per median (default 5)
  --sources  the contract's sources (default: sources/, its suivi/ beside it)

Prints the report's median, the bare ``soffice --convert-to pdf`` median, the same with the
contract's export filter (PDF/A-3b, tagged), and the median of the ratios; exit 1 above 1.5.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mesurer import build, executer, filtre_du_contrat, ligne, soffice_nu  # noqa: E402  # after the path is set

BORNE = 1.5


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("n", nargs="?", type=int, default=5)
    arguments.add_argument("--sources", type=Path, default=RACINE / "sources")
    arguments.add_argument("--annee", default="2025")
    options = arguments.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(RACINE / "contrat"), str(RACINE / "build.py")],
                   check=True, stdout=subprocess.DEVNULL)
    tmp = Path(tempfile.mkdtemp(prefix="contrat-mesure-rapport-"))
    try:
        sources = tmp / "sources"
        shutil.copytree(options.sources, sources)
        shutil.copytree(options.sources.parent / "suivi", tmp / "suivi")
        dist = tmp / "dist"
        docx = dist / f"rapport-{options.annee}.docx"
        commande = build("rapport", options.annee, "--sources", str(sources), "--dist", str(dist))
        mesures = []
        for k in range(options.n):
            duree = executer(commande)[0]
            copie = tmp / f"rapport-{k}.docx"
            shutil.copyfile(docx.resolve(), copie)  # the set's link: its file, as the report wrote it
            mesures.append((duree, soffice_nu(copie, tmp), soffice_nu(copie, tmp, filtre_du_contrat())))
        rapport, nu, balise = (statistics.median(m[i] for m in mesures) for i in range(3))
        ratio = statistics.median(a / b for a, b, _ in mesures)
        ratio_balise = statistics.median(a / c for a, _, c in mesures)
        ligne(f"mesure (médiane de {options.n})", "temps", "rapport")
        ligne(f"build.py rapport {options.annee}", f"{rapport:.2f} s",
              f"soffice nu : {nu:.2f} s → {ratio:.2f} ; soffice PDF/A balisé : {balise:.2f} s → {ratio_balise:.2f}")
        if ratio > BORNE:
            raise SystemExit(f"le rapport prend {ratio:.2f} fois une conversion nue de son DOCX (objectif : {BORNE})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
