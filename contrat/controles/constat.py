"""A finding of a rule: where in the contract's tree, what, and how grave. ``dossier`` places it in
the sources (file, line, column) and in the printed document."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat

Gravite = Literal["erreur", "avertissement"]


@dataclass(frozen=True)
class Constat:
    chemin: Chemin
    message: str
    gravite: Gravite = "erreur"


Regle = Callable[[Contrat], Iterator[Constat]]
"""A rule: reads the validated contract, yields its findings (none when all is well)."""


def erreur(chemin: Chemin, message: str) -> Constat:
    """A finding that stops the build (exit 1, nothing produced)."""
    return Constat(chemin, message, "erreur")


def avertissement(chemin: Chemin, message: str) -> Constat:
    """A finding reported but not blocking (blocking with --strict)."""
    return Constat(chemin, message, "avertissement")
