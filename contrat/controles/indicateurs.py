"""Indicator sheets (indicateurs.yaml): each measures a criterion of evaluation that exists, in
QPV of the contract, with organisations of the registry, and targets inside the contract's period;
once the contract has sheets, each criterion has one and each sheet says whether it is by sex."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.controles.quartiers import chiffre_introuvable
from contrat.controles.registres import organisation_absente, suggestion
from contrat.controles.traduction import plus_proche
from contrat.impression.evaluation import reference_de
from contrat.impression.substitution import valeur_citee
from contrat.modele.contrat import Contrat, Element, Indicateur
from contrat.modele.nombres import Manquant, Nombre
from contrat.modele.suivi import CritereRepere, criteres, fiches_du_critere


def _indicateur(n: int) -> tuple[str, int]:
    return ("indicateurs", n)


def regle_fiches(c: Contrat) -> Iterator[Constat]:
    """Each sheet designates one criterion, QPV of the contract, organisations of the registry (the
    one responsible for the data a signatory), and its years fit the contract."""
    reperes = criteres(c)
    par_code: dict[str, list[CritereRepere]] = {}
    for r in reperes:
        par_code.setdefault(r.critere.code, []).append(r)
    codes_criteres = set(par_code)
    orgs = {o.code for o in c.organisations}
    signataires = {o for s in c.signataires for o in s.organisations}
    quartiers = {q.code for q in c.quartiers}
    mal_ecrits = _criteres_mal_ecrits(c)
    for n, f in enumerate(c.indicateurs):
        ici = _indicateur(n)
        if f.critere not in mal_ecrits:  # under a misspelt column, reported as such: not also unknown here
            yield from _critere(f, ici, par_code.get(f.critere, []), codes_criteres)
        for k, q in enumerate(f.quartiers):
            if q not in quartiers:
                yield erreur(ici + ("perimetre", "quartiers", k), quartier_absent(q, quartiers))
        if f.producteur is not None and f.producteur not in orgs:
            yield erreur(ici + ("producteur",), organisation_absente(f.producteur, orgs))
        if f.responsable is not None:
            if f.responsable not in orgs:
                yield erreur(ici + ("responsable",), organisation_absente(f.responsable, orgs))
            elif f.responsable not in signataires:
                yield erreur(ici + ("responsable",),
                             f"« {f.responsable} » ne signe pas le contrat : le responsable des données est un "
                             f"signataire, qui s'engage à les transmettre (loi n° 2014-173, art. 6 IV 6°)"
                             f"{suggestion(f.responsable, signataires)}")
        yield from _reference(c, f, ici)
        yield from _annees(c, f, ici)


def quartier_absent(code: str, quartiers: set[str]) -> str:
    """A QPV named that the contract does not cover."""
    return f"quartier « {code} » absent du contrat (quartiers : {', '.join(sorted(quartiers))})"


def _criteres_mal_ecrits(c: Contrat) -> set[str]:
    """Codes of criteria written under a misspelt key of an axe (« criteres_evaluatoin »)."""
    codes: set[str] = set()
    for e in c.enjeux:
        for a in e.axes:
            for r in a.rangees:
                for cle, items in r.autres.items():
                    if plus_proche(cle, ["criteres_evaluation"]):
                        codes |= {x.code for x in items if isinstance(x, Element)}
    return codes


def _critere(f: Indicateur, ici: tuple[str, int], reperes: list[CritereRepere],
             codes: set[str]) -> Iterator[Constat]:
    """The sheet designates one criterion. A warning, not an error, when it does not: the contract
    prints and stays valid (a sheet prints nothing), but the sheet measures nothing until it is
    attached again (an avenant that removes or moves a criterion leaves its sheet behind)."""
    if not reperes:
        yield avertissement(ici + ("critere",), f"critère d'évaluation « {f.critere} » inconnu"
                                                f"{suggestion(f.critere, codes)} : la fiche ne mesure aucun critère "
                                                "(la rattacher à un critère, ou la retirer avec lui)")
        return
    if f.axe is not None:
        if not any(f.axe in (r.rangee, r.axe) for r in reperes):
            lignes = ", ".join(sorted({r.rangee for r in reperes}))
            yield avertissement(ici + ("axe",), f"le critère « {f.critere} » n'est pas dans l'axe « {f.axe} » (il est "
                                                f"dans : {lignes}) : la fiche ne mesure aucun critère")
    elif len(reperes) > 1:
        lignes = ", ".join(r.rangee for r in reperes)
        yield avertissement(ici + ("critere",), f"le critère « {f.critere} » est dans {len(reperes)} axes ({lignes}) : "
                                                "préciser lequel par « axe » (la fiche les mesure tous d'ici là)")


def _reference(c: Contrat, f: Indicateur, ici: tuple[str, int]) -> Iterator[Constat]:
    """A baseline read from the key figures designates one, a number in the sheet's unit."""
    if f.reference is None or f.reference.chiffre is None:
        return
    cite = valeur_citee(c, f.reference.chiffre)
    lieu = ici + ("reference", "chiffre")
    if cite is None:
        yield erreur(lieu, chiffre_introuvable(c, f.reference.chiffre))
    elif isinstance(cite.valeur, Manquant):
        yield erreur(lieu, f"le chiffre cité vaut « {cite.valeur} » ({cite.valeur.sens}) : une référence est une "
                           "valeur connue")
    elif cite.unite and f.unite and cite.unite.strip() != f.unite.strip():
        yield erreur(lieu, f"le chiffre cité est en « {cite.unite} », la fiche en « {f.unite} »")


