"""Import cycles between the modules of the contrat package (imports inside functions included).

Usage: .venv/bin/python outils/cycles.py    (exit 1 and the cycles when there are any)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent / "contrat"


def module_de(chemin: Path) -> str:
    parties = chemin.relative_to(RACINE.parent).with_suffix("").parts
    return ".".join(parties[:-1] if parties[-1] == "__init__" else parties)


def imports(chemin: Path, module: str) -> set[str]:
    paquet = module if chemin.name == "__init__.py" else module.rsplit(".", 1)[0]
    trouves = set()
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.ImportFrom):
            if noeud.level:
                base = paquet.split(".")
                base = base[:len(base) - noeud.level + 1]
                cible = ".".join(base + ([noeud.module] if noeud.module else []))
            else:
                cible = noeud.module or ""
            if cible.startswith("contrat"):
                # « from . import cli_versions » imports a module; « from .cli import main » a name.
                sous_modules = {f"{cible}.{a.name}" for a in noeud.names} & MODULES
                trouves.update(sous_modules or {cible})
        elif isinstance(noeud, ast.Import):
            trouves.update(a.name for a in noeud.names if a.name.startswith("contrat"))
    return {t for t in trouves if t in MODULES and t != module}


FICHIERS = {module_de(p): p for p in RACINE.rglob("*.py")}
MODULES = set(FICHIERS)


def cycles() -> list[list[str]]:
    graphe = {m: imports(p, m) for m, p in FICHIERS.items()}
    trouves, vus = [], set()

    def explorer(m: str, pile: list[str]) -> None:
        for s in sorted(graphe[m]):
            if s in pile:
                cycle = pile[pile.index(s):] + [s]
                cle = frozenset(cycle)
                if cle not in vus:
                    vus.add(cle)
                    trouves.append(cycle)
            elif len(pile) < 12:
                explorer(s, pile + [s])

    for m in sorted(graphe):
        explorer(m, [m])
    return trouves


if __name__ == "__main__":
    liste = cycles()
    for c in liste:
        print(" -> ".join(c))
    print(f"{len(liste)} cycle(s) d'import")
    sys.exit(1 if liste else 0)
