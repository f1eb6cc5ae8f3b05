"""Accessibility of what the sources write: a contrat de ville is published, and what is published
must be accessible (RGAA). Every image has an alternative text, and the headings of a text go down
one level at a time (screen readers navigate by heading level; a skipped level reads as a missing
part, and PDF/UA forbids it).

Images: the Markdown reader refuses any image in a text (``lecture.markdown``), so the cover's logo
is the one image the sources print; its alternative text is ``couverture.logo_alternative``.

Heading levels, as they print (``impression.unites._prose``; the Word writer prints a Markdown
heading of n « # » in the style « Heading n »):

- a chapter's title is level 1: its text's headings start at « ## » (level 2, the numbered
  sections);
- an annex's or contribution's title is level 2: its texts (text blocks, a letter's body) may
  open with « ## » or « ### », and the texts of one document follow one another (a « #### » in
  its second block may follow a « ### » of its first);
- a piece attached to a document has its title at level 3: its text may open down to « #### »;
- any other text (an enjeu's introduction, a table's cell, an avenant's exposé des motifs) is
  judged within itself.

A level is skipped when a heading is more than one level below the heading before it (or the
title the text prints under): « #### » directly under a « ## », « ### » as the first heading of a
chapter. Going back up any number of levels is not a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from contrat.controles.constat import Constat, erreur
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat
from contrat.modele.nombres import Nombre
from contrat.modele.prose import Prose, Titre

NIVEAU_CHAPITRE, NIVEAU_DOCUMENT, NIVEAU_PIECE = 1, 2, 3
"""The heading level of the title a text prints under (see the module's docstring)."""
DOCUMENTS = ("annexes", "contributions")


def regle_alternative_du_logo(c: Contrat) -> Iterator[Constat]:
    """The cover's logo has an alternative text, not empty."""
    couverture = c.couverture
    if couverture.logo is None:
        return
    if couverture.logo_alternative is None:
        yield erreur(("couverture", "logo"), "le logo n'a pas de texte de remplacement : écrire sous lui "
                     "« logo_alternative: … », ce qu'il montre (les lecteurs d'écran le lisent à la place de "
                     "l'image, le PDF accessible l'exige)")
    elif not couverture.logo_alternative.strip():
        yield erreur(("couverture", "logo_alternative"), "le texte de remplacement du logo est vide : dire ce "
                     "que l'image montre (les lecteurs d'écran le lisent à la place de l'image)")


def regle_niveaux_de_titres(c: Contrat) -> Iterator[Constat]:
    """No heading of a text skips a level below the heading before it."""
    for accueil, textes in _suites(c):
        precedent: int | None = None
        for chemin, prose in textes:
            for bloc in prose.blocs:
                if not isinstance(bloc, Titre):
                    continue
                dessus = precedent if precedent is not None else accueil
                if dessus is not None and bloc.niveau > dessus + 1:
                    yield erreur((*chemin, "ligne", bloc.ligne), _message(bloc.niveau, dessus, precedent is None))
                precedent = bloc.niveau


TITRES_D_ACCUEIL = {NIVEAU_CHAPITRE: "le titre du chapitre", NIVEAU_DOCUMENT: "le titre de l'annexe ou de la contribution",
                    NIVEAU_PIECE: "le titre de la pièce jointe"}


def _message(niveau: int, dessus: int, premier: bool) -> str:
    """« titre « #### » (niveau 4) sous un titre « ## » (niveau 2) : le niveau 3 est sauté … »."""
    sous = TITRES_D_ACCUEIL[dessus] if premier else f"un titre « {'#' * dessus} »"
    return (f"titre « {'#' * niveau} » (niveau {niveau}) directement sous {sous} (niveau {dessus}) : le niveau "
            f"{dessus + 1} est sauté, écrire « {'#' * (dessus + 1)} » (les lecteurs d'écran parcourent le document "
            "par niveaux de titres)")


def _suites(c: Contrat) -> list[tuple[int | None, list[tuple[Chemin, Prose]]]]:
    """The texts of the contract as runs of headings: (level of the title they print under, or
    None when judged within themselves; the texts, in order)."""
    suites: dict[Chemin, tuple[int | None, list[tuple[Chemin, Prose]]]] = {}
    for chemin, prose in _proses(c):
        cle, accueil = _accueil(chemin)
        suites.setdefault(cle, (accueil, []))[1].append((chemin, prose))
    return list(suites.values())


def _accueil(chemin: Chemin) -> tuple[Chemin, int | None]:
    """Which run a text belongs to (a document's texts form one) and the level it prints under."""
    if len(chemin) == 3 and chemin[0] == "chapitres" and chemin[2] == "texte":
        return chemin, NIVEAU_CHAPITRE
    if len(chemin) >= 2 and chemin[0] in DOCUMENTS:
        if len(chemin) >= 4 and chemin[2] == "pieces_jointes":
            return chemin, NIVEAU_PIECE
        if len(chemin) >= 3 and chemin[2] == "blocs":
            return chemin[:2], NIVEAU_DOCUMENT
    return chemin, None


def _proses(c: Contrat) -> list[tuple[Chemin, Prose]]:
    """Every Markdown text of the contract with its place, in the sources' order (a loop over the
    objects' ``__dict__``, as ``provisoire`` walks the contract: no recursive generators)."""
    trouves: list[tuple[Chemin, Prose]] = []
    pile: list[tuple[Chemin, Any]] = [((), c)]
    while pile:
        chemin, objet = pile.pop()
        if isinstance(objet, Prose):
            if any(isinstance(b, Titre) for b in objet.blocs):
                trouves.append((chemin, objet))
        elif isinstance(objet, (tuple, list)):
            pile.extend(reversed([(chemin + (i,), x) for i, x in enumerate(objet) if _compose(x)]))
        elif isinstance(objet, dict):
            pile.extend(reversed([(chemin + (cle,), x) for cle, x in objet.items() if _compose(x)]))
        elif isinstance(objet, BaseModel) and not isinstance(objet, Nombre):
            pile.extend(reversed([(chemin + (nom,), x) for nom, x in objet.__dict__.items() if _compose(x)]))
    return trouves


def _compose(x: object) -> bool:
    """Whether a value may hold a text (simple values and strings do not)."""
    return isinstance(x, (BaseModel, tuple, list, dict))
