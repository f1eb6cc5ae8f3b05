"""From a sources folder to a validated Contrat: reading, typing (pydantic, its errors translated),
then the rules of each family, run once typing has passed (MkDocs' post_validation); every finding
reported at once, placed in the sources (file, line, column) and in the document.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from contrat.conformite.revue import avertissement as avertissement_de_conformite
from contrat.conformite.revue import declarations_sans_effet, problemes_des_declarations, reviser
from contrat.controles import (
    accessibilite,
    blocs,
    chiffres,
    dates,
    declarations,
    documents,
    identifiants,
    indicateurs,
    provisoire,
    quartiers,
    registres,
    structure,
    textes,
)
from contrat.controles.constat import Constat, Regle
from contrat.controles.suivi import SuiviJuge, juger_suivi
from contrat.controles.traduction import traduire
from contrat.erreurs import ErreurSource, Probleme
from contrat.lecture.confinement import FichiersLus
from contrat.lecture.dossier import charger
from contrat.lecture.lieux import decrire
from contrat.lecture.markdown import ProblemeDeTexte
from contrat.lecture.yaml_positions import Positions
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat
from contrat.modele.suivi import Couverture, couverture

REGLES: list[Regle] = [
    dates.regle_avenants,
    documents.regle_documents,
    chiffres.regle_series_de_chiffres,
    textes.regle_renvois,
    textes.regle_noms_propres,
    textes.regle_references_texte,
    identifiants.regle_codes_uniques,
    structure.regle_criteres_evaluation,
    structure.regle_cellules_vides,
    structure.regle_piliers,
    structure.regle_objectifs_operationnels,
    structure.regle_page_des_signatures,
    registres.regle_references,
    chiffres.regle_tableaux,
    quartiers.regle_communes,
    quartiers.regle_chiffres_des_quartiers,
    dates.regle_dates,
    registres.regle_sigles,
    structure.regle_chapitres,
    blocs.regle_moyens,
    declarations.regle_declarations,
    accessibilite.regle_alternative_du_logo,
    accessibilite.regle_niveaux_de_titres,
    provisoire.regle_textes_a_completer,
    indicateurs.regle_fiches,
    indicateurs.regle_couverture,
]
"""Every rule, one module per family; the order is the order findings are found (they are sorted
by position before printing)."""


class Resultat:
    """A validated contract and the warnings found on the way."""

    def __init__(self, contrat: Contrat, avertissements: list[Probleme], fichiers: tuple[str, ...] = (),
                 duree: float = 0.0) -> None:
        self.contrat = contrat
        self.avertissements = avertissements
        self.fichiers = fichiers
        """The files the contract was read from (relative to the sources folder): what the PDF embeds."""
        self.duree = duree
        """Seconds the checking took: reading, typing and rules."""
        self.suivi: SuiviJuge | None = None
        """The follow-up folder (``suivi/``) read and judged, when ``check`` found one."""

    @property
    def couverture(self) -> Couverture:
        """How many criteria of evaluation an indicator sheet measures (and by sex)."""
        return couverture(self.contrat)


def constats(contrat: Contrat, a_completer: bool = True) -> list[Constat]:
    """The findings of every rule on a typed contract (``a_completer``: whether a source may still
    hold the skeleton's placeholder, see ``provisoire``)."""
    regles = REGLES if a_completer else [r for r in REGLES if r is not provisoire.regle_textes_a_completer]
    return [constat for regle in regles for constat in regle(contrat)]


@dataclass(frozen=True)
class Lecture:
    """A sources folder read and typed, its rules not yet run: a build renders it while they run
    (``juger``), and publishes nothing unless they pass."""

    contrat: Contrat
    arbre: Any
    positions: Positions
    duree: float

    @property
    def fichiers(self) -> tuple[str, ...]:
        """The files the contract was read from (relative to the sources folder)."""
        return FichiersLus(self.positions.contenus)

    def juger(self, strict: bool = False) -> Resultat:
        """Run every rule. Raises ErreurSource listing the errors (and the warnings when ``strict``)."""
        debut = time.perf_counter()
        trouves = [_situer(c.chemin, c.message, c.gravite, self.arbre, self.positions) for c in constats(self.contrat, provisoire.dans_les_sources(self.positions.contenus))]
        erreurs = [p for p in trouves if p.gravite == "erreur"]
        avertissements = [p for p in trouves if p.gravite == "avertissement"]
        if erreurs or (strict and avertissements):
            raise ErreurSource(erreurs + avertissements)
        return Resultat(self.contrat, sorted(avertissements), self.fichiers, self.duree + time.perf_counter() - debut)


def lire_dossier(dossier: Path) -> Lecture:
    """Load and type a sources folder. Raises ErreurSource listing every problem of reading or typing.

    A Markdown text the reader refuses is read as empty: the rest is still typed and, if it types,
    judged, so that its errors come with the text's (the README promises every error at once).
    Any other problem of reading (an unreadable YAML or CSV file, a path outside the sources)
    leaves a part of the contract unread: what typing would say of it is not said."""
    debut = time.perf_counter()
    arbre, positions, lus = charger(dossier)
    problemes = [_simple(p) for p in lus]
    if not all(isinstance(p, ProblemeDeTexte) for p in lus):
        raise ErreurSource(problemes)
    try:
        contrat = Contrat.model_validate(arbre)
    except ValidationError as exc:
        raise ErreurSource(sorted({*problemes, *(_situer(chemin, texte, "erreur", arbre, positions)
                                                 for chemin, texte in traduire(exc, arbre))})) from None
    lecture = Lecture(contrat, arbre, positions, time.perf_counter() - debut)
    if problemes:
        try:
            problemes += lecture.juger().avertissements
        except ErreurSource as exc:
            problemes += exc.problemes
        raise ErreurSource(problemes)
    return lecture


def _simple(p: Probleme) -> Probleme:
    """A problem of a text as any other (problems of one class sort together)."""
    return Probleme(p.fichier, p.ligne, p.colonne, p.place, p.message, p.gravite, p.chemin)


def valider_dossier(dossier: Path, strict: bool = False) -> Resultat:
    """Load and validate a sources folder. Raises ErreurSource listing every problem."""
    return lire_dossier(dossier).juger(strict)


def juger_avec_suivi(lecture: Lecture, dossier: Path, strict: bool = False) -> Resultat:
    """``juger``, and the follow-up folder beside the sources (``suivi/``) read and judged against
    the contract when there is one: its findings reported with the contract's (every error at
    once), with the same strictness. The follow-up never blocks a build, an avenant or a
    verification of the contract: only ``check`` calls this."""
    debut = time.perf_counter()
    suivi = juger_suivi(dossier, lecture.contrat)
    duree = time.perf_counter() - debut
    propres = (suivi.problemes if suivi is not None else []) + conformite(lecture)
    try:
        resultat = lecture.juger(strict)
    except ErreurSource as exc:
        raise ErreurSource(exc.problemes + propres) from None
    erreurs = [p for p in propres if p.gravite == "erreur"]
    avertissements = [p for p in propres if p.gravite == "avertissement"]
    if erreurs or (strict and avertissements):
        raise ErreurSource(resultat.avertissements + propres)
    resultat.avertissements = sorted(resultat.avertissements + avertissements)
    resultat.suivi = suivi
    resultat.duree += duree
    return resultat


def conformite(lecture: Lecture) -> list[Probleme]:
    """The conformity review's findings for check, when the sources declare it (conformite.yaml):
    each declaration the review does not use (a warning at its line), and ONE warning naming the
    missing requirements not declared as known gaps (the table itself is ``build.py conformite``'s,
    or a chapter's). Nothing while the declarations are wrong: their rule reports the errors."""
    c = lecture.contrat
    if c.conformite is None or next(problemes_des_declarations(c), None) is not None:
        return []
    lignes = reviser(c)
    problemes = [_situer(chemin, texte, "avertissement", lecture.arbre, lecture.positions)
                 for chemin, texte in declarations_sans_effet(lignes, c)]
    message = avertissement_de_conformite(lignes, c)
    if message:
        fichier, _, _ = lecture.positions.trouver(("conformite",))
        problemes.append(Probleme(fichier, 1, 1, "", message, "avertissement"))
    return problemes


def _situer(chemin: Chemin, texte: str, gravite: str, arbre: Any, positions: Positions) -> Probleme:
    fichier, ligne, colonne = positions.trouver(chemin)
    return Probleme(fichier, ligne, colonne, decrire(chemin, arbre), texte, gravite)
