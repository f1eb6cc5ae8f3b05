"""The evaluation grid of the annual report computed: for each indicator sheet, in each QPV and
for each sex where it is given so, its value of the year against its baseline, its target, its
comparison area and the year before, and the status that follows; and how those numbers print
(French notation, points for a rate's gaps). Values are never added up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contrat.impression.arbre import PROPRIETES, Disposition, Genre, Noeud, Role
from contrat.impression.francais import q
from contrat.impression.substitution import valeur_citee
from contrat.modele.contrat import Contrat, Indicateur
from contrat.modele.nombres import MARQUES, Manquant, Nombre, ecrire_nombre
from contrat.modele.suivi import CritereRepere, Suivi, Valeur, criteres, fiches_du_critere

ANNEE_REVOYURE = 2027
ZONES = {"epci": "EPCI", "commune": "commune", "unite_urbaine": "unité urbaine", "departement": "département",
         "region": "région", "france_metropolitaine": "France métropolitaine", "france": "France",
         "ensemble_qpv": "ensemble des QPV"}
SEXES_IMPRIMES = {"femmes": "femmes", "hommes": "hommes"}
SENS = {"hausse": "à la hausse", "baisse": "à la baisse", "maintien": "maintien"}

ATTEINT, EN_PROGRES, STABLE, EN_RECUL = "atteint", "en progrès", "stable", "en recul"
NON_RENSEIGNE, SECRET, NON_COMPARABLE = "non renseigné", MARQUES["s"], "non comparable"
QUALITATIF, PREMIER_RELEVE, SANS_SENS = "qualitatif", "premier relevé", "sens à fixer"
STATUTS_VALEUR = {"non_transmise": NON_RENSEIGNE, "secret": SECRET, "non_comparable": NON_COMPARABLE}
TIRET = "—"


# --- the grid's computations ------------------------------------------------------------------


@dataclass(frozen=True)
class LigneGrille:
    """One row of the evaluation grid: an indicator in a QPV for a sex, its value of the year
    against its baseline, its target, its comparison area and the year before."""

    fiche: Indicateur
    zone: str
    sexe: str
    valeur: Valeur | None
    precedente: Decimal | None
    """The value it is compared with: the year before's, else the baseline's (``depuis``)."""
    depuis: int | None
    cible: tuple[int, Decimal] | None
    """The target it is judged against (year, value), where the sheet's target covers this row."""
    statut: str
    comparaisons: tuple[tuple[str, Valeur], ...]

    @property
    def nombre(self) -> Decimal | None:
        return self.valeur.valeur if self.valeur is not None and self.valeur.statut == "disponible" else None


def zones_de(c: Contrat, f: Indicateur) -> tuple[str, ...]:
    """The QPV (codes) the sheet measures: those it names, else all the contract's."""
    return f.quartiers or tuple(q.code for q in c.quartiers)


def sexes_de(f: Indicateur) -> tuple[str, ...]:
    return ("ensemble", "femmes", "hommes") if f.par_sexe else ("ensemble",)


def cible_de(f: Indicateur, annee: int, revoyure: bool = False) -> tuple[int, Decimal] | None:
    """The target a year is judged against: 2027's at the revoyure, else the next target year's
    (the last one once they are all past)."""
    if f.cibles is None or not f.cibles.valeurs:
        return None
    cibles = sorted((a, n.valeur) for a, n in f.cibles.valeurs.items())
    if revoyure:
        return next(((a, v) for a, v in cibles if a == ANNEE_REVOYURE), None)
    return next(((a, v) for a, v in cibles if a >= annee), cibles[-1])


def statut(f: Indicateur, v: Valeur | None, precedente: Decimal | None, cible: tuple[int, Decimal] | None) -> str:
    """atteint / en progrès / stable / en recul, or why it cannot be said (non renseigné, secret
    statistique, non comparable, premier relevé, sens à fixer)."""
    if f.type == "qualitatif":
        return QUALITATIF
    if v is None:
        return NON_RENSEIGNE
    if v.statut != "disponible" or v.valeur is None:
        return STATUTS_VALEUR[v.statut]
    sens = f.cibles.sens if f.cibles else None
    if cible is not None and sens is not None and _atteint(v.valeur, cible[1], sens):
        return ATTEINT
    if precedente is None:
        return PREMIER_RELEVE
    ecart = v.valeur - precedente
    if ecart == 0:
        return STABLE
    if sens in ("hausse", "baisse"):
        return EN_PROGRES if (ecart > 0) == (sens == "hausse") else EN_RECUL
    if sens == "maintien":
        return EN_RECUL if cible is not None and v.valeur < cible[1] else STABLE
    return SANS_SENS


