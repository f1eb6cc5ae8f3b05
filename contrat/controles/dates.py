"""Dates: period, phases, data years, signature, avenants' committees and signatures are plausible
(their format is checked by typing: the model holds dates, not text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.impression.francais import l_avenant
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat

INVRAISEMBLABLE = "invraisemblable pour ce contrat"
"""What a date outside the contract's life is said to be (a table's year, a document's date)."""


def date_de_document(c: Contrat, chemin: Chemin, jour: dt.date) -> Iterator[Constat]:
    """A date an annex or a contribution prints (a letter's, a text's): from five years before the
    contract's start to its end."""
    if not (c.periode.debut - 5 <= jour.year <= c.periode.fin):
        yield avertissement(chemin, f"date du {jour:%d/%m/%Y} {INVRAISEMBLABLE}")


def regle_dates(c: Contrat) -> Iterator[Constat]:
    """Dates are plausible for a 2024-2030 style contract."""
    p = c.periode
    if not 2000 <= p.debut < p.fin <= p.debut + 12:
        yield erreur(("periode",), f"période {p.debut}-{p.fin} invraisemblable")
    for n, phase in enumerate(p.phases):
        if not (p.debut <= phase.debut < phase.fin <= p.fin):
            yield erreur(("periode", "phases", n), f"la phase {phase.debut}-{phase.fin} sort de la période {p.debut}-{p.fin}")
    if p.phases and (p.phases[0].debut != p.debut or p.phases[-1].fin != p.fin):
        yield erreur(("periode", "phases"), "les phases ne couvrent pas toute la période")
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        if t.annee is not None and not (p.debut - 20 <= t.annee <= p.fin):
            yield erreur(("chiffres_cles", "tableaux", n, "annee"), f"année {t.annee} {INVRAISEMBLABLE}")
    jour = c.signature.date
    if jour and not (p.debut - 1 <= jour.year <= p.fin):
        yield erreur(("signature", "date"), f"date de signature {jour:%d/%m/%Y} hors de la période du contrat")


def regle_avenants(c: Contrat) -> Iterator[Constat]:
    """Avenants are numbered 1, 2, 3..., each amends the previous version, with plausible dates."""
    for n, a in enumerate(c.avenants):
        if a.numero != n + 1:
            yield erreur(("avenants", n, "numero"), f"avenant n° {a.numero} : numéro {n + 1} attendu (numérotation continue)")
        attendu = "contrat-signe" if n == 0 else f"avenant-{n}"
        if a.modifie != attendu:
            yield erreur(("avenants", n, "modifie"), f"{l_avenant(a.numero)} doit modifier « {attendu} », "
                                               f"pas « {a.modifie} »")
        comite, signe = a.comite_pilotage, a.signature.date
        if signe and signe < comite:
            yield erreur(("avenants", n, "signature", "date"), "l'avenant est signé avant le comité de pilotage qui l'approuve")
        if not (c.periode.debut <= comite.year <= c.periode.fin):
            yield erreur(("avenants", n, "comite_pilotage"), f"comité du {comite:%d/%m/%Y} hors de la période du contrat")
