"""Generated numbering of the document's parts (never typed in the sources)."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from contrat.impression.substitution import resoudre
from contrat.modele.contrat import Contrat
from contrat.modele.prose import Titre, texte_brut

_ROMAINS = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def romain(n: int) -> str:
    """1 -> I, 4 -> IV, 8 -> VIII."""
    texte = ""
    for valeur, lettres in _ROMAINS:
        while n >= valeur:
            texte += lettres
            n -= valeur
    return texte


@dataclass(frozen=True)
class Intitule:
    """A heading as printed: level (1 chapter, 2 subsection) and text with its number."""

    niveau: int
    texte: str


def intitule_chapitre(numero: int | None, titre: str) -> str:
    return f"{romain(numero)}/ {titre}" if numero else titre


def intitule_section(numero: int, titre: str) -> str:
    return f"{numero}) {titre}"


def intitule_sous_section(numero: int, rang: int, titre: str) -> str:
    """An enjeu under its pilier: « 2.1) titre »."""
    return f"{numero}.{rang}) {titre}"


def intitule_annexe(numero: int, titre: str) -> str:
    return f"ANNEXE N°{numero} : {titre}"


def numeros_chapitres(contrat: Contrat) -> list[int | None]:
    """Roman number of each chapter (None for unnumbered ones such as the préambule)."""
    numeros: list[int | None] = []
    n = 0
    for ch in contrat.chapitres:
        if ch.numerote:
            n += 1
            numeros.append(n)
        else:
            numeros.append(None)
    return numeros


def plan(contrat: Contrat, titre_signatures: str) -> list[Intitule]:
    """Every heading of levels 1-2 in document order: what the sommaire lists."""
    resultat: list[Intitule] = []
    for ch, numero in zip(contrat.chapitres, numeros_chapitres(contrat)):
        if ch.code == contrat.signature.avant:
            resultat.append(Intitule(1, titre_signatures))
        resultat.append(Intitule(1, intitule_chapitre(numero, ch.titre)))
        k = 0
        for bloc in resoudre(ch.texte, contrat).blocs if ch.texte else ():
            if isinstance(bloc, Titre) and bloc.niveau == 2:
                k += 1
                resultat.append(Intitule(2, intitule_section(k, texte_brut(bloc.segments))))
        if ch.inclure == "enjeux":
            # Under piliers, the piliers are the subsections (their enjeux one level below).
            piliers = [p.titre for p in contrat.piliers if any(e.pilier == p.code for e in contrat.enjeux)]
            for titre in (piliers or [e.titre for e in contrat.enjeux]):
                k += 1
                resultat.append(Intitule(2, intitule_section(k, titre)))
        if ch.inclure == "annexes":
            resultat.extend(Intitule(2, intitule_annexe(n, a.titre)) for n, a in enumerate(contrat.annexes, 1))
        if ch.inclure == "contributions":
            resultat.extend(Intitule(2, c.titre) for c in contrat.contributions)
    if not any(ch.code == contrat.signature.avant for ch in contrat.chapitres):
        resultat.append(Intitule(1, titre_signatures))
    return resultat


def marque_reservee(contrat: Contrat, code: str, page: int) -> str:
    """The invisible text of page ``page`` kept for the external PDF ``code`` (found in the PDF
    LibreOffice made, then the page replaced by the annex's). It carries a seal of the whole
    contract: any text of the sources that wrote it would change the seal, so no prose, table or
    name can make an annex replace one of the document's pages."""
    return marques_reservees(contrat, code, page + 1)[page]


def marques_reservees(contrat: Contrat, code: str, pages: int) -> tuple[str, ...]:
    """The marks of the ``pages`` pages kept for the external PDF ``code`` (the seal computed once)."""
    s = sceau(contrat)
    return tuple(f"\u2063réservé:{s}:{code}:{page}\u2063" for page in range(pages))


def sceau(contrat: Contrat) -> str:
    return _sceau(contrat.model_dump_json(warnings=False))


@functools.lru_cache(maxsize=4)
def _sceau(modele: str) -> str:
    return hashlib.sha256(modele.encode("utf-8")).hexdigest()[:24]
