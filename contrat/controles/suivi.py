"""The follow-up data judged against the contract: each value of an indicator sheet the contract
has, in a year of its period, in one of its QPV (or a comparison area), in the sheet's unit, given
once, by sex where the sheet says so; each action under an axe of the contract, in one of its QPV,
co-funded by organisations of the registry.

The follow-up is not a contract source: its findings are reported by ``check`` beside the
contract's, placed in its files (line and column, or a workbook's cell), but never block a build of
the contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.controles.indicateurs import quartier_absent
from contrat.controles.registres import organisation_absente, suggestion
from contrat.erreurs import Probleme
from contrat.lecture.suivi import SuiviLu, lire_suivi
from contrat.modele.contrat import ZONES_COMPARAISON, Contrat, Indicateur
from contrat.modele.suivi import Suivi, Valeur, iterer_actions

UNITES_EQUIVALENTES = {"%": "%", "pourcent": "%", "pour cent": "%", "€": "€", "euro": "€", "euros": "€",
                       "eur": "€", "nb": "nombre", "nombre": "nombre", "points": "points", "point": "points",
                       "pts": "points", "etp": "etp"}
"""Ways of writing the same unit after a value (« 45 % » and a sheet in « % »)."""


@dataclass(frozen=True)
class SuiviJuge:
    """The follow-up read and judged: its data (zones named by the contract's QPV codes) and every
    problem found, placed in its files."""

    suivi: Suivi
    problemes: list[Probleme]
    fichiers: tuple[str, ...]

    @property
    def erreurs(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == "erreur"]

    @property
    def avertissements(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == "avertissement"]


def juger_suivi(sources: Path, c: Contrat) -> SuiviJuge | None:
    """Read ``suivi/`` beside ``sources`` and judge it against the contract ``c``; None without it."""
    lu = lire_suivi(sources)
    if lu is None:
        return None
    suivi = normaliser_zones(lu.suivi, c)
    trouves = [*regle_valeurs(c, suivi, lu), *regle_programmation(c, suivi)]
    problemes = lu.problemes + [lu.probleme(t.chemin, t.message, t.gravite) for t in trouves]
    return SuiviJuge(suivi, sorted(problemes), lu.fichiers)


def zones_des_quartiers(c: Contrat) -> dict[str, str]:
    """How a QPV may be named in the data (its code, its official code_qp) -> its code."""
    zones = {q.code: q.code for q in c.quartiers}
    zones.update({q.code_qp: q.code for q in c.quartiers if q.code_qp})
    return zones


def normaliser_zones(s: Suivi, c: Contrat) -> Suivi:
    """The values with each QPV named by its code (an INSEE export names it by its code_qp)."""
    zones = zones_des_quartiers(c)
    if not any(v.zone in zones and zones[v.zone] != v.zone for v in s.valeurs):
        return s
    valeurs = tuple(v.model_copy(update={"zone": zones[v.zone]}) if v.zone in zones else v for v in s.valeurs)
    return s.model_copy(update={"valeurs": valeurs})


def _meme_unite(ecrite: str, attendue: str) -> bool:
    def forme(u: str) -> str:
        u = u.strip().lower()
        return UNITES_EQUIVALENTES.get(u, u)
    return forme(ecrite) == forme(attendue)


def regle_valeurs(c: Contrat, s: Suivi, lu: SuiviLu) -> Iterator[Constat]:
    fiches = {f.code: f for f in c.indicateurs}
    quartiers = {q.code for q in c.quartiers}
    debut, fin = c.periode.debut, c.periode.fin
    premieres: dict[tuple[str, int, str, str], int] = {}
    for n, v in enumerate(s.valeurs):
        ici = ("valeurs", n)
        f = fiches.get(v.indicateur)
        if f is None:
            yield erreur(ici + ("indicateur",), f"indicateur « {v.indicateur} » inconnu : aucune fiche de ce code "
                                                f"dans indicateurs.yaml{suggestion(v.indicateur, set(fiches))}")
        if not debut <= v.annee <= fin:
            yield erreur(ici + ("annee",), f"année {v.annee} hors de la période du contrat ({debut}-{fin}) : une "
                                           "valeur de départ s'écrit dans la « reference » de la fiche")
        if v.zone not in quartiers and v.zone not in ZONES_COMPARAISON:
            yield erreur(ici + ("zone",), f"zone « {v.zone} » : ni un quartier du contrat ({', '.join(sorted(quartiers))}), "
                                          f"ni une zone de comparaison ({', '.join(ZONES_COMPARAISON)})"
                                          f"{suggestion(v.zone, quartiers | set(ZONES_COMPARAISON))}")
        elif f is not None:
            yield from _perimetre(f, v, ici, quartiers)
        if f is not None:
            yield from _unite(f, v, ici)
            if v.sexe != "ensemble" and f.sans_sexe is not None:
                yield erreur(ici + ("sexe",), f"valeur pour les {v.sexe} d'un indicateur que sa fiche déclare sans "
                                              f"sexe (« {f.sans_sexe} »)")
        cle = (v.indicateur, v.annee, v.zone, v.sexe)
        if cle in premieres:
            avant = lu.lieu(("valeurs", premieres[cle]))
            yield erreur(ici, f"valeur en double : « {v.indicateur} », {v.annee}, {v.zone}, {v.sexe} est déjà donnée "
                              f"en {avant.fichier}:{avant.ligne}")
        premieres.setdefault(cle, n)
    # Values already refused (an area or a year the contract does not have) are not also incomplete.
    valables = {k: n for k, n in premieres.items()
                if (k[2] in quartiers or k[2] in ZONES_COMPARAISON) and debut <= k[1] <= fin}
    yield from _par_sexe(s, fiches, valables)


def _perimetre(f: Indicateur, v: Valeur, ici: tuple[str, int], quartiers: set[str]) -> Iterator[Constat]:
    if v.zone in quartiers:
        if f.quartiers and v.zone not in f.quartiers:
            yield erreur(ici + ("zone",), f"« {v.zone} » hors du périmètre de l'indicateur « {f.code} » (quartiers "
                                          f"couverts : {', '.join(f.quartiers)})")
    elif v.zone not in f.comparaisons:
        declarees = ", ".join(f.comparaisons) or "aucune"
        yield avertissement(ici + ("zone",), f"zone de comparaison « {v.zone} » que la fiche « {f.code} » ne déclare "
                                             f"pas (perimetre.comparaisons : {declarees})")


def _unite(f: Indicateur, v: Valeur, ici: tuple[str, int]) -> Iterator[Constat]:
    if f.type == "qualitatif":
        if v.valeur is not None:
            yield erreur(ici + ("valeur",), f"valeur chiffrée pour l'indicateur qualitatif « {f.code} » : son "
                                            "appréciation s'écrit dans le rapport, pas dans les données")
        return
    attendue = f.unite or ""
    if v.unite and not _meme_unite(v.unite, attendue):
        yield erreur(ici + ("valeur",), f"valeur en « {v.unite} » pour l'indicateur « {f.code} », dont l'unité est "
                                        f"« {attendue} »")
    elif v.valeur is not None and _meme_unite(attendue, "%") and not Decimal(0) <= v.valeur <= Decimal(100):
        ecrit = str(v.valeur).replace(".", ",")
        yield erreur(ici + ("valeur",), f"{ecrit} % : un pourcentage est compris entre 0 et 100 (l'indicateur "
                                        f"« {f.code} » est en %)")


def _par_sexe(s: Suivi, fiches: dict[str, Indicateur],
              premieres: dict[tuple[str, int, str, str], int]) -> Iterator[Constat]:
    """For a sheet given by sex, each year and area with a value has one for women and for men."""
    groupes: dict[tuple[str, int, str], set[str]] = {}
    donnees: set[tuple[str, int, str]] = set()
    for (indicateur, annee, zone, sexe), n in premieres.items():
        groupes.setdefault((indicateur, annee, zone), set()).add(sexe)
        if s.valeurs[n].statut == "disponible":
            donnees.add((indicateur, annee, zone))
    for (indicateur, annee, zone), sexes in groupes.items():
        f = fiches.get(indicateur)
        manquants = [x for x in ("femmes", "hommes") if x not in sexes]
        # A value missing as a whole (its status says why) is not also missing by sex.
        if f is None or not f.par_sexe or not manquants or (indicateur, annee, zone) not in donnees:
            continue
        n = min(premieres[(indicateur, annee, zone, x)] for x in sexes)
        yield avertissement(("valeurs", n), f"indicateur « {indicateur} » suivi par sexe (par_sexe) : {annee}, {zone} "
                                            f"sans valeur pour les {' ni les '.join(manquants)} (une valeur manquante "
                                            "s'écrit avec son statut)")


def regle_programmation(c: Contrat, s: Suivi) -> Iterator[Constat]:
    axes = {r.code for e in c.enjeux for a in e.axes for r in (a, *a.objectifs_operationnels)}
    quartiers = zones_des_quartiers(c)
    orgs = {o.code for o in c.organisations}
    debut, fin = c.periode.debut, c.periode.fin
    for i, p in enumerate(s.programmations):
        if not debut <= p.annee <= fin:
            yield erreur(("programmations", i), f"programmation {p.annee} hors de la période du contrat ({debut}-{fin})")
    for i, j, a in iterer_actions(s):
        ici = ("programmations", i, "actions", j)
        if a.axe not in axes:
            yield erreur(ici + ("axe",), f"axe « {a.axe} » inconnu (enjeux.yaml){suggestion(a.axe, axes)}")
        if a.quartier is not None and a.quartier not in quartiers:
            yield erreur(ici + ("quartier",), quartier_absent(a.quartier, {q.code for q in c.quartiers})
                         + " ; une cellule vide vaut tous les quartiers")
        for k in a.cofinanceurs:
            if k not in orgs:
                yield erreur(ici + ("cofinanceurs",), f"cofinanceur : {organisation_absente(k, orgs)}")
        if (a.beneficiaires_femmes is None) != (a.beneficiaires_hommes is None):
            yield avertissement(ici + ("beneficiaires_femmes" if a.beneficiaires_femmes is None else
                                       "beneficiaires_hommes",),
                                "bénéficiaires donnés pour un seul sexe : le rapport les présente par sexe")
