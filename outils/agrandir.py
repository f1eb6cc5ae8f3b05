"""A contract k times larger, for the benchmark: k times the enjeux (and their axes), the chapters
of prose, the annexes and the contributions, with new identifiers; same registries and figures.

Usage: .venv/bin/python outils/agrandir.py SOURCES CIBLE K
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import yaml


def lire(chemin: Path) -> Any:
    # Every scalar a string, as the engine reads them.
    return yaml.load(chemin.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def ecrire(chemin: Path, donnees: Any) -> None:
    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def agrandir(sources: Path, cible: Path, k: int) -> None:
    shutil.copytree(sources, cible)
    enjeux = lire(cible / "enjeux.yaml")
    originaux = list(enjeux["enjeux"])
    for n in range(2, k + 1):
        for enjeu in originaux:
            copie = yaml.safe_load(yaml.safe_dump(enjeu))  # deep copy of plain data
            copie["code"] = f"{enjeu['code']}-{n}"
            copie["titre"] = f"{enjeu['titre']} ({n})"
            for axe in copie["axes"]:
                axe["code"] = f"{axe['code']}-{n}"
            enjeux["enjeux"].append(copie)
    ecrire(cible / "enjeux.yaml", enjeux)

    contrat = lire(cible / "contrat.yaml")
    chapitres = []
    for ch in contrat["chapitres"]:
        chapitres.append(ch)
        if "texte" in ch and "inclure" not in ch and ch.get("numerote") != "non":
            chapitres += [{**ch, "code": f"{ch['code']}-{n}", "titre": f"{ch['titre']} ({n})"} for n in range(2, k + 1)]
    contrat["chapitres"] = chapitres
    for liste in ("annexes", "contributions"):
        entrees = list(contrat.get(liste) or [])
        for n in range(2, k + 1):
            for entree in list(contrat.get(liste) or []):
                fichier = Path(entree["fichier"])
                if fichier.suffix != ".yaml":
                    entrees.append(entree)
                    continue
                nouveau = fichier.with_name(f"{fichier.stem}-{n}.yaml")
                document = lire(cible / fichier)
                if "code" in document:  # else the code is the entry's (a file of CIV measures)
                    document["code"] = f"{document['code']}-{n}"
                document["titre"] = f"{document['titre']} ({n})"
                ecrire(cible / nouveau, document)
                entrees.append({**entree, "fichier": nouveau.as_posix(),
                                **({"code": f"{entree['code']}-{n}"} if "code" in entree else {})})
        contrat[liste] = entrees
    ecrire(cible / "contrat.yaml", contrat)


if __name__ == "__main__":
    agrandir(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
