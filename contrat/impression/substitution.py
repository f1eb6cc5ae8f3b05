"""References from the prose to the contract's data, so that nothing is typed twice.

In the Markdown of the sources:
- a list item (or a paragraph) that is exactly ``{objectifs_nationaux}`` or ``{enjeux}`` stands
  for the list of the national objectives, or of the enjeux' titles, from the data;
- ``{chiffre:TABLEAU.LIGNE}`` or ``{chiffre:TABLEAU.LIGNE.COLONNE}`` inside a sentence stands
  for that figure of the key-figure tables, with its unit.

The model keeps the references (an avenant that updates a figure changes the figure, not the
prose); renderers resolve them with ``resoudre``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from contrat.modele.contrat import ChiffreDocument, Contrat, Document
from contrat.modele.nombres import Nombre
from contrat.modele.prose import (
    Bloc,
    Citation,
    ElementListe,
    Liste,
    Paragraphe,
    Prose,
    Segment,
    Titre,
    iterer_textes,
    texte_brut,
)

MOTIF = re.compile(r"\{(chiffre):([a-z0-9-]+(?:\.[a-z0-9-]+){0,2})\}|\{(objectifs_nationaux|enjeux)\}")
LISTES = ("objectifs_nationaux", "enjeux")
NBSP = "\u00a0"


def _liste_donnees(contrat: Contrat, nom: str) -> list[str]:
    if nom == "objectifs_nationaux":
        return [o.texte for o in contrat.objectifs_nationaux]
    return [e.titre for e in contrat.enjeux]


def chiffre(contrat: Contrat, chemin: str, document: Document | None = None) -> str | None:
    """The figure at ``tableau.ligne[.colonne]`` as printed (with its unit), or None.

    In an annex or contribution, ``{chiffre:code}`` (no dot) is one of the document's own
    figures, printed as written: its unit stays in the sentence."""
    morceaux = chemin.split(".")
    if len(morceaux) == 1:
        trouve = next((c for c in document.chiffres if c.code == chemin), None) if document else None
        return trouve.valeur.ecrit if trouve else None
    tableaux = {t.code: t for t in contrat.chiffres_cles.tableaux} if contrat.chiffres_cles else {}
    tableau = tableaux.get(morceaux[0])
    ligne = next((l for l in tableau.lignes if l.code == morceaux[1]), None) if tableau else None
    if ligne is None:
        return None
    if len(morceaux) == 3:
        colonne = morceaux[2]
    else:
        colonne = next(iter(ligne.valeurs)) if len(ligne.valeurs) == 1 else ""
    valeur: Nombre | None = ligne.valeurs.get(colonne)
    if valeur is None:
        return None
    # The line's unit, else its column's (« % » for a column of rates).
    unite = ligne.unite or next((c.unite for c in tableau.colonnes if c.code == colonne), "") if tableau else ""
    return f"{valeur.ecrit}{NBSP}{unite}" if unite else valeur.ecrit


def references_inconnues(prose: Prose, contrat: Contrat, document: Document | None = None
                         ) -> Iterator[tuple[int, str]]:
    """(line, reference) for every reference that designates nothing."""

    for ligne, texte in iterer_textes(prose):
        for m in MOTIF.finditer(texte):
            if m.group(1) and chiffre(contrat, m.group(2), document) is None:
                yield ligne, m.group(0)
            elif m.group(3) and m.group(0) != texte.strip():
                yield ligne, f"{m.group(0)} (doit être seul dans son élément de liste)"


def resoudre(prose: Prose, contrat: Contrat, document: Document | None = None) -> Prose:
    """The prose with every reference replaced by the data it designates."""
    blocs: list[Bloc] = []
    for bloc in prose.blocs:
        if isinstance(bloc, Liste):
            blocs.append(_liste(bloc, contrat, document))
        elif isinstance(bloc, Paragraphe) and texte_brut(bloc.segments).strip() in ("{objectifs_nationaux}", "{enjeux}"):
            nom = texte_brut(bloc.segments).strip()[1:-1]
            elements = tuple(ElementListe(segments=(Segment(texte=t),), ligne=bloc.ligne) for t in _liste_donnees(contrat, nom))
            blocs.append(Liste(elements=elements, ligne=bloc.ligne))
        elif isinstance(bloc, (Paragraphe, Titre)):
            segments = _segments(bloc.segments, contrat, document)
            blocs.append(bloc if _memes(segments, bloc.segments) else bloc.model_copy(update={"segments": segments}))
        elif isinstance(bloc, Citation):
            blocs.append(bloc.model_copy(update={"blocs": tuple(
                p.model_copy(update={"segments": _segments(p.segments, contrat, document)}) for p in bloc.blocs)}))
        else:
            blocs.append(bloc)
    return prose.model_copy(update={"blocs": tuple(blocs)})


def _liste(liste: Liste, contrat: Contrat, document: Document | None = None) -> Liste:
    elements: list[ElementListe] = []
    for el in liste.elements:
        texte = texte_brut(el.segments).strip()
        if texte in ("{objectifs_nationaux}", "{enjeux}"):
            elements.extend(ElementListe(segments=(Segment(texte=t),), ligne=el.ligne)
                            for t in _liste_donnees(contrat, texte[1:-1]))
            continue
        sous = _liste(el.sous_liste, contrat, document) if el.sous_liste else None
        segments = _segments(el.segments, contrat, document)
        inchange = _memes(segments, el.segments) and sous is el.sous_liste
        elements.append(el if inchange else el.model_copy(update={"segments": segments, "sous_liste": sous}))
    if _memes(elements, liste.elements):
        return liste
    return liste.model_copy(update={"elements": tuple(elements)})


def _memes(a: Sequence[object], b: Sequence[object]) -> bool:
    """The same objects (unchanged by the substitution: no copy needed)."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _segments(segments: tuple[Segment, ...], contrat: Contrat, document: Document | None = None
              ) -> tuple[Segment, ...]:
    resultat = []
    for s in segments:
        texte = MOTIF.sub(lambda m: (chiffre(contrat, m.group(2), document) or m.group(0)) if m.group(1)
                          else m.group(0), s.texte)
        if s.lien and s.lien.startswith("#") and "{n}" in texte:
            # « [Annexe n°{n}](#code) »: the annex's generated number, right after any insertion.
            numeros = {a.code: n for n, a in enumerate(contrat.annexes, start=1)}
            texte = texte.replace("{n}", str(numeros.get(s.lien[1:], "?")))
        resultat.append(s.model_copy(update={"texte": texte}) if texte != s.texte else s)
    return tuple(resultat)


def substituer_chiffres(texte: str, chiffres: tuple[ChiffreDocument, ...]) -> str:
    """A plain text (a CIV measure) with its ``{chiffre:code}`` replaced by its own figures."""
    valeurs = {c.code: c.valeur.ecrit for c in chiffres if c.code}
    return MOTIF.sub(lambda m: valeurs.get(m.group(2), m.group(0)) if m.group(1) else m.group(0), texte)


def references_inconnues_texte(texte: str, chiffres: tuple[ChiffreDocument, ...]) -> list[str]:
    codes = {c.code for c in chiffres if c.code}
    return [m.group(0) for m in MOTIF.finditer(texte) if not m.group(1) or m.group(2) not in codes]
