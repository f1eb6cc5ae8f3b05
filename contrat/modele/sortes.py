"""The table of the kinds of annex: what each kind brings to every stage, registered in one place.

A kind of annex (a concertation record, a list of measures...) is a section of an annex's or a
contribution's file under its own key (``concertation:``, ``mesures:``). Each kind is one module of
``contrat/sortes/``: its model, its rules and its printed units. Stages that come before it (the
model, reading, printing, checking) know only this table; ``contrat.sortes.inscrire`` fills it
before a contract is first validated, and the model's class of a document is then built from it,
once (``contrat.modele.contrat.document_des_sortes``).

The callables are typed loosely here because their types belong to later stages (a printed unit,
a finding); each kind's module types them exactly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contrat.modele.base import ModeleFige
from contrat.modele.chemin import Chemin


@dataclass(frozen=True)
class Sorte:
    """A kind of annex, as every stage sees it."""

    cle: str
    """Its key in a document's file and its field in the model (« concertation »)."""
    modele: type[ModeleFige]
    """Its schema: the pydantic class of what is written under ``cle``."""
    designation: str
    """Its French name in a message (« liste de mesures »)."""
    imprimer: Callable[[Any, Chemin, Any], Sequence[Any]]
    """(its value, its place in the sources, the document being printed) -> its printed units,
    which come after the document's heading and before its blocks."""
    controler: Callable[[Any, Chemin, Any], Iterable[Any]] = lambda valeur, ici, contrat: ()
    """(its value, its place, the contract) -> findings of its own rules."""
    contenu: bool = False
    """It fills a document by itself (a list of measures); otherwise it heads the document's blocks
    (a concertation record) and a document holding it alone is empty."""
    fichier_entier: frozenset[str] = frozenset()
    """Keys that make a whole file this kind (a list of measures written as its own file: its
    ``parties``); the annex's title is then the file's ``titre``."""
    proses: tuple[tuple[str, ...], ...] = ()
    """Its Markdown fields, as paths under its key (``"*"`` for every item of a list)."""
    noms_listes: Mapping[str, str] = field(default_factory=dict)
    """French name of an item of each of its lists (« rubriques » -> « rubrique »), for messages."""
    noms_champs: Mapping[str, str] = field(default_factory=dict)
    """French names of its fields where the key is not French enough, for messages."""
    formes_anciennes: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    """A document's mapping written in an older form of this kind, rewritten in the current one."""
    anciens_chemins: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    """Data paths of its older forms (a link « #code.atelier.participants_jeunes ») and where they
    now lead."""
    anciennes_cles: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(class of the model, key of an older form) -> what to write now: « Document » for a key of
    the document itself (« atelier » -> « concertation »), else a class of this kind's model (its
    own renamed key, « piliers » -> « parties »). Messages, the schema and docs/migration.md say so."""


def anciennes_cles() -> dict[tuple[str, str], str]:
    """Every kind's older keys (see ``Sorte.anciennes_cles``)."""
    return {cle: actuelle for s in sortes() for cle, actuelle in s.anciennes_cles.items()}


_SORTES: dict[str, Sorte] = {}
_VERROU = threading.Lock()
_FIGEES: list[bool] = []
"""Set once the document's class is built from the table: a kind registered later would be
silently ignored, so it is refused."""


def enregistrer(sorte: Sorte) -> None:
    """Adds a kind of annex to the table (``contrat.sortes`` does it for each of its modules)."""
    with _VERROU:
        ancienne = _SORTES.get(sorte.cle)
        if ancienne is sorte:
            return
        if ancienne is not None:
            raise ValueError(f"deux sortes d'annexe portent la clé « {sorte.cle} »")
        if _FIGEES:
            raise RuntimeError(f"sorte d'annexe « {sorte.cle} » enregistrée après la construction du modèle : "
                               "l'enregistrer avant de valider un contrat")
        _SORTES[sorte.cle] = sorte


def sortes() -> tuple[Sorte, ...]:
    """The kinds of annex, in the order they were registered (the order they print in)."""
    return tuple(_SORTES.values())


def figer() -> tuple[Sorte, ...]:
    """The kinds, for building the model's class of a document: none may be added afterwards."""
    with _VERROU:
        if not _SORTES:
            raise RuntimeError("aucune sorte d'annexe enregistrée : appeler contrat.sortes.inscrire() avant de "
                               "valider un contrat")
        _FIGEES.append(True)
        return tuple(_SORTES.values())