def _atteint(valeur: Decimal, cible: Decimal, sens: str) -> bool:
    return valeur <= cible if sens == "baisse" else valeur >= cible


def reference_de(c: Contrat, f: Indicateur) -> Nombre | Manquant | None:
    """The sheet's baseline value: typed, or the key figure it cites (None: none, or a citation
    that designates nothing, which ``check`` reports)."""
    if f.reference is None:
        return None
    if f.reference.valeur is not None:
        return f.reference.valeur
    cite = valeur_citee(c, f.reference.chiffre or "")
    return cite.valeur if cite else None


def lignes_de(c: Contrat, s: Suivi, f: Indicateur, annee: int, revoyure: bool = False) -> list[LigneGrille]:
    """The rows of one sheet: per QPV (one only when the contract has one), per sex where it is
    given by sex. The sheet's baseline and targets are those of its whole perimeter: they judge a
    row only when the perimeter is that one QPV (values of several QPV are never added up)."""
    zones = zones_de(c, f)
    cible = cible_de(f, annee, revoyure) if len(zones) == 1 else None
    lignes = []
    for zone in zones:
        for sexe in sexes_de(f):
            v = s.valeur(f.code, annee, zone, sexe)
            # At the revoyure, the way gone since the baseline; otherwise over the year.
            avant = None if revoyure else s.valeur(f.code, annee - 1, zone, sexe)
            precedente, depuis = (avant.valeur, annee - 1) if avant is not None and avant.valeur is not None \
                else (None, None)
            depart = reference_de(c, f)
            if precedente is None and isinstance(depart, Nombre) and f.reference is not None and len(zones) == 1 \
                    and sexe == "ensemble" and f.reference.annee < annee:
                precedente, depuis = depart.valeur, f.reference.annee
            comparaisons = tuple((z, x) for z in f.comparaisons
                                 if (x := s.valeur(f.code, annee, z, sexe)) is not None)
            lignes.append(LigneGrille(f, zone, sexe, v, precedente, depuis, cible if sexe == "ensemble" else None,
                                      statut(f, v, precedente, cible if sexe == "ensemble" else None), comparaisons))
    return lignes


def grille(c: Contrat, s: Suivi, annee: int, revoyure: bool = False) -> list[LigneGrille]:
    """Every row of the evaluation grid, sheet by sheet in the order of the sources."""
    return [ligne for f in c.indicateurs for ligne in lignes_de(c, s, f, annee, revoyure)]


# --- numbers as printed -----------------------------------------------------------------------


def chiffre(valeur: Decimal, signe: bool = False) -> str:
    """A value in French notation, with the decimals it was given (one at most when computed)."""
    decimales = max(0, -int(valeur.normalize().as_tuple().exponent)) if valeur != valeur.to_integral() else 0
    return ecrire_nombre(valeur, min(decimales, 2), signe)


def avec_unite(valeur: Decimal, unite: str | None, signe: bool = False) -> str:
    """« 28,9 % », « 12 000 € », « 486 » (a count's unit « nombre » is not printed)."""
    texte = chiffre(valeur, signe)
    if not unite or unite == "nombre":
        return texte
    return f"{texte}\u00a0{unite}"


def ecart_imprime(ecart: Decimal, unite: str | None) -> str:
    """A difference: in points for a rate (« +1,2 pt »), else in the unit."""
    if unite == "%":
        return f"{chiffre(ecart, signe=True)}\u00a0pt"
    return avec_unite(ecart, unite, signe=True)


def euros(montant: Decimal) -> str:
    return f"{ecrire_nombre(montant, 0)}\u00a0€"


def valeur_imprimee(ligne: LigneGrille) -> str:
    if ligne.nombre is not None:
        return avec_unite(ligne.nombre, ligne.fiche.unite)
    if ligne.valeur is None:
        return TIRET if ligne.fiche.type == "qualitatif" else NON_RENSEIGNE
    return STATUTS_VALEUR[ligne.valeur.statut]


def reference_imprimee(c: Contrat, f: Indicateur) -> str:
    depart = reference_de(c, f)
    if f.reference is None or not isinstance(depart, Nombre):
        return TIRET
    return f"{avec_unite(depart.valeur, f.unite)} ({f.reference.annee})"


def cibles_imprimees(f: Indicateur) -> str:
    if f.cibles is None or not f.cibles.valeurs:
        return "à fixer" if f.type != "qualitatif" else TIRET
    annees = ", ".join(f"{avec_unite(n.valeur, f.unite)} en {a}" for a, n in sorted(f.cibles.valeurs.items()))
    return f"{annees} ({SENS[f.cibles.sens]})"


