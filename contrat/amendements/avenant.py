"""An amendment: the version it amends, the new version, and the articles between them.

Plain domain logic (no Word, no PDF): ``diff`` and ``avenant`` both use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from contrat.amendements.redaction import Article, Redaction
from contrat.impression.arbre import Noeud
from contrat.impression.unites import imprimer, page_signatures
from contrat.modele.contrat import Avenant, Contrat


@dataclass(frozen=True)
class Versions:
    """The version amended and the new one, with the dates the visas cite."""

    ancien: Contrat
    nouveau: Contrat
    avenant: Avenant | None
    """None for ``diff``: the changes, without an avenant to write."""
    etiquette_base: str
    precedents: tuple[tuple[int, dt.date | None], ...] = ()
    """Earlier avenants (number, date of signature)."""
    initial: Contrat | None = None
    """The contract as first signed: its signature page is the one both versions print."""

    def titre(self) -> str:
        """« Avenant n° 2 au contrat de ville … » (the avenant's title and its PDF's)."""
        numero = self.avenant.numero if self.avenant else "…"
        return f"Avenant n° {numero} au {self.nouveau.intitule[0].lower()}{self.nouveau.intitule[1:]}"

    def imprimes(self) -> tuple[Noeud, Noeud]:
        """Both versions as they print (the signature page as signed, for both)."""
        initial = self.initial or self.ancien
        return (imprimer(self.ancien, page_signatures(self.ancien, initial)),
                imprimer(self.nouveau, page_signatures(self.nouveau, initial)))


def articles(v: Versions) -> list[Article]:
    """The articles, checked to take the printed signed text to the printed consolidated one."""
    return Redaction(*v.imprimes()).articles_verifies()
