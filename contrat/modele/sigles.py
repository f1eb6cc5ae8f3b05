"""Acronyms: which words of the document are acronyms, and which registry entries it uses."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat, Sigle

MOT_CAPITALES = re.compile(r"(?:(?<![\w’'-])|(?<=\b[lLdDjJnNsStTcCmM][’'])|(?<=[qQ]u[’']))"
                           r"([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]*)(?![\w])")
"""A word in capitals (two letters at least), also after an elided article or pronoun (« l'ANCT »,
« d'ICF », « qu'AGIR »): never inside a word or a compound."""


_MOT_EN_CAPITALES = re.compile(r"^[«»\"“”'(\[]*(?:[LD][’'])?[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+[»\"“”')\],.:;!?]*$")
_TRANSPARENT = re.compile(r"^[\d\W_]+$")


_CAPITALE_ET_SUITE = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]")
"""What every word MOT_CAPITALES finds holds (and every compound acronym)."""

_DEUX_CAPITALES = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]")
"""What every word in capitals holds: a text without it has nothing to blank out."""


@functools.lru_cache(maxsize=50_000)
def sans_phrases_en_capitales(texte: str) -> str:
    """Blank out runs of words in capitals (titles, letterheads): three or more words, or two
    words one of which is long (« REUSSITE EDUCATIVE »). Acronyms are short and stand alone.

    Kept per text: validation, the printed contract and the renderers ask for the same texts."""
    if not _DEUX_CAPITALES.search(texte):
        return texte
    mots = list(re.finditer(r"\S+", texte))
    masque = list(texte)
    i = 0
    while i < len(mots):
        j, capitales = i, []
        while j < len(mots):
            mot = mots[j].group()
            if _MOT_EN_CAPITALES.match(mot):
                capitales.append(mots[j])
            elif not _TRANSPARENT.match(mot):
                break
            j += 1
        longs = [m for m in capitales if len(m.group().strip("«»\"“”'()[],.:;!?")) >= 6]
        if len(capitales) >= 3 or (len(capitales) == 2 and longs):
            for m in capitales:
                masque[m.start():m.end()] = " " * (m.end() - m.start())
        i = max(j, i + 1)
    return "".join(masque)


def mots_capitales(c: Contrat, textes: Iterable[tuple[Chemin, str]]) -> Iterator[tuple[Chemin, str]]:
    """(path, word) for every word in capitals of ``textes`` (what the document prints, with the
    place in the sources each comes from), compound acronyms first."""
    connus = frozenset(s.sigle for s in c.sigles) | frozenset(c.non_sigles)
    composes = tuple(sorted((s for s in connus if not s.isalnum()), key=len, reverse=True))
    for chemin, texte in textes:
        if _CAPITALE_ET_SUITE.search(texte):  # most texts hold no word in capitals
            for mot in _mots_capitales(texte, connus, composes):
                yield chemin, mot


@functools.lru_cache(maxsize=50_000)
def _mots_capitales(texte: str, connus: frozenset[str], composes: tuple[str, ...]) -> tuple[str, ...]:
    """The words in capitals of one text. Kept per text: the list of acronyms and the check of
    acronyms read the same printed texts."""
    mots: list[str] = []
    sans_phrases = sans_phrases_en_capitales(texte)
    if sans_phrases != texte:
        # A run of words in capitals is a title, not acronyms, unless the registry knows them
        # (« CAF : FPT PMI »).
        gardes = set(MOT_CAPITALES.findall(sans_phrases))
        mots.extend(m for m in MOT_CAPITALES.findall(texte) if m in connus and m not in gardes)
    texte = sans_phrases
    for compose in composes:
        if compose in texte:
            mots.append(compose)
            texte = texte.replace(compose, " ")
    mots.extend(MOT_CAPITALES.findall(texte))
    return tuple(mots)


def sigles_utilises(c: Contrat, textes: Iterable[tuple[Chemin, str]]) -> list[Sigle]:
    """The registry's acronyms that ``textes`` (what the document prints) use, in alphabetical order."""
    return sigles_parmi(c, {mot for _, mot in mots_capitales(c, textes)})


def sigles_parmi(c: Contrat, utilises: set[str]) -> list[Sigle]:
    """The registry's acronyms among the words in capitals ``utilises``, in alphabetical order."""
    return sorted((s for s in c.sigles if s.sigle in utilises and s.nature == "sigle"),
                  key=lambda s: s.sigle.lower())