def comparaison_imprimee(ligne: LigneGrille) -> str:
    morceaux = []
    for zone, v in ligne.comparaisons:
        nom = ZONES.get(zone, zone)
        if v.valeur is None:
            morceaux.append(f"{nom} : {STATUTS_VALEUR[v.statut]}")
        elif ligne.nombre is not None and ligne.fiche.unite == "%":
            morceaux.append(f"{ecart_imprime(ligne.nombre - v.valeur, '%')} ({nom} : {avec_unite(v.valeur, '%')})")
        else:
            morceaux.append(f"{nom} : {avec_unite(v.valeur, ligne.fiche.unite)}")
    return " ; ".join(morceaux) or TIRET


def evolution_imprimee(ligne: LigneGrille, annee: int, revoyure: bool = False) -> str:
    if ligne.nombre is None or ligne.precedente is None:
        return TIRET
    texte = ecart_imprime(ligne.nombre - ligne.precedente, ligne.fiche.unite)
    return texte if ligne.depuis == annee - 1 or revoyure else f"{texte} depuis {ligne.depuis}"


def ecart_a_la_cible(ligne: LigneGrille) -> str:
    if ligne.nombre is None or ligne.cible is None:
        return TIRET
    return ecart_imprime(ligne.nombre - ligne.cible[1], ligne.fiche.unite)


# --- the contract's own evaluation grid (a chapter « inclure: indicateurs ») -------------------

TYPES_IMPRIMES = {"contexte": "contexte", "realisation": "réalisation", "resultat": "résultat",
                  "qualitatif": "qualitatif"}
ENTETES_GRILLE_CONTRAT = ("Indicateur", "Critère d'évaluation", "Nature", "Source et fréquence",
                          "Référence et cibles", "Données transmises par")
LARGEURS_GRILLE_CONTRAT = (3.6, 3.0, 2.0, 2.8, 3.1, 2.5)
"""17 cm: the text's width."""


def grille_du_contrat(c: Contrat) -> list[Noeud]:
    """The indicator sheets as the contract prints them when a chapter includes them: one table
    per enjeu, a row per sheet (in the order of the criteria they measure), each keyed by its code
    so that an avenant states a changed target or source in printed terms."""
    tableaux = []
    for i, e in enumerate(c.enjeux):
        rangs: list[tuple[CritereRepere, Indicateur]] = []
        for repere in (r for r in criteres(c) if r.chemin[:2] == ("enjeux", i)):
            rangs += [(repere, f) for f in fiches_du_critere(c, repere) if all(f is not g for _, g in rangs)]
        if not rangs:
            continue
        t = Noeud(Genre.TABLEAU, e.code, e.titre, nom=f"tableau des indicateurs {q(e.titre)}", entetes=ENTETES_GRILLE_CONTRAT,
                  disposition=Disposition(LARGEURS_GRILLE_CONTRAT, premiere_colonne=Role.TITRE_DE_LIGNE,
                                          espace_apres=True))
        t.enfants.append(Noeud(Genre.ENTETES, "entetes", nom=PROPRIETES[Genre.ENTETES].nom, feminin=True,
                               enfants=[Noeud(Genre.ENTETE, f"col{k}", x, nom=f"en-tête {q(x)}")
                                        for k, x in enumerate(ENTETES_GRILLE_CONTRAT, start=1)]))
        for repere, f in rangs:
            ici = ("indicateurs", c.indicateurs.index(f))
            ligne = Noeud(Genre.LIGNE, f.code, f.libelle, nom=f"ligne {q(f.libelle)}", feminin=True,
                          source=(*ici, "libelle"))
            for cle, texte in zip(("critere", "nature", "source", "cibles", "responsable"), _cellules(c, repere, f)):
                entete = ENTETES_GRILLE_CONTRAT[len(ligne.enfants) + 1]
                ligne.enfants.append(Noeud(Genre.VALEUR, cle, texte, nom=f"colonne {q(entete)}", feminin=True))
            t.enfants.append(ligne)
        tableaux.append(t)
    return tableaux


def _cellules(c: Contrat, repere: CritereRepere, f: Indicateur) -> tuple[str, str, str, str, str]:
    nature = ", ".join(x for x in (TYPES_IMPRIMES[f.type], f.unite or "",
                                   "par sexe" if f.par_sexe else "") if x)
    frequence = f.periodicite or ""
    source = " ; ".join(x for x in (f.source or "", frequence) if x) or TIRET
    reference = reference_imprimee(c, f)
    cibles = cibles_imprimees(f)
    valeurs = TIRET if f.type == "qualitatif" else " ; ".join(
        ([f"référence : {reference}"] if reference != TIRET else []) + [f"cibles : {cibles}"])
    # The supplier by its short name, as the partners of the enjeux tables are.
    responsable = c.organisation(f.responsable).libelle if f.responsable else TIRET
    return str(repere.critere.texte), nature, source, valeurs, responsable
