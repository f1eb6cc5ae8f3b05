"""The kinds of annex, one module each (its model, its rules, its printed units), listed here in
the order they print. ``inscrire`` puts them in the model's table of kinds
(``contrat.modele.sortes``): whoever reads a sources folder calls it first.

Adding a kind: a module beside these and one line below; see docs/developpement.md.
"""

from __future__ import annotations

from contrat.modele.sortes import Sorte, enregistrer
from contrat.sortes import concertation, mesures

SORTES: tuple[Sorte, ...] = (
    concertation.SORTE,
    mesures.SORTE,
)
"""The table: one entry per kind of annex."""


def inscrire() -> None:
    """Registers the kinds of annex (again: nothing changes), before a contract is validated."""
    for sorte in SORTES:
        enregistrer(sorte)
