"""``build.py conformite``: the sources read, checked, and the contract reviewed against the texts
in force on its signing date (the référentiel of contrat/conformite)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from contrat.application.sources import lire
from contrat.conformite.revue import FORMATS, Ligne, date_de_reference, lire_declarations, reviser
from contrat.erreurs import ErreurSource


@dataclass(frozen=True)
class Revue:
    lignes: list[Ligne]
    date: dt.date
    texte: str


def revue_de_conformite(dossier: Path, format_: str = "texte", date: dt.date | None = None) -> Revue:
    """The table in ``format_`` (raises ErreurSource on invalid sources or declarations)."""
    lecture = lire(dossier)
    lecture.juger()
    declarations = lire_declarations(dossier)
    if declarations.problemes:
        raise ErreurSource(declarations.problemes)
    quand = date or date_de_reference(lecture.contrat)
    lignes = reviser(lecture.contrat, lecture.arbre, lecture.positions, declarations, quand)
    return Revue(lignes, quand, FORMATS[format_](lignes, quand))
