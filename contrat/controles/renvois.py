"""Cross-references of the text: links to annexes and to their data, proper names' spellings."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import BlocTexte, Contrat
from contrat.modele.prose import Prose, iterer_segments
from contrat.modele.textes import textes_du_contrat


def proses_du_contrat(c: Contrat) -> Iterator[tuple[Chemin, Prose]]:
    for n, ch in enumerate(c.chapitres):
        if ch.texte:
            yield ("chapitres", n, "texte"), ch.texte
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            for i, bloc in enumerate(doc.blocs):
                if isinstance(bloc, BlocTexte):
                    yield (liste, n, "blocs", i, "texte"), bloc.texte


def numeros_annexes(c: Contrat) -> dict[str, int]:
    return {a.code: n for n, a in enumerate(c.annexes, start=1)}


ANCIENS_CHEMINS: dict[tuple[str, ...], list[str]] = {("atelier", "participants_jeunes"): ["concertation", "participants", "jeunes"]}
"""Data paths of the first forms of a concertation record, still understood."""


def _donnee(objet: Any, chemin: list[str]) -> Any:
    chemin = ANCIENS_CHEMINS.get(tuple(chemin), chemin)
    for cle in chemin:
        objet = objet.get(cle) if isinstance(objet, dict) else getattr(objet, cle, None)
        if objet is None:
            return None
    return objet


def verifier_renvois(c: Contrat) -> Iterator[Constat]:
    """Each « [texte](#code) » designates an annex or contribution; a number in the text is
    the annex's generated number; « [15](#code.champ) » must match the figure it cites."""
    documents = {d.code: d for d in (*c.annexes, *c.contributions)}
    numeros = numeros_annexes(c)
    for base, prose in proses_du_contrat(c):
        for ligne, segments in iterer_segments(prose):
            for s in segments:
                if not (s.lien and s.lien.startswith("#")):
                    continue
                ici = base + ("ligne", ligne)
                code, *champ = s.lien[1:].split(".")
                doc = documents.get(code)
                if doc is None:
                    yield erreur(ici, f"renvoi à « {code} » : aucune annexe ni contribution ne porte cet identifiant")
                    continue
                if champ:
                    yield from _comparer_donnee(ici, s.texte, doc, champ, numeros)
                    continue
                if "{n}" in s.texte and code not in numeros:
                    yield erreur(ici, f"« {s.texte} » : {{n}} ne s'emploie que pour une annexe")
                cite = re.search(r"\d+", s.texte)
                if cite and code in numeros and int(cite.group()) != numeros[code]:
                    yield erreur(ici, f"« {s.texte} » renvoie à « {doc.titre} », qui est l'annexe n°{numeros[code]}")


def _comparer_donnee(ici: Chemin, texte: str, doc: Any, champ: list[str], numeros: dict[str, int]
                     ) -> Iterator[Constat]:
    valeur = _donnee(doc, champ)
    if valeur is None:
        yield erreur(ici, f"renvoi à « {doc.code}.{'.'.join(champ)} » : donnée inconnue")
        return
    cite = re.sub(r"[^\d,]", "", texte).replace(",", ".")
    if cite and getattr(valeur, "valeur", None) is not None and Decimal(cite) != valeur.valeur:
        ou = f"l'annexe n°{numeros[doc.code]}" if doc.code in numeros else f"« {doc.titre} »"
        yield avertissement(ici, f"le texte indique {texte} mais {ou} indique {valeur} ({'.'.join(champ)})")


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


def variantes_noms_propres(c: Contrat) -> Iterator[Constat]:
    """Spellings close to, but different from, a registered proper name."""
    for nom in c.noms_propres:
        taille = len(nom.split())
        premier = _sans_accents(nom.split()[0])[:4]
        for chemin, texte in textes_du_contrat(c):
            if premier not in _sans_accents(texte):
                continue
            mots = re.findall(r"[\w'’-]+", texte)
            # A sliding window: every run of as many words as the name is a candidate.
            for i in range(len(mots) - taille + 1):
                candidat = " ".join(mots[i:i + taille])
                if candidat == nom or not _sans_accents(candidat).startswith(premier):
                    continue
                ratio = difflib.SequenceMatcher(None, _sans_accents(candidat), _sans_accents(nom)).ratio()
                if ratio >= 0.85:
                    yield avertissement(chemin, f"« {candidat} » : graphie différente de « {nom} » (noms_propres)")
