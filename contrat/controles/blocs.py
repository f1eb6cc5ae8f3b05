"""The blocks of what the law asks a contract to state (means, evaluation, participation): the
organisations they name exist, and the means are a signatory's (art. 6 IV 3° speaks of the
means « mobilisés » by the signatories)."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, erreur
from contrat.controles.registres import l_organisation, organisation_absente
from contrat.modele.contrat import Contrat


def signataires_par_organisation(c: Contrat) -> set[str]:
    """The organisations that sign: each signatory's, and those it also signs for."""
    return {s.organisation for s in c.signataires} | {o for s in c.signataires for o in s.aussi_pour}


def regle_moyens(c: Contrat) -> Iterator[Constat]:
    """A row of the table of means is a signatory's, once; the evaluation's leader exists."""
    orgs = {o.code for o in c.organisations}
    signent = signataires_par_organisation(c)
    vues: set[str] = set()
    for k, l in enumerate(c.moyens.lignes if c.moyens else ()):
        ici = ("moyens", "lignes", k, "organisation")
        if l.organisation not in orgs:
            yield erreur(ici, organisation_absente(l.organisation, orgs))
        elif l.organisation not in signent:
            yield erreur(ici, f"{l_organisation(l.organisation)} ne signe pas le contrat : le tableau des moyens "
                              f"ne porte que les moyens des signataires")
        elif l.organisation in vues:
            yield erreur(ici, f"{l_organisation(l.organisation)} a déjà une ligne dans le tableau des moyens")
        vues.add(l.organisation)
    if c.evaluation and c.evaluation.pilote and c.evaluation.pilote not in orgs:
        yield erreur(("evaluation", "pilote"), organisation_absente(c.evaluation.pilote, orgs))
