"""Structure of the contract: every axis has evaluation criteria, no empty required cell, structured blocks placed once."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.modele.contrat import Contrat


def regle_criteres_evaluation(c: Contrat) -> Iterator[Constat]:
    """Every axis has at least one evaluation criterion (the rule CI runs on pull requests)."""
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            if not a.criteres_evaluation:
                yield erreur(("enjeux", i, "axes", j, "criteres_evaluation"),
                             f"l'axe « {a.titre} » de l'enjeu {i + 1} n'a aucun critère d'évaluation : "
                             "chaque axe de travail doit en avoir au moins un")


def regle_cellules_vides(c: Contrat) -> Iterator[Constat]:
    """No empty required cell in the enjeux tables."""
    noms = {"objectifs": "objectif général", "partenaires": "partenaire associé", "leviers": "levier"}
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for champ, nom in noms.items():
                if not getattr(a, champ):
                    yield erreur(("enjeux", i, "axes", j, champ),
                                 f"cellule vide : l'axe « {a.titre} » n'a aucun {nom}")


def regle_chapitres(c: Contrat) -> Iterator[Constat]:
    """Structured blocks are placed once, and exist when placed."""
    for bloc, present in (("chiffres_cles", c.chiffres_cles is not None), ("enjeux", bool(c.enjeux))):
        places = [n for n, ch in enumerate(c.chapitres) if ch.inclure == bloc]
        if len(places) > 1:
            yield erreur(("chapitres", places[1], "inclure"), f"« {bloc} » est déjà inclus dans un autre chapitre")
        if places and not present:
            yield erreur(("chapitres", places[0], "inclure"), f"« {bloc} » est inclus mais absent des sources")
        if present and not places:
            yield avertissement(("chapitres",), f"« {bloc} » est défini mais aucun chapitre ne l'inclut")
    if c.enjeux and c.colonnes_enjeux is None:
        yield erreur(("enjeux",), "les en-têtes des tableaux d'enjeux (colonnes_enjeux) sont absents")
