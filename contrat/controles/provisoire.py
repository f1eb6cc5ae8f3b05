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
from contrat.modele.prose import Prose, iterer_textes

A_COMPLETER = re.compile(r"\b[àa] compl[ée]ter\b", re.IGNORECASE)
"""The skeleton's placeholder (also written without accents)."""


def regle_textes_a_completer(c: Contrat) -> Iterator[Constat]:
    """Each text still holding « à compléter », once per field or line of prose."""
    for chemin, texte in _textes(c, ()):
        if A_COMPLETER.search(texte):
            yield avertissement(chemin, f"texte provisoire à remplacer par le texte réel : « {_extrait(texte)} »")


def _textes(objet: Any, chemin: Chemin) -> Iterator[tuple[Chemin, str]]:
    """Every text the sources wrote in ``objet``, with its place (a prose's by line)."""
    if isinstance(objet, str):
        yield chemin, objet
    elif isinstance(objet, Prose):
        for ligne, texte in iterer_textes(objet):
            yield chemin + ("ligne", ligne), texte
    elif isinstance(objet, Nombre):
        return
    elif isinstance(objet, BaseModel):
        for nom in type(objet).model_fields:
            yield from _textes(getattr(objet, nom), chemin + (nom,))
    elif isinstance(objet, (tuple, list)):
        for i, x in enumerate(objet):
            yield from _textes(x, chemin + (i,))
    elif isinstance(objet, dict):
        for cle, x in objet.items():
            yield from _textes(x, chemin + (cle,))


def _extrait(texte: str, mots: int = 8) -> str:
    """The placeholder with the words before it, on one line."""
    ligne = " ".join(texte.split())
    m = A_COMPLETER.search(ligne)
    if m is None:
        return ligne
    avant = ligne[:m.start()].split()
    fin = m.end() + (1 if ligne[m.end():m.end() + 1] == ")" else 0)
    return ("… " if len(avant) > mots else "") + " ".join(avant[-mots:]) + (" " if ligne[m.start() - 1:m.start()] == " " else "") + ligne[m.start():fin]
