"""Annexes and contributions: an author from the registry, some content, table shapes, valid
dates; and each kind of annex's own rules (``contrat/sortes/``)."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, erreur
from contrat.controles.dates import date_de_document
from contrat.controles.registres import organisation_absente
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import BlocLettre, BlocTableau, Contrat, Document
from contrat.modele.sortes import sortes


def regle_documents(c: Contrat) -> Iterator[Constat]:
    """Annexes and contributions: author, some content, table shapes, valid dates, their kinds' rules."""
    orgs = {o.code for o in c.organisations}
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            base = (liste, n)
            if liste == "contributions" and not doc.organisation:
                yield erreur(base, f"la contribution « {doc.titre} » ne nomme pas son organisation (champ organisation)")
            if doc.organisation and doc.organisation not in orgs:
                yield erreur(base + ("organisation",), organisation_absente(doc.organisation, orgs))
            if not doc.pdf and not doc.blocs and not any(s.contenu and doc.sorte(s) is not None for s in sortes()):
                yield erreur(base, f"document vide : ni blocs, {_ni_contenus()}ni fichier PDF")
            yield from _tableaux(doc, base)
            for i, bloc in enumerate(doc.blocs):
                if isinstance(bloc, BlocLettre):
                    yield from date_de_document(c, base + ("blocs", i, "lettre", "date"), bloc.lettre.date)
            for sorte in sortes():
                valeur = doc.sorte(sorte)
                if valeur is not None:
                    yield from sorte.controler(valeur, (*base, sorte.cle), c)


def _ni_contenus() -> str:
    return "".join(f"ni {s.designation}, " for s in sortes() if s.contenu)


def _tableaux(doc: Document, base: Chemin) -> Iterator[Constat]:
    for i, bloc in enumerate(doc.blocs):
        if not isinstance(bloc, BlocTableau):
            continue
        t = bloc.tableau
        for r, rang in enumerate(t.lignes):
            if t.colonnes and len(rang) != len(t.colonnes):
                yield erreur(base + ("blocs", i, "tableau", "lignes", r),
                             f"{len(rang)} cellule{'s' if len(rang) > 1 else ''} pour {len(t.colonnes)} colonnes")
