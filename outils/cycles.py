"""Import cycles between the modules of the contrat package and between its stages (packages),
imports inside functions included, private names (``_x``) imported from another module, and test
modules importing one another (what they share lives in helper modules of tests/).

Usage: .venv/bin/python outils/cycles.py [--graphe]   (exit 1 and the findings when there are any;
--graphe prints which stage imports which)
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


def etape(module: str) -> str:
    """The stage of a module: its package under contrat (``contrat.rendu.pdf`` -> ``rendu``)."""
    return module.split(".")[1] if module.count(".") >= 1 else module


def graphe_des_etapes() -> dict[str, set[str]]:
    graphe: dict[str, set[str]] = {}
    for m, p in FICHIERS.items():
        graphe.setdefault(etape(m), set()).update(etape(i) for i in imports(p, m) if etape(i) != etape(m))
    return graphe


def imports_prives() -> list[str]:
    """``from contrat.x import _nom`` in another module: a reach-in past a module's interface."""
    trouves = []
    for m, p in FICHIERS.items():
        for noeud in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.ImportFrom) and (noeud.module or "").startswith("contrat"):
                for a in noeud.names:
                    if a.name.startswith("_"):
                        trouves.append(f"{m} importe {noeud.module}.{a.name}")
    return trouves


def tests_qui_s_importent() -> list[str]:
    """``from test_x import …`` in tests/: a test module used as a library (running it again,
    its fixtures leaking); shared helpers go in a module that is not a test module."""
    trouves = []
    for p in sorted((RACINE.parent / "tests").glob("test_*.py")):
        for noeud in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            noms = [noeud.module or ""] if isinstance(noeud, ast.ImportFrom) else \
                [a.name for a in noeud.names] if isinstance(noeud, ast.Import) else []
            trouves.extend(f"tests/{p.name} importe le module de test {n}" for n in noms if n.startswith("test_"))
    return trouves


def cycles(graphe: dict[str, set[str]] | None = None) -> list[list[str]]:
    graphe = graphe if graphe is not None else {m: imports(p, m) for m, p in FICHIERS.items()}
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
    etapes = graphe_des_etapes()
    if "--graphe" in sys.argv:
        for e in sorted(etapes):
            print(f"{e} -> {', '.join(sorted(etapes[e])) or '(rien)'}")
    liste, entre_etapes, prives, tests = cycles(), cycles(etapes), imports_prives(), tests_qui_s_importent()
    for c in liste + entre_etapes:
        print(" -> ".join(c))
    for p in prives + tests:
        print(p)
    print(f"{len(liste)} cycle(s) d'import entre modules, {len(entre_etapes)} entre étapes, "
          f"{len(prives)} import(s) de nom privé, {len(tests)} module(s) de test importé(s) par un autre")
    sys.exit(1 if liste or entre_etapes or prives or tests else 0)
