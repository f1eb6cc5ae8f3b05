"""No wording is written in two modules: a phrase the document or a message prints, a style
name, lives in one place and is imported from there (two copies drift apart)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import RACINE

LONGUEUR_MIN = 12


def _gabarit(noeud: ast.JoinedStr) -> str:
    """An f-string as a template: its literal parts, each placeholder written « {} »."""
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in noeud.values)  # type: ignore[misc]


def textes(source: str) -> set[str]:
    """The phrases of a module: its string constants and its f-strings' templates, docstrings
    (which print nothing) and the pieces of an f-string (its template counts) left out."""
    arbre = ast.parse(source)
    exclus: set[int] = set()
    for n in ast.walk(arbre):
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant):
            exclus.add(id(n.value))  # a docstring, or a string standing alone
        if isinstance(n, ast.JoinedStr):
            exclus.update(id(v) for v in n.values)
    trouves = set()
    for n in ast.walk(arbre):
        if isinstance(n, ast.JoinedStr):
            texte = _gabarit(n)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in exclus:
            texte = n.value
        else:
            continue
        texte = texte.strip()
        if len(texte.replace("{}", "")) >= LONGUEUR_MIN and " " in texte and "\n" not in texte:
            trouves.add(texte)
    return trouves


def doublons(racine: Path) -> dict[str, list[str]]:
    modules: dict[str, set[str]] = defaultdict(set)
    for f in sorted(racine.rglob("*.py")):
        for texte in textes(f.read_text(encoding="utf-8")):
            modules[texte].add(str(f.relative_to(racine.parent)))
    return {t: sorted(m) for t, m in modules.items() if len(m) > 1}


def test_aucune_formulation_n_est_ecrite_dans_deux_modules() -> None:
    trouves = doublons(RACINE / "contrat")
    assert not trouves, "\n".join(f"{t!r} : {', '.join(m)}" for t, m in sorted(trouves.items()))


def test_le_controle_voit_une_phrase_recopiee_et_un_gabarit_recopie(tmp_path: Path) -> None:
    paquet = tmp_path / "paquet"
    paquet.mkdir()
    (paquet / "a.py").write_text('TITRE = "Liste des annexes"\ndef f(x):\n    return f"Objet : {x} du contrat"\n')
    (paquet / "b.py").write_text('def g():\n    """Liste des annexes (a docstring)."""\n    return "Liste des annexes"\n'
                                 'def h(y):\n    return f"Objet : {y} du contrat"\n')
    (paquet / "c.py").write_text('def k(z):\n    return f"Objet : {z} de l\'avenant"\n')
    assert doublons(paquet) == {"Liste des annexes": ["paquet/a.py", "paquet/b.py"],
                                "Objet : {} du contrat": ["paquet/a.py", "paquet/b.py"]}
