"""Acronyms: which words of the document are acronyms, and which registry entries it uses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lecture import Chemin
from .modele import Contrat, Sigle
from .textes import textes_du_contrat

MOT_CAPITALES = re.compile(r"(?<![\w’'-])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]*)(?![\w])")


def mots_capitales(c: Contrat) -> Iterator[tuple[Chemin, str]]:
    """(path, word) for every word in capitals of the document, compound acronyms first."""
    connus = {s.sigle for s in c.sigles} | set(c.non_sigles)
    composes = sorted((s for s in connus if not s.isalnum()), key=len, reverse=True)
    for chemin, texte in textes_du_contrat(c):
        for compose in composes:
            if compose in texte:
                yield chemin, compose
                texte = texte.replace(compose, " ")
        for mot in MOT_CAPITALES.findall(texte):
            yield chemin, mot


def sigles_utilises(c: Contrat) -> list[Sigle]:
    """The registry's acronyms that the document actually uses, in alphabetical order."""
    utilises = {mot for _, mot in mots_capitales(c)}
    return sorted((s for s in c.sigles if s.sigle in utilises and s.nature == "sigle"),
                  key=lambda s: s.sigle.lower())