def _annees(c: Contrat, f: Indicateur, ici: tuple[str, int]) -> Iterator[Constat]:
    debut, fin = c.periode.debut, c.periode.fin
    if f.reference is not None and f.reference.annee > fin:
        yield erreur(ici + ("reference", "annee"), f"année de référence {f.reference.annee} après la fin du contrat "
                                                   f"({fin}) : la référence est l'état de départ")
    for annee in f.cibles.valeurs if f.cibles else {}:
        if not debut <= annee <= fin:
            yield erreur(ici + ("cibles", str(annee)), f"cible pour {annee}, hors de la période du contrat "
                                                       f"({debut}-{fin})")
    depart = reference_de(c, f)
    if f.cibles and isinstance(depart, Nombre) and f.cibles.sens != "maintien":
        for annee, cible in f.cibles.valeurs.items():
            ecart = cible.valeur - depart.valeur
            if ecart and (ecart > 0) != (f.cibles.sens == "hausse"):
                yield avertissement(ici + ("cibles", str(annee)),
                                    f"cible {annee} ({cible}) en {'baisse' if ecart < 0 else 'hausse'} par rapport à la "
                                    f"référence ({depart}), alors que le sens voulu est la "
                                    f"{f.cibles.sens} : coquille ?")


def regle_couverture(c: Contrat) -> Iterator[Constat]:
    """Once the contract has indicator sheets: each criterion has one (a qualitative sheet counts),
    and each sheet says whether its data are given by sex or why not (CGCT L1111-2: the annual
    report's data are presented by sex). A contract without sheets is not warned (the file is
    optional): its summary says 0 criteria measured."""
    if not c.indicateurs:
        return
    for r in criteres(c):
        if not fiches_du_critere(c, r):
            yield avertissement(r.chemin, f"critère « {r.critere.code} » sans fiche d'indicateur (indicateurs.yaml) : "
                                          "ni mesuré ni apprécié, il ne pourra pas être évalué")
    for n, f in enumerate(c.indicateurs):
        if not f.sexe_renseigne:
            yield avertissement(_indicateur(n), f"« {f.code} » ne dit pas s'il est suivi par sexe (les données du rapport "
                                                "annuel sont présentées par sexe) : « par_sexe: oui », ou « sans_sexe: » "
                                                "et la raison")
