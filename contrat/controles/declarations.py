"""What conformite.yaml declares to the conformity review must name requirements the référentiel
knows, and attest only those no rule judges: an error, since the printed table of conformity
would state it."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.conformite.revue import problemes_des_declarations
from contrat.controles.constat import Constat, erreur
from contrat.modele.contrat import Contrat


def regle_declarations(c: Contrat) -> Iterator[Constat]:
    for chemin, message in problemes_des_declarations(c):
        yield erreur(chemin, message)
