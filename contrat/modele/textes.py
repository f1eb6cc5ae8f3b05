"""The rows an axe prints, with their paths in the sources (the checks of cells and the printed tree
walk them alike)."""

from __future__ import annotations

from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Axe, ObjectifOperationnel


def rangees(i: int, j: int, a: Axe) -> list[tuple[Chemin, Axe | ObjectifOperationnel]]:
    """The rows axe ``j`` of enjeu ``i`` prints, with their paths: its objectifs opérationnels, or itself."""
    axe: Chemin = ("enjeux", i, "axes", j)
    if not a.objectifs_operationnels:
        return [(axe, a)]
    return [(axe + ("objectifs_operationnels", k), oo) for k, oo in enumerate(a.objectifs_operationnels)]
