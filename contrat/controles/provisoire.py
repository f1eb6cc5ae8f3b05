"""Texts left as the skeleton wrote them: « à compléter » is reported wherever it remains, so that
``check --strict`` fails until every placeholder of ``build.py init`` is replaced."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from contrat.controles.constat import Constat, avertissement
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat
from contrat.modele.nombres import Nombre
from contrat.modele.prose import Prose, iterer_segments, texte_brut

A_COMPLETER = re.compile(r"\b[àa] compl[ée]ter\b", re.IGNORECASE)
"""The skeleton's placeholder (also written without accents)."""


def regle_textes_a_completer(c: Contrat) -> Iterator[Constat]:
    """Each text still holding « à compléter », once per field or line of prose."""
    for chemin, texte in _textes(c):
        if A_COMPLETER.search(texte):
            yield avertissement(chemin, f"texte provisoire à remplacer par le texte réel : « {_extrait(texte)} »")


def dans_les_sources(contenus: dict[str, bytes]) -> bool:
    """Whether a source file writes the placeholder outside a YAML comment: else the contract is
    not walked at all. Found with ``str.find`` (a regular expression takes ten times longer over
    the 200 Ko of a contract's texts)."""
    for nom, octets in contenus.items():
        if not nom.endswith((".yaml", ".yml", ".md")) or b"OMPL" not in octets.upper():
            continue
        texte = octets.decode("utf-8", "replace").lower()
        n = texte.find(" compl")
        while n != -1:
            if texte[n - 1:n] in ("à", "a") and texte.startswith(("compléter", "completer"), n + 1):
                ligne = texte[texte.rfind("\n", 0, n) + 1:n]
                if not (nom.endswith((".yaml", ".yml")) and "#" in ligne):
                    return True
            n = texte.find(" compl", n + 1)
    return False


def _textes(contrat: Contrat) -> list[tuple[Chemin, str]]:
    """Every text of the contract that may hold the placeholder, with its place (a prose's by
    line). The whole contract is walked on every check: by a loop over the objects' ``__dict__``,
    not recursive generators (a tenth of the time)."""
    trouves: list[tuple[Chemin, str]] = []
    pile: list[tuple[Chemin, Any]] = [((), contrat)]
    while pile:
        chemin, objet = pile.pop()
        genre = type(objet)
        if genre is str:
            if "ompl" in objet or "OMPL" in objet:
                trouves.append((chemin, objet))
        elif genre is tuple or genre is list:
            pile.extend((chemin + (i,), x) for i, x in enumerate(objet) if type(x) not in SIMPLES)
        elif genre is Prose:
            trouves += [(chemin + ("ligne", ligne), texte_brut(segments)) for ligne, segments in iterer_segments(objet)
                        if any("ompl" in s.texte or "OMPL" in s.texte for s in segments)]
        elif genre is dict:
            pile.extend((chemin + (cle,), x) for cle, x in objet.items() if type(x) not in SIMPLES)
        elif isinstance(objet, BaseModel) and genre is not Nombre:
            pile.extend((chemin + (nom,), x) for nom, x in objet.__dict__.items() if type(x) not in SIMPLES)
    return trouves


SIMPLES = frozenset({int, float, bool, type(None)})


def _extrait(texte: str, mots: int = 8) -> str:
    """The placeholder with the words before it, on one line."""
    ligne = " ".join(texte.split())
    m = A_COMPLETER.search(ligne)
    if m is None:
        return ligne
    avant = ligne[:m.start()].split()
    fin = m.end() + (1 if ligne[m.end():m.end() + 1] == ")" else 0)
    return ("… " if len(avant) > mots else "") + " ".join(avant[-mots:]) + (" " if ligne[m.start() - 1:m.start()] == " " else "") + ligne[m.start():fin]
