"""Benchmark: what the web edition adds to a cold build (speed is measured here, never in tests).

Usage: .venv/bin/python outils/mesurer_web.py [N] [--sources DOSSIER]
  N          cold builds (``--force``) of each kind (default 7)
  --sources  the contract to build (default: the Grand Dole's, sources/)

Alternates, in one run and with the same Python, a cold build as ``build.py`` makes it and the same
build with the web edition left out (``edition_web`` replaced by nothing in that process, started
as build.py starts: the engine has no option for it, and needs none), then prints both medians, the difference and its
share of the build (the issue's bound: at most 10 %).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent

SANS_WEB = """import sys
sys.path.insert(0, {racine!r})
sys.argv = ["build.py", *sys.argv[1:]]
from contrat.cli.demarrage import prechauffer, quitter
prechauffer(sys.argv[1:])  # as build.py: LibreOffice starts while the rest loads
import contrat.application.construction as construction
construction.edition_web = lambda *args, **kwargs: {{}}
from contrat.cli.principal import lancer
try:
    lancer()
    quitter(0)
except SystemExit as fin:
    quitter(fin.code)
"""


def _temps(commande: list[str]) -> float:
    debut = time.perf_counter()
    fini = subprocess.run(commande, cwd=RACINE, capture_output=True, text=True, timeout=900)
    duree = time.perf_counter() - debut
    if fini.returncode != 0:
        sys.exit(f"{' '.join(commande[:3])}… a échoué ({fini.returncode}) :\n{fini.stderr[-2000:]}")
    return duree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=7)
    parser.add_argument("--sources", type=Path, default=RACINE / "sources")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="contrat-web-") as tmp:
        sortes = {
            "avec l'édition web": [sys.executable, str(RACINE / "build.py")],
            "sans l'édition web": [sys.executable, "-c", SANS_WEB.format(racine=str(RACINE))],
        }
        mesures: dict[str, list[float]] = {nom: [] for nom in sortes}
        for k in range(args.n + 1):  # the first round warms the caches up and is not counted
            for i, (nom, commande) in enumerate(sortes.items()):
                dist = Path(tmp) / f"dist-{i}"
                duree = _temps([*commande, "--sources", str(args.sources), "--dist", str(dist), "--force"])
                if k:
                    mesures[nom].append(duree)
        web = [f for f in (Path(tmp) / "dist-0" / "web").resolve().rglob("*") if f.is_file()]  # the set's link followed
        assert web and not (Path(tmp) / "dist-1" / "web").exists(), "la mesure ne compare pas ce qu'elle dit"
        fichiers, octets = len(web), sum(f.stat().st_size for f in web)
    avec, sans = (statistics.median(mesures[nom]) for nom in sortes)
    print(f"Construction à froid, médianes de {args.n} en alternance ({args.sources}) :")
    print(f"  sans l'édition web {sans:6.2f} s ; avec {avec:6.2f} s ; "
          f"l'édition web ajoute {avec - sans:+.2f} s, soit {100 * (avec - sans) / sans:+.1f} % (borne : 10 %)")
    print(f"  {fichiers} fichiers, {octets // 1024} Ko")
    print(f"  écrire les pages, dans le processus (médiane de 20, arbre imprimé déjà calculé) : {_en_processus(args.sources):.3f} s")


def _en_processus(sources: Path) -> float:
    """The web writer alone, as a build calls it: the printed tree is the one the DOCX was
    rendered from (computed once, kept), so only the pages are written."""
    sys.path.insert(0, str(RACINE))
    from contrat.application.sources import verifier
    from contrat.impression.unites import imprimer
    from contrat.impression.version import bloc_de_version
    from contrat.rendu.web import rendre_web

    contrat = verifier(sources).contrat
    arbre = imprimer(contrat)
    durees = []
    for _ in range(21):
        debut = time.perf_counter()
        rendre_web(arbre, bloc_de_version("Contrat signé"), "contrat-de-ville.pdf")
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees[1:])


if __name__ == "__main__":
    main()
