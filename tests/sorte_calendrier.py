"""An example kind of annex, written as docs/developpement.md says to add one: « calendrier », the
calendar of the contract's governing bodies (steering committee, technical committee, the 2027
review), as an annex lists it. Its model, its rules and its printed units are here; its
registration is the one call at the end, which a real kind makes by a line in ``contrat/sortes/``.

Run as a script, it is ``build.py`` with this kind registered too:
``PYTHONPATH=. python tests/sorte_calendrier.py check --sources DOSSIER``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from pydantic import Field

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.impression.arbre import Genre, Noeud, Role
from contrat.impression.unites import DocumentEnCours, date_en_lettres, q
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Code, Contrat, Date, Modele, Texte
from contrat.modele.prose import Prose
from contrat.modele.sortes import Sorte


class Reunion(Modele):
    """A meeting of a governing body."""

    code: Code
    date: Date
    instance: Texte
    """The body that meets (« Comité de pilotage »)."""
    objet: Texte
    lieu: str = ""


class Calendrier(Modele):
    """The calendar of the contract's governing bodies."""

    presentation: Prose | None = None
    """A text before the meetings (Markdown)."""
    reunions: tuple[Reunion, ...] = Field(min_length=1)


def controler(k: Calendrier, ici: Chemin, c: Contrat) -> Iterator[Constat]:
    for n, r in enumerate(k.reunions):
        if not (c.periode.debut <= r.date.year <= c.periode.fin):
            yield erreur((*ici, "reunions", n, "date"), f"réunion du {r.date:%d/%m/%Y} hors de la période du contrat "
                         f"({c.periode.debut}-{c.periode.fin})")
        if n and r.date < k.reunions[n - 1].date:
            yield avertissement((*ici, "reunions", n, "date"), "réunion antérieure à la précédente : le calendrier se "
                                "lit dans l'ordre des dates")


def imprimer(k: Calendrier, ici: Chemin, document: DocumentEnCours) -> list[Noeud]:
    noeuds = [document.prose(k.presentation, "presentation", (*ici, "presentation"))] if k.presentation else []
    for n, r in enumerate(k.reunions):
        ou = f", {r.lieu}" if r.lieu else ""
        noeuds.append(Noeud(Genre.ELEMENT, r.code, f"{date_en_lettres(r.date)} – {r.instance}{ou} : {r.objet}",
                            nom=f"réunion {q(r.instance)} du {date_en_lettres(r.date)}", feminin=True,
                            role=Role.PUCE, niveau=1, source=(*ici, "reunions", n, "objet")))
    return noeuds


SORTE = Sorte(
    cle="calendrier",
    modele=Calendrier,
    designation="calendrier des instances",
    imprimer=imprimer,
    controler=controler,
    contenu=True,
    proses=(("presentation",),),
    noms_listes={"reunions": "réunion"},
)


if __name__ == "__main__":
    from contrat.cli.principal import lancer
    from contrat.modele.sortes import enregistrer

    enregistrer(SORTE)  # the registration: contrat/sortes/__init__.py lists the project's own kinds
    lancer(sys.argv[1:])
