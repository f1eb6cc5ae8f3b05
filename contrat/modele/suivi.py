"""The contract's follow-up: what the annual report reads.

Two sorts of data, kept apart on purpose:

- the indicator sheets (``Indicateur``, in ``contrat.py`` since ``Contrat.indicateurs`` holds them):
  contract sources, in ``sources/indicateurs.yaml``, each attached to a criterion of evaluation;
- the follow-up data (``Suivi``), NOT contract sources: the yearly values of the indicators and the
  actions of each year (the programmation), read from the CSV/XLSX files of a ``suivi/`` folder
  beside ``sources/`` (``contrat.lecture.suivi``). Changing them never changes the contract.

A value carries a status (available, statistical secrecy, not transmitted, not comparable): only an
available value has a number. Values are never summed unless their sheet says ``sommable``.

How a later stage gets them: ``contrat.controles.suivi.juger_suivi(sources, contrat)`` reads
``suivi/`` beside the sources and judges it against the validated contract: a ``SuiviJuge`` with the
typed ``Suivi`` (each QPV named by its contract code, also when the file gave its code_qp), the
problems found (placed at file:line:column) and the files read; ``build.py check`` keeps it in
``Resultat.suivi``. The sheets are ``Contrat.indicateurs``; ``criteres``, ``fiches_du_critere`` and
``couverture`` link them to the criteria of the enjeux tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field, model_validator

from contrat.modele.chemin import Chemin
from contrat.modele.contrat import (
    ZONES_COMPARAISON,
    Annee,
    Booleen,
    CiblesIndicateur,
    Code,
    Contrat,
    DefinitionIndicateur,
    Element,
    Indicateur,
    Modele,
    PerimetreIndicateur,
    ReferenceIndicateur,
    Texte,
    TypeIndicateur,
    ZoneComparaison,
)
from contrat.modele.textes import rangees

__all__ = [
    "STATUTS", "SEXES", "ZONES_COMPARAISON", "Action", "CiblesIndicateur", "Couverture", "CritereRepere",
    "DefinitionIndicateur", "Indicateur", "PerimetreIndicateur", "Programmation", "ReferenceIndicateur",
    "Statut", "Sexe", "Suivi", "TypeIndicateur", "Valeur", "ZoneComparaison", "couverture", "criteres",
    "fiche", "fiches_du_critere", "iterer_actions", "lire_chiffre",
]

Sexe = Literal["femmes", "hommes", "ensemble"]
SEXES: tuple[str, ...] = get_args(Sexe)
Statut = Literal["disponible", "secret", "non_transmise", "non_comparable"]
STATUTS: tuple[str, ...] = get_args(Statut)
"""``secret``: statistical secrecy (INSEE's « s »); ``non_transmise``: the producer did not send it;
``non_comparable``: a change of method or perimeter breaks the series."""

_ESPACES = re.compile(r"[\s\u00a0\u202f]")
_CHIFFRE = re.compile(r"^\s*([-\u2212]?[\d\s\u00a0\u202f]*\d(?:[.,][\d\s\u00a0\u202f]*\d)?)\s*(.*?)\s*$")


def lire_chiffre(texte: str) -> tuple[Decimal, str]:
    """A cell of the follow-up data: a number written the French way, possibly followed by its
    unit (« 45 % », « 12 000 € »): (value, unit written, "" if none). ValueError in French."""
    trouve = _CHIFFRE.fullmatch(texte)
    if trouve is None:
        raise ValueError(f"« {texte} » n'est pas un nombre (écriture attendue : 3025, 56 595 ou 34,7, "
                         "éventuellement suivi de son unité : 45 %)")
    # The regular expression admits what ``lire_nombre`` does; read here without building a
    # Nombre, 10 000 times faster to the user who waits for check.
    chiffre = _ESPACES.sub("", trouve.group(1)).replace(",", ".").replace("\u2212", "-")
    return Decimal(chiffre), trouve.group(2)


def _montant(v: object) -> object:
    """An amount in euros: « 12 000 », « 12 000,50 », « 12 000 € »; never negative."""
    if isinstance(v, (int, Decimal)):
        montant = Decimal(v)
    elif isinstance(v, str):
        if not v.strip():
            return Decimal(0)
        montant, unite = lire_chiffre(v)
        if unite not in ("", "€", "euros"):
            raise ValueError(f"« {v} » : montant en euros attendu (unité « {unite} »)")
    else:
        return v
    if montant < 0:
        raise ValueError(f"montant négatif ({v}) : un montant mobilisé est positif ou nul")
    return montant


def _effectif(v: object) -> object:
    """A count of people: digits, never negative; empty: not known."""
    if isinstance(v, str):
        texte = re.sub(r"[\s\u00a0\u202f]", "", v)
        if not texte:
            return None
        if not re.fullmatch(r"-?\d+", texte):
            raise ValueError(f"« {v} » n'est pas un nombre de personnes (un entier)")
        v = int(texte)
    if isinstance(v, int) and v < 0:
        raise ValueError(f"nombre de personnes négatif ({v})")
    return v


def _codes(v: object) -> object:
    """Codes separated by commas in a cell (« caf, region »)."""
    if isinstance(v, str):
        return tuple(c.strip() for c in v.split(",") if c.strip())
    return v


Montant = Annotated[Decimal, BeforeValidator(_montant)]
Effectif = Annotated[int | None, BeforeValidator(_effectif)]
ListeCodes = Annotated[tuple[Code, ...], BeforeValidator(_codes)]


# --- yearly values ---------------------------------------------------------------------------


class Valeur(Modele):
    """One value of an indicator: a year, an area (a QPV of the contract or a comparison area), a
    sex, and its status. Read from a row ``indicateur;annee;zone;sexe;valeur;statut[;commentaire]``."""

    indicateur: Code
    annee: Annee
    zone: Texte
    """A QPV of the contract (its ``code``; its ``code_qp`` is read as it) or a comparison area
    (``ZONES_COMPARAISON``)."""
    sexe: Sexe = "ensemble"
    statut: Statut = "disponible"
    valeur: Decimal | None = None
    """The number, only when ``disponible``."""
    unite: str = ""
    """The unit written after the number in the file (« 45 % »), checked against the sheet's."""
    commentaire: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _cellule(cls, donnees: Any) -> Any:
        """The value's cell read: a number and its unit, or INSEE's « s » (secrecy); an empty
        status is « disponible » when a number is given."""
        if not isinstance(donnees, dict):
            return donnees
        donnees = {k: v for k, v in donnees.items() if not (isinstance(v, str) and not v.strip() and k != "valeur")}
        brut = donnees.get("valeur")
        if isinstance(brut, str):
            if not brut.strip():
                donnees.pop("valeur")
            elif brut.strip() == "s" and donnees.get("statut", "secret") == "secret":
                donnees["statut"] = "secret"
                donnees.pop("valeur")
            else:
                donnees["valeur"], unite = lire_chiffre(brut)
                donnees.setdefault("unite", unite)
        return donnees

    @model_validator(mode="after")
    def _statut(self) -> Valeur:
        if self.statut == "disponible" and self.valeur is None:
            raise ValueError("valeur manquante : écrire la valeur, ou un statut qui dit pourquoi elle manque "
                             "(secret, non_transmise, non_comparable)")
        if self.statut == "secret" and self.valeur is not None:
            raise ValueError("valeur donnée sous secret statistique : elle ne se publie pas (laisser la cellule "
                             "« valeur » vide)")
        if self.statut != "disponible" and self.valeur is not None:
            raise ValueError(f"valeur donnée avec le statut « {self.statut} » : une valeur ne s'écrit qu'avec le "
                             "statut « disponible » (laisser la cellule « valeur » vide)")
        return self


# --- the programmation ----------------------------------------------------------------------


class Action(Modele):
    """One action of a year's programmation: who carries it, under which axe, in which QPV, with
    which funds (crédits spécifiques of the politique de la ville, droit commun), its co-funders
    and its beneficiaries by sex."""

    action: Texte
    porteur: Texte
    """The holder, as named (an association is seldom in the registry)."""
    axe: Code
    """Code of the axe de travail (enjeux.yaml)."""
    quartier: Code | None = None
    """A QPV of the contract (its code); empty: all the contract's QPV."""
    credits_specifiques: Montant = Decimal(0)
    """Euros of the politique de la ville's specific credits (BOP 147...)."""
    droit_commun: Montant = Decimal(0)
    """Euros of the signatories' ordinary policies mobilised."""
    cofinanceurs: ListeCodes = ()
    """Organisations of the registry, separated by commas in the file."""
    beneficiaires_femmes: Effectif = None
    beneficiaires_hommes: Effectif = None
    pluriannuel: Booleen = False
    """Under a multi-year agreement (convention pluriannuelle d'objectifs)."""

    @model_validator(mode="before")
    @classmethod
    def _vides(cls, donnees: Any) -> Any:
        """An empty cell is an absent field (its default)."""
        if not isinstance(donnees, dict):
            return donnees
        return {k: v for k, v in donnees.items() if not (isinstance(v, str) and not v.strip())}

    @property
    def total(self) -> Decimal:
        """Specific credits and droit commun (amounts, which do add up)."""
        return self.credits_specifiques + self.droit_commun


class Programmation(Modele):
    """The actions of one year (``suivi/programmation/<ANNEE>.csv``)."""

    annee: Annee
    actions: tuple[Action, ...] = Field(min_length=1)


# --- the follow-up as a whole ----------------------------------------------------------------


class Suivi(Modele):
    """The follow-up data of the contract, read and typed (zones as the contract's QPV codes)."""

    valeurs: tuple[Valeur, ...] = ()
    programmations: tuple[Programmation, ...] = ()

    def valeurs_de(self, indicateur: str) -> tuple[Valeur, ...]:
        return tuple(v for v in self.valeurs if v.indicateur == indicateur)

    def valeur(self, indicateur: str, annee: int, zone: str, sexe: str = "ensemble") -> Valeur | None:
        """The value of an indicator for a year, area and sex, if given (whatever its status)."""
        return next((v for v in self.valeurs if (v.indicateur, v.annee, v.zone, v.sexe) == (indicateur, annee, zone, sexe)),
                    None)

    def serie(self, indicateur: str, zone: str, sexe: str = "ensemble") -> tuple[Valeur, ...]:
        """The values of an indicator in an area for a sex, year by year (whatever their status)."""
        return tuple(sorted((v for v in self.valeurs if (v.indicateur, v.zone, v.sexe) == (indicateur, zone, sexe)),
                            key=lambda v: v.annee))

    def programmation(self, annee: int) -> Programmation | None:
        return next((p for p in self.programmations if p.annee == annee), None)

    @property
    def annees(self) -> tuple[int, ...]:
        """Years that have values or a programmation, in order."""
        return tuple(sorted({v.annee for v in self.valeurs} | {p.annee for p in self.programmations}))


# --- criteria and coverage ------------------------------------------------------------------


@dataclass(frozen=True)
class CritereRepere:
    """A criterion of evaluation with where it stands: its row (axe or objectif opérationnel)
    and the path of the criterion in the sources."""

    chemin: Chemin
    rangee: str
    """Code of the axe, or of the objectif opérationnel, whose cell holds it."""
    axe: str
    critere: Element


def criteres(c: Contrat) -> list[CritereRepere]:
    """Every criterion of evaluation of the contract, in the order it prints."""
    trouves = []
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for ici, r in rangees(i, j, a):
                for k, critere in enumerate(r.criteres_evaluation):
                    trouves.append(CritereRepere(ici + ("criteres_evaluation", k), r.code, a.code, critere))
    return trouves


def fiche(c: Contrat, code: str) -> Indicateur | None:
    """The contract's indicator sheet ``code``, if any."""
    return next((f for f in c.indicateurs if f.code == code), None)


def fiches_du_critere(c: Contrat, repere: CritereRepere) -> list[Indicateur]:
    """The sheets that measure a criterion (a sheet naming its ``axe`` only if the criterion's
    code is used in several rows; the rules report an ambiguous one)."""
    return [f for f in c.indicateurs if f.critere == repere.critere.code
            and (f.axe is None or f.axe in (repere.rangee, repere.axe))]


@dataclass(frozen=True)
class Couverture:
    """How far the criteria are measured: ``mesures`` of ``criteres`` have a sheet (a qualitative
    one counts), ``par_sexe`` of them a sheet given by sex."""

    criteres: int
    mesures: int
    par_sexe: int
    sans_fiche: tuple[CritereRepere, ...]

    def __str__(self) -> str:
        critere = "critère mesuré" if self.criteres <= 1 else "critères mesurés"
        return f"{self.mesures}/{self.criteres} {critere}, {self.par_sexe} par sexe"


def couverture(c: Contrat) -> Couverture:
    tous = criteres(c)
    fiches = [(r, fiches_du_critere(c, r)) for r in tous]
    return Couverture(criteres=len(tous), mesures=sum(1 for _, f in fiches if f),
                      par_sexe=sum(1 for _, f in fiches if any(x.par_sexe for x in f)),
                      sans_fiche=tuple(r for r, f in fiches if not f))


def iterer_actions(s: Suivi) -> Iterator[tuple[int, int, Action]]:
    """(index of the programmation, index of the action, action), for the rules."""
    for i, p in enumerate(s.programmations):
        for j, a in enumerate(p.actions):
            yield i, j, a
