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

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from contrat.impression.valeurs import ligne_totale, valeur_ecrite
from contrat.modele.contrat import ChiffreDocument, Contrat, Document
from contrat.modele.nombres import Manquant, Nombre, normaliser
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

MOTIF = re.compile(r"\{\s*([cC]hiffre)\s*:\s*([^{}]*?)\s*\}|\{(objectifs_nationaux|enjeux)\}")
"""A reference, whatever it holds: the resolver says whether it designates something (check
refuses what it cannot resolve; nothing that looks like a reference prints raw)."""
LISTES = ("objectifs_nationaux", "enjeux")
NBSP = "\u00a0"
LIGNE_TOTAL = "ligne_total"
TOTAL = "total"
"""``{chiffre:TABLEAU.ligne_total.COLONNE}`` cites the computed total line (the YAML key), and
``{chiffre:TABLEAU.total}`` the total typed above the table (``total``)."""


def _liste_donnees(contrat: Contrat, nom: str) -> list[str]:
    if nom == "objectifs_nationaux":
        return [o.texte for o in contrat.objectifs_nationaux]
    return [e.titre for e in contrat.enjeux]


@dataclass(frozen=True)
class Cite:
    """A figure a reference designates: its value (or mark), its unit, and how it prints."""

    valeur: Nombre | Manquant
    unite: str
    texte: str


def valeur_citee(contrat: Contrat, chemin: str, document: Document | None = None) -> Cite | None:
    """The figure at ``tableau.ligne[.colonne]`` (a total line: ``tableau.ligne_total[.colonne]``,
    a typed total: ``tableau.total``), or one of ``document``'s own figures (``code``), or None.

    A number prints normalised (its column's way), with its unit (the line's, else its column's);
    a missing figure prints its mark alone. A document's own figure prints as written, its unit
    staying in the sentence."""
    morceaux = chemin.split(".")
    if len(morceaux) == 1:
        trouve = next((c for c in document.chiffres if c.code == chemin), None) if document else None
        return Cite(trouve.valeur, "", trouve.valeur.ecrit) if trouve else None
    if len(morceaux) > 3:
        return None
    tableaux = {t.code: t for t in contrat.chiffres_cles.tableaux} if contrat.chiffres_cles else {}
    tableau = tableaux.get(morceaux[0])
    if tableau is None:
        return None
    if morceaux[1:] == [TOTAL] and tableau.total is not None and not any(l.code == TOTAL for l in tableau.lignes):
        total = tableau.total
        return Cite(total.valeur, total.unite, f"{normaliser(total.valeur)}{NBSP}{total.unite}")
    ligne = ligne_totale(tableau) if morceaux[1] == LIGNE_TOTAL else \
        next((l for l in tableau.lignes if l.code == morceaux[1]), None)
    if ligne is None:
        return None
    if len(morceaux) == 3:
        colonne = morceaux[2]
    else:
        colonne = next(iter(ligne.valeurs)) if len(ligne.valeurs) == 1 else ""
    valeur = ligne.valeurs.get(colonne)
    if valeur is None:
        return None
    if isinstance(valeur, Manquant):
        return Cite(valeur, "", valeur.marque)
    # The line's unit, else its column's (« % » for a column of rates).
    unite = ligne.unite or next((c.unite for c in tableau.colonnes if c.code == colonne), "")
    ecrit = valeur.ecrit if morceaux[1] == LIGNE_TOTAL else valeur_ecrite(tableau, colonne, valeur)
    return Cite(valeur, unite, f"{ecrit}{NBSP}{unite}" if unite else ecrit)


def chiffre(contrat: Contrat, chemin: str, document: Document | None = None) -> str | None:
    """The figure at ``chemin`` as printed (see ``valeur_citee``), or None."""
    cite = valeur_citee(contrat, chemin, document)
    return cite.texte if cite else None


def references_possibles(contrat: Contrat, document: Document | None = None) -> list[str]:
    """Every reference to a figure that resolves, in the order of the sources."""
    possibles = [c.code for c in document.chiffres if c.code] if document else []
    for t in contrat.chiffres_cles.tableaux if contrat.chiffres_cles else ():
        if t.total is not None:
            possibles.append(f"{t.code}.{TOTAL}")
        total = ligne_totale(t)
        for ligne, nom in ((l, l.code) for l in t.lignes):
            possibles.extend(f"{t.code}.{nom}.{colonne}" for colonne in ligne.valeurs)
        if total is not None:
            possibles.extend(f"{t.code}.{LIGNE_TOTAL}.{colonne}" for colonne in total.valeurs)
    return possibles


def suggestions(chemin: str, contrat: Contrat, document: Document | None = None, nombre: int = 4) -> list[str]:
    """The valid references nearest to ``chemin``: those of its table first (a misspelt line or
    column), else the closest spellings."""
    possibles = references_possibles(contrat, document)
    proches = difflib.get_close_matches(chemin, possibles, n=nombre, cutoff=0.6)
    if proches:
        return proches
    tableau = chemin.split(".")[0]
    du_tableau = [p for p in possibles if p.split(".")[0] == tableau]
    if du_tableau:
        return difflib.get_close_matches(chemin, du_tableau, n=nombre, cutoff=0) or du_tableau[:nombre]
    return difflib.get_close_matches(chemin, possibles, n=nombre, cutoff=0.3)


def sans_point_double(texte: str, motif: str, valeur: str) -> str:
    """``texte`` with ``motif`` replaced by ``valeur``, where a value ending with a period (a unit,
    « hab. ») that ends a sentence does not print two (« 39 000 hab. », not « hab.. »)."""
    if valeur.endswith("."):
        texte = texte.replace(motif + ".", valeur)
    return texte.replace(motif, valeur)


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
        texte = MOTIF.sub(lambda m: _remplacer(m, contrat, document), s.texte)
        if s.lien and s.lien.startswith("#") and "{n}" in texte:
            # « [Annexe n°{n}](#code) »: the annex's generated number, right after any insertion.
            numeros = {a.code: n for n, a in enumerate(contrat.annexes, start=1)}
            texte = texte.replace("{n}", str(numeros.get(s.lien[1:], "?")))
        resultat.append(s.model_copy(update={"texte": texte}) if texte != s.texte else s)
    return tuple(resultat)


def _remplacer(m: re.Match[str], contrat: Contrat, document: Document | None) -> str:
    """A figure's reference replaced by the figure (its final period dropped when the sentence's
    own follows: « hab. »); a reference check refused is left as written (never reached)."""
    if not m.group(1):
        return m.group(0)
    texte = chiffre(contrat, m.group(2), document)
    if texte is None:
        return m.group(0)
    return texte[:-1] if texte.endswith(".") and m.string[m.end():m.end() + 1] == "." else texte


def substituer_chiffres(texte: str, chiffres: tuple[ChiffreDocument, ...]) -> str:
    """A plain text (a CIV measure) with its ``{chiffre:code}`` replaced by its own figures."""
    valeurs = {c.code: c.valeur.ecrit for c in chiffres if c.code}
    return MOTIF.sub(lambda m: valeurs.get(m.group(2), m.group(0)) if m.group(1) else m.group(0), texte)


def references_inconnues_texte(texte: str, chiffres: tuple[ChiffreDocument, ...]) -> list[str]:
    codes = {c.code for c in chiffres if c.code}
    return [m.group(0) for m in MOTIF.finditer(texte) if not m.group(1) or m.group(2) not in codes]
