"""Annexes and contributions: an author from the registry, one kind per block, table shapes, valid dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.controles.dates import INVRAISEMBLABLE
from contrat.controles.registres import organisation_absente
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import BlocLettre, BlocTableau, Contrat, Document


def regle_documents(c: Contrat) -> Iterator[Constat]:
    """Annexes and contributions: author, one kind per block, table shapes, valid dates."""
    orgs = {o.code for o in c.organisations}
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            base = (liste, n)
            if liste == "contributions" and not doc.organisation:
                yield erreur(base, f"la contribution « {doc.titre} » ne nomme pas son organisation (champ organisation)")
            if doc.organisation and doc.organisation not in orgs:
                yield erreur(base + ("organisation",), organisation_absente(doc.organisation, orgs))
            if not doc.pdf and not (doc.blocs or doc.mesures):
                yield erreur(base, "document vide : ni blocs, ni mesures, ni fichier PDF")
            for i, bloc in enumerate(doc.blocs):
                if not isinstance(bloc, BlocTableau):
                    continue
                t = bloc.tableau
                for r, rang in enumerate(t.lignes):
                    if t.colonnes and len(rang) != len(t.colonnes):
                        yield erreur(base + ("blocs", i, "tableau", "lignes", r),
                                     f"{len(rang)} cellule{'s' if len(rang) > 1 else ''} pour {len(t.colonnes)} colonnes")
            yield from _dates_document(c, doc, base)


def _dates_document(c: Contrat, doc: Document, base: Chemin) -> Iterator[Constat]:
    dates: list[tuple[Chemin, dt.date, str]] = []
    if doc.concertation:
        dates.append((base + ("concertation", "date"), doc.concertation.date, "concertation"))
    if doc.mesures:
        dates.append((base + ("mesures", "date"), doc.mesures.date, "texte"))
    for i, bloc in enumerate(doc.blocs):
        if isinstance(bloc, BlocLettre):
            dates.append((base + ("blocs", i, "lettre", "date"), bloc.lettre.date, "lettre"))
    for chemin, jour, nature in dates:
        if nature == "concertation" and jour.year > c.periode.debut:
            # Consultations prepare the contract: they cannot follow its start.
            yield avertissement(chemin, f"la concertation est datée du {jour:%d/%m/%Y}, après le début du contrat "
                           f"({c.periode.debut}) : coquille ?")
        elif not (c.periode.debut - 5 <= jour.year <= c.periode.fin):
            yield avertissement(chemin, f"date du {jour:%d/%m/%Y} {INVRAISEMBLABLE}")
