"""The annual report on the politique de la ville (CGCT L1111-2, décret n° 2015-1118) as a printed
tree: its cover, then the six parts of the décret in order, then the opinions annexed.

Described once, here, from the contract (its enjeux, axes, indicator sheets), the follow-up data
(values of the year and of the year before, the programmation) and what the user wrote for the
year (``lecture.rapport``). The Word writer prints it (``rendu.rapport``); the tests read its
figures back from the PDF. Values of an indicator are never added up (INSEE: most are not
additive); amounts in euros are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from contrat.impression.arbre import Disposition, Figure, Genre, Noeud, Role, Serie
from contrat.impression.blocs import CREDITS_SPECIFIQUES, DROIT_COMMUN
from contrat.impression.evaluation import (
    ANNEE_REVOYURE,
    ATTEINT,
    EN_PROGRES,
    EN_RECUL,
    NON_RENSEIGNE,
    SECRET,
    SEXES_IMPRIMES,
    STABLE,
    STATUTS_VALEUR,
    TIRET,
    ZONES,
    LigneGrille,
    avec_unite,
    cibles_imprimees,
    comparaison_imprimee,
    ecart_a_la_cible,
    ecart_imprime,
    euros,
    evolution_imprimee,
    grille,
    reference_imprimee,
    sexes_de,
    valeur_imprimee,
    zones_de,
)
from contrat.impression.numerotation import marques_reservees
from contrat.impression.unites import DOCUMENT_PDF, LARGEUR_TEXTE_CM, nom_du_quartier, texte_imprime
from contrat.lecture.rapport import PARTIES, Avis, TextesDuRapport, nom_du_texte
from contrat.modele.contrat import Contrat, Indicateur
from contrat.modele.nombres import ecrire_nombre
from contrat.modele.prose import Prose
from contrat.modele.suivi import Action, Suivi, Valeur

TITRES_PARTIES = (
    "Les orientations du contrat de ville",
    "L'évolution des quartiers prioritaires au regard des objectifs",
    "Les actions menées au cours de l'année",
    "Les perspectives d'évolution",
    "L'articulation des volets social, économique et urbain",
    "Les actions menées au titre de la dotation de solidarité urbaine",
)
"""The six parts of décret n° 2015-1118 (art. 1), in its order."""


AVERTISSEMENT_ILLUSTRATIF = ("Données illustratives : les chiffres de {n} fiche{s} d'indicateur sur {total} sont des "
                             "exemples, non des données du territoire")


# --- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DonneesRapport:
    """What the report is made of."""

    contrat: Contrat
    suivi: Suivi
    annee: int
    textes: TextesDuRapport
    revoyure: bool = False


def intitule_du_rapport(d: DonneesRapport) -> str:
    quoi = f"Revoyure {d.annee} du contrat de ville" if d.revoyure else f"Rapport annuel {d.annee} sur la politique de la ville"
    return f"{quoi} — {d.contrat.intitule}"


def imprimer_rapport(d: DonneesRapport) -> Noeud:
    """The report's printed tree: the cover, the six parts, the opinions annexed."""
    racine = Noeud(Genre.RAPPORT, "rapport", nom="rapport")
    racine.enfants.append(Noeud(Genre.MENTION, "entete", intitule_du_rapport(d), role=Role.ENTETE_PAGES))
    racine.enfants.append(_couverture(d))
    lignes = grille(d.contrat, d.suivi, d.annee, d.revoyure)
    parties = [_orientations(d), _evolution_des_quartiers(d, lignes), _actions(d), _perspectives(d, lignes),
               _articulation(d), _dsu(d)]
    for rang, (titre, contenu) in enumerate(zip(TITRES_PARTIES, parties), start=1):
        partie = Noeud(Genre.CHAPITRE, PARTIES[rang - 1], titre, numero=f"{rang}. ", nom=f"partie {rang}",
                       feminin=True)
        partie.enfants.extend(contenu)
        texte = d.textes.textes.get(rang)
        if texte is not None and rang not in (5, 6):  # parts 5 and 6 are the user's text alone
            partie.enfants.append(_prose(texte, "texte"))
        racine.enfants.append(partie)
    if d.textes.avis:
        racine.enfants.append(_annexe_des_avis(d.contrat, d.textes.avis))
    return racine


def illustratives(c: Contrat) -> list[Indicateur]:
    return [f for f in c.indicateurs if f.illustratif]


def _couverture(d: DonneesRapport) -> Noeud:
    c = d.contrat
    n = Noeud(Genre.PARTIE, "couverture", nom="couverture", feminin=True)
    titre = (f"Revoyure {d.annee} du contrat de ville" if d.revoyure
             else f"Rapport annuel {d.annee} sur la politique de la ville")
    epci = c.organisation(c.territoire.epci)
    mentions = [(Role.TITRE, titre), (Role.SOUS_TITRE, c.titre),
                (Role.TERRITOIRE, epci.nom_complet),
                (Role.QUARTIERS, "Quartier" + ("s" if len(c.quartiers) > 1 else "") + " prioritaire"
                 + ("s" if len(c.quartiers) > 1 else "") + " : " + ", ".join(nom_du_quartier(q) for q in c.quartiers)),
                (Role.VERSION, "Rapport prévu par l'article L1111-2 du code général des collectivités territoriales "
                               "et le décret n° 2015-1118 du 3 septembre 2015 ; ses données sont présentées par sexe "
                               "lorsqu'elles le permettent.")]
    illustr = illustratives(c)
    if illustr:
        mentions.append((Role.AVERTISSEMENT, AVERTISSEMENT_ILLUSTRATIF.format(
            n=len(illustr), s="s" if len(illustr) > 1 else "", total=len(c.indicateurs))))
    for role, texte in mentions:
        n.enfants.append(Noeud(Genre.MENTION, role.value, texte, role=role))
    return n


def _alinea(cle: str, texte: str, role: Role | None = None) -> Noeud:
    return Noeud(Genre.ALINEA, cle, texte, role=role)


def _texte(cle: str, alineas: Iterable[str | tuple[str, Role]]) -> Noeud:
    n = Noeud(Genre.TEXTE, cle)
    for k, a in enumerate(alineas, start=1):
        texte, role = a if isinstance(a, tuple) else (a, None)
        x = _alinea(f"§{k}", texte, role)
        if role in (Role.PUCE, Role.NUMERO):
            x.niveau = 1
        n.enfants.append(x)
    return n


def _intertitre(cle: str, texte: str, niveau: int = 2) -> Noeud:
    return Noeud(Genre.INTERTITRE, cle, texte, niveau=niveau)


def _prose(prose: Prose, cle: str) -> Noeud:
    n = texte_imprime(prose)
    n.cle = cle
    return n


def _tableau(cle: str, titre: str, entetes: tuple[str, ...], lignes: list[Noeud], largeurs: tuple[float, ...],
             mentions: tuple[str, ...] = (), a_droite: int = 1) -> Noeud:
    """A table: its title (a heading), notes under it, then a header row and a row per line;
    columns from ``a_droite`` on aligned right (figures; 0: none, text)."""
    n = Noeud(Genre.TABLEAU, cle, titre, entetes=entetes, nom=f"tableau « {titre} »",
              disposition=Disposition(largeurs, a_droite=a_droite, espace_apres=True))
    for k, m in enumerate(mentions):
        n.enfants.append(Noeud(Genre.MENTION, f"note{k}", m, role=Role.SOURCE))
    n.enfants.extend(lignes)
    return n


def _ligne(cle: str, titre: str, cellules: Iterable[str], puce: bool = False) -> Noeud:
    n = Noeud(Genre.LIGNE, cle, titre, feminin=True, role=Role.PUCE if puce else None)
    n.enfants.extend(Noeud(Genre.VALEUR, f"c{k}", t) for k, t in enumerate(cellules, start=1))
    return n


def _largeurs(premiere: float, autres: int) -> tuple[float, ...]:
    return (premiere, *[(LARGEUR_TEXTE_CM - premiere) / autres] * autres)


# --- 1. orientations --------------------------------------------------------------------------


def _orientations(d: DonneesRapport) -> list[Noeud]:
    c = d.contrat
    debut = (f"Le contrat de ville couvre la période {c.periode.debut}-{c.periode.fin}. Il poursuit les objectifs "
             "nationaux des contrats « Engagements Quartiers 2030 » :")
    alineas: list[str | tuple[str, Role]] = [debut, *((o.texte, Role.PUCE) for o in c.objectifs_nationaux)]
    alineas.append(f"Il les décline en {len(c.enjeux)} enjeu{'x' if len(c.enjeux) > 1 else ''} et "
                   f"{sum(len(e.axes) for e in c.enjeux)} axes de travail, mesurés par {len(c.indicateurs)} "
                   "indicateurs :")
    noeuds = [_texte("introduction", alineas)]
    for k, e in enumerate(c.enjeux, start=1):
        noeuds.append(_intertitre(f"enjeu-{e.code}", f"Enjeu {k} : {e.titre}"))
        noeuds.append(_texte(f"axes-{e.code}", [(a.titre, Role.PUCE) for a in e.axes]))
    return noeuds


# --- 2. evolution of the QPV ------------------------------------------------------------------


def entetes_grille(annee: int, revoyure: bool) -> tuple[str, ...]:
    entetes = ("Indicateur", "Référence (année)", f"Valeur {annee}", "Cibles (sens)", "Écart à la zone de comparaison",
               "Évolution sur un an", "Statut")
    if revoyure:
        return (*entetes[:5], "Évolution depuis la référence", f"Écart à la cible {ANNEE_REVOYURE}", entetes[-1])
    return entetes


def _evolution_des_quartiers(d: DonneesRapport, lignes: list[LigneGrille]) -> list[Noeud]:
    c = d.contrat
    comptes = {s: sum(1 for x in lignes if x.statut == s and x.sexe == "ensemble") for s in
               (ATTEINT, EN_PROGRES, STABLE, EN_RECUL, NON_RENSEIGNE, SECRET)}
    objet = (f"comparées à leur référence et aux cibles {ANNEE_REVOYURE} (revoyure)" if d.revoyure
             else "comparées à leur référence, à leurs cibles et à l'année précédente")
    intro = _texte("introduction", [
        "L'article 1er de la loi n° 2014-173 du 21 février 2014 fixe à la politique de la ville ses objectifs, "
        "dont la réduction des écarts de développement entre les quartiers prioritaires et leur unité urbaine "
        "et l'égalité entre les femmes et les hommes. La grille ci-dessous donne, pour chaque indicateur du "
        f"contrat, les valeurs {d.annee} {objet}, par sexe lorsque l'indicateur se donne par sexe.",
        "Statuts (lignes « ensemble ») : " + ", ".join(f"{n} {s}" for s, n in comptes.items()) + ".",
    ])
    noeuds = [intro, _intertitre("grille", "Grille d'évaluation")]
    largeurs = (3.3, 1.8, 1.8, 2.2, 2.1, 1.7, 1.7, 2.4) if d.revoyure else (4.1, 2.0, 2.0, 2.4, 2.5, 1.9, 2.1)
    par_fiche: dict[str, list[LigneGrille]] = {}
    for x in lignes:
        par_fiche.setdefault(x.fiche.code, []).append(x)
    for k, e in enumerate(c.enjeux, start=1):
        axes = {a.code for a in e.axes} | {o.code for a in e.axes for o in a.objectifs_operationnels}
        criteres = {cr.code for a in e.axes for r in a.rangees for cr in r.criteres_evaluation}
        fiches = [f for f in c.indicateurs if f.critere in criteres and (f.axe is None or f.axe in axes)]
        rangs = [r for f in fiches for r in _rangs_grille(d, f, par_fiche[f.code])]
        if rangs:
            noeuds.append(_tableau(f"grille-{e.code}", f"Enjeu {k} : {e.titre}", entetes_grille(d.annee, d.revoyure),
                                   rangs, largeurs, a_droite=0))
    noeuds.extend(_graphiques_evolution(d, lignes))
    return noeuds


def _rangs_grille(d: DonneesRapport, f: Indicateur, lignes: list[LigneGrille]) -> list[Noeud]:
    """The sheet's rows: the indicator (its baseline and targets), then per QPV and sex."""
    c = d.contrat
    unite = f" ({f.unite})" if f.unite and f.unite not in ("%", "nombre") else ""
    titre = f"{f.libelle}{unite}" + (" [qualitatif]" if f.type == "qualitatif" else "")
    plusieurs = len({x.zone for x in lignes}) > 1
    noms = {q.code: nom_du_quartier(q) for q in c.quartiers}
    rangs = []

    def cellules(x: LigneGrille | None, tete: bool) -> list[str]:
        ref, cib = (reference_imprimee(c, f), cibles_imprimees(f)) if tete else ("", "")
        if x is None:
            valeurs = ["", "", ""] + ([""] if d.revoyure else []) + [""]
        else:
            valeurs = [valeur_imprimee(x), comparaison_imprimee(x), evolution_imprimee(x, d.annee, d.revoyure)]
            valeurs += [ecart_a_la_cible(x)] if d.revoyure else []
            valeurs.append(x.statut)
        return [ref, valeurs[0], cib, *valeurs[1:]]

    if not plusieurs:
        for x in lignes:
            if x.sexe == "ensemble":
                rangs.append(_ligne(f.code, titre, cellules(x, True)))
            else:
                rangs.append(_ligne(f"{f.code}-{x.sexe}", SEXES_IMPRIMES[x.sexe], cellules(x, False), puce=True))
        return rangs
    rangs.append(_ligne(f.code, titre, cellules(None, True)))
    for x in lignes:
        libelle = noms.get(x.zone, x.zone) if x.sexe == "ensemble" else f"{noms.get(x.zone, x.zone)}, {x.sexe}"
        rangs.append(_ligne(f"{f.code}-{x.zone}-{x.sexe}", libelle, cellules(x, False), puce=True))
    return rangs


def _graphiques_evolution(d: DonneesRapport, lignes: list[LigneGrille]) -> list[Noeud]:
    noeuds = []
    haltere = _figure_comparaison(d, lignes)
    series = _figure_series(d)
    if haltere or series:
        noeuds.append(_intertitre("graphiques", "Graphiques"))
    return [*noeuds, *haltere, *series]


def _figure_comparaison(d: DonneesRapport, lignes: list[LigneGrille]) -> list[Noeud]:
    """Figure A: each rate compared with its area (QPV against EPCI...), women and men apart."""
    c = d.contrat
    noms = {q.code: nom_du_quartier(q) for q in c.quartiers}
    plusieurs = len(c.quartiers) > 1
    categories: list[str] = []
    qpv: list[float | None] = []
    zone: list[float | None] = []
    phrases: list[str] = []
    rangs: list[Noeud] = []
    etiquettes: list[tuple[str, str]] = []
    nom_zone = ""
    for x in lignes:
        if x.nombre is None or not x.comparaisons or x.comparaisons[0][1].valeur is None or x.fiche.unite != "%":
            continue  # rates only: a count of the QPV beside the EPCI's says nothing of a gap
        if x.fiche.par_sexe and x.sexe == "ensemble":
            continue  # by sex when the sheet is: its women and men, not their whole
        autre_zone, autre = x.comparaisons[0]
        autre_valeur = autre.valeur
        assert autre_valeur is not None
        nom_zone = ZONES.get(autre_zone, autre_zone)
        libelle = x.fiche.libelle + (f", {x.sexe}" if x.sexe != "ensemble" else "") + \
            (f" ({noms.get(x.zone, x.zone)})" if plusieurs else "")
        categories.append(libelle)
        qpv.append(float(x.nombre))
        zone.append(float(autre_valeur))
        u = x.fiche.unite
        ecart = f", écart de {ecart_imprime(x.nombre - autre_valeur, u)}" if u == "%" else ""
        dans = f"dans l'{nom_zone}" if nom_zone == "EPCI" else f"({nom_zone})"
        phrases.append(f"{libelle} : {avec_unite(x.nombre, u)} dans le QPV contre {avec_unite(autre_valeur, u)} "
                       f"{dans}{ecart}")
        etiquettes.append((avec_unite(x.nombre, u), avec_unite(autre_valeur, u)))
        rangs.append(_ligne(f"a{len(rangs)}", libelle, [avec_unite(x.nombre, u), avec_unite(autre_valeur, u),
                                                        ecart_imprime(x.nombre - autre_valeur, u)]))
    if not categories:
        return []
    titre = f"Figure A. Les quartiers comparés à leur territoire en {d.annee}"
    alt = f"{titre} : " + " ; ".join(phrases) + "."
    figure = Figure("haltere", titre, tuple(categories), unite="%", series=
                    (Serie("QPV", tuple(qpv)), Serie(nom_zone or "zone de comparaison", tuple(zone))),
                    etiquettes=(tuple(e[0] for e in etiquettes), tuple(e[1] for e in etiquettes)))
    tableau = _tableau("donnees-a", f"Données de la figure A ({d.annee})",
                       ("Indicateur", "QPV", nom_zone or "Zone", "Écart"), rangs, _largeurs(9.5, 3))
    return [Noeud(Genre.IMAGE, "figure-a", alt, nom="figure A", figure=figure), tableau]


SERIES_MAX = 6
"""Panels of figure B: the first sheets with values and targets (the grid gives them all)."""


def _cellules_par_annee(f: Indicateur, valeurs: list[Valeur | None]) -> list[str]:
    return [avec_unite(v.valeur, f.unite) if v is not None and v.valeur is not None else
            (STATUTS_VALEUR[v.statut] if v is not None else NON_RENSEIGNE) for v in valeurs]


def _figure_series(d: DonneesRapport) -> list[Noeud]:
    """Figure B: the values of each year of the contract against the targets (the first sheets
    measured in one QPV, with targets: drawn for all, by sex in the table and the sentence)."""
    c, s = d.contrat, d.suivi
    annees = tuple(a for a in range(c.periode.debut, d.annee + 1))
    categories: list[str] = []
    series: list[Serie] = []
    cibles: list[tuple[tuple[int, float], ...]] = []
    phrases: list[str] = []
    rangs: list[Noeud] = []
    # Those given by sex first (the report's data are by sex wherever they can be).
    for f in sorted(c.indicateurs, key=lambda x: not x.par_sexe):
        if len(categories) == SERIES_MAX:
            break
        zones = zones_de(c, f)
        if f.cibles is None or not f.cibles.valeurs or len(zones) != 1:
            continue
        valeurs = [s.valeur(f.code, a, zones[0]) for a in annees]
        nombres = tuple(float(v.valeur) if v is not None and v.valeur is not None else None for v in valeurs)
        if sum(1 for n in nombres if n is not None) < 1:
            continue
        categories.append(f.libelle)
        series.append(Serie(f.libelle, nombres))
        objectifs = tuple(sorted((a, float(n.valeur)) for a, n in f.cibles.valeurs.items()))
        cibles.append(objectifs)
        faits = ", ".join(f"{avec_unite(v.valeur, f.unite)} en {a}" for a, v in zip(annees, valeurs)
                          if v is not None and v.valeur is not None)
        vise = ", ".join(f"{avec_unite(n.valeur, f.unite)} en {a}" for a, n in sorted(f.cibles.valeurs.items()))
        phrases.append(f"{f.libelle} : {faits} ; cible {vise}")
        rangs.append(_ligne(f"b{len(rangs)}", f.libelle, [*_cellules_par_annee(f, valeurs), vise]))
        # By sex in its table and its sentence (the targets are for all: the chart draws the whole).
        for sexe in sexes_de(f)[1:]:
            par_annee = [s.valeur(f.code, a, zones[0], sexe) for a in annees]
            rangs.append(_ligne(f"b{len(rangs)}", sexe, [*_cellules_par_annee(f, par_annee), ""], puce=True))
            dits = ", ".join(f"{avec_unite(v.valeur, f.unite)} en {a}" for a, v in zip(annees, par_annee)
                             if v is not None and v.valeur is not None)
            if dits:
                phrases[-1] += f" ; {sexe} : {dits}"
    if not categories:
        return []
    titre = f"Figure B. Valeurs {annees[0]}-{annees[-1]} et cibles"
    alt = f"{titre} : " + " ; ".join(phrases) + "."
    figure = Figure("series", titre, tuple(categories), tuple(series), annees=annees, cibles=tuple(cibles))
    tableau = _tableau("donnees-b", "Données de la figure B", ("Indicateur", *map(str, annees), "Cibles"), rangs,
                       _largeurs(6.5, len(annees) + 1))
    return [Noeud(Genre.IMAGE, "figure-b", alt, nom="figure B", figure=figure), tableau]


# --- 3. actions of the year -------------------------------------------------------------------


ENTETES_ACTIONS = ("Action", "Porteur", "Axe", CREDITS_SPECIFIQUES, DROIT_COMMUN, "Cofinanceurs",
                   "Bénéficiaires (F / H)", "Plurian\u00adnuelle")


def _titres_des_axes(c: Contrat) -> dict[str, str]:
    titres = {a.code: a.titre for e in c.enjeux for a in e.axes}
    titres.update({o.code: o.titre for e in c.enjeux for a in e.axes for o in a.objectifs_operationnels})
    return titres


def _ordre_des_axes(c: Contrat) -> list[str]:
    return [a.code for e in c.enjeux for a in e.axes]


def _nom_organisation(c: Contrat, code: str) -> str:
    o = next((x for x in c.organisations if x.code == code), None)
    return o.libelle if o is not None else code


def _effectif(n: int | None) -> str:
    return TIRET if n is None else ecrire_nombre(Decimal(n), 0)


@dataclass(frozen=True)
class TotalAxe:
    axe: str
    actions: int
    credits_specifiques: Decimal
    droit_commun: Decimal
    femmes: int
    hommes: int

    @property
    def total(self) -> Decimal:
        return self.credits_specifiques + self.droit_commun


def totaux_par_axe(c: Contrat, actions: tuple[Action, ...]) -> list[TotalAxe]:
    """Amounts of the actions added up by axe (in the contract's order of axes)."""
    ordre = _ordre_des_axes(c)
    axes = sorted({a.axe for a in actions}, key=lambda x: ordre.index(x) if x in ordre else len(ordre))
    return [TotalAxe(axe, sum(1 for a in actions if a.axe == axe),
                     sum((a.credits_specifiques for a in actions if a.axe == axe), Decimal(0)),
                     sum((a.droit_commun for a in actions if a.axe == axe), Decimal(0)),
                     sum(a.beneficiaires_femmes or 0 for a in actions if a.axe == axe),
                     sum(a.beneficiaires_hommes or 0 for a in actions if a.axe == axe)) for axe in axes]


def totaux_par_cofinanceur(actions: tuple[Action, ...]) -> list[tuple[str, int, Decimal]]:
    """Each co-funder: its actions and their amount (the whole actions': a co-funder's own share is
    not in the data)."""
    codes = sorted({x for a in actions for x in a.cofinanceurs}, key=lambda x: (-sum(a.total for a in actions if x in a.cofinanceurs), x))
    return [(code, sum(1 for a in actions if code in a.cofinanceurs),
             sum((a.total for a in actions if code in a.cofinanceurs), Decimal(0))) for code in codes]


def _actions(d: DonneesRapport) -> list[Noeud]:
    c = d.contrat
    p = d.suivi.programmation(d.annee)
    if p is None:
        return [_texte("absente", [f"Aucune programmation n'est fournie pour {d.annee} "
                                   f"(fichier suivi/programmation/{d.annee}.csv ou .xlsx)."])]
    axes = _titres_des_axes(c)
    ordre = _ordre_des_axes(c)
    actions = tuple(sorted(p.actions, key=lambda a: ordre.index(a.axe) if a.axe in ordre else len(ordre)))
    specifiques = sum((a.credits_specifiques for a in actions), Decimal(0))
    commun = sum((a.droit_commun for a in actions), Decimal(0))
    femmes = sum(a.beneficiaires_femmes or 0 for a in actions)
    hommes = sum(a.beneficiaires_hommes or 0 for a in actions)
    intro = _texte("introduction", [
        f"La programmation {d.annee} compte {len(actions)} action{'s' if len(actions) > 1 else ''}, pour "
        f"{euros(specifiques + commun)} : {euros(specifiques)} de crédits spécifiques de la politique de la ville et "
        f"{euros(commun)} de droit commun. Elles ont compté {_effectif(femmes)} bénéficiaires femmes et "
        f"{_effectif(hommes)} hommes (les personnes suivies par plusieurs actions sont comptées dans chacune)."])
    rangs = [_ligne(f"action{k}", a.action, [a.porteur, axes.get(a.axe, a.axe), euros(a.credits_specifiques),
                                             euros(a.droit_commun), ", ".join(_nom_organisation(c, x) for x in a.cofinanceurs)
                                             or TIRET, f"{_effectif(a.beneficiaires_femmes)} / {_effectif(a.beneficiaires_hommes)}",
                                             "oui" if a.pluriannuel else "non"])
             for k, a in enumerate(actions, start=1)]
    rangs.append(_ligne("total", "Total", ["", "", euros(specifiques), euros(commun), "",
                                           f"{_effectif(femmes)} / {_effectif(hommes)}", ""]))
    noeuds = [intro, _intertitre("programmation", f"Programmation {d.annee}"),
              _tableau("actions", f"Actions de la programmation {d.annee}", ENTETES_ACTIONS, rangs,
                       (2.8, 1.7, 2.3, 1.8, 1.7, 3.0, 2.2, 1.5), a_droite=0)]
    noeuds.extend(_par_axe(d, actions, axes))
    noeuds.extend(_par_cofinanceur(d, actions))
    return noeuds


def _par_axe(d: DonneesRapport, actions: tuple[Action, ...], axes: dict[str, str]) -> list[Noeud]:
    totaux = totaux_par_axe(d.contrat, actions)
    titre = f"Figure C. Financements {d.annee} par axe"
    phrases = [f"{axes.get(t.axe, t.axe)} : {euros(t.credits_specifiques)} de crédits spécifiques et "
               f"{euros(t.droit_commun)} de droit commun" for t in totaux]
    figure = Figure("barres_empilees", titre, tuple(axes.get(t.axe, t.axe) for t in totaux),
                    (Serie(CREDITS_SPECIFIQUES, tuple(float(t.credits_specifiques) for t in totaux)),
                     Serie(DROIT_COMMUN, tuple(float(t.droit_commun) for t in totaux))), unite="€",
                    etiquettes=(tuple(euros(t.credits_specifiques) for t in totaux),
                                tuple(euros(t.droit_commun) for t in totaux), tuple(euros(t.total) for t in totaux)))
    rangs = [_ligne(f"axe-{t.axe}", axes.get(t.axe, t.axe),
                    [str(t.actions), euros(t.credits_specifiques), euros(t.droit_commun), euros(t.total),
                     f"{_effectif(t.femmes)} / {_effectif(t.hommes)}"]) for t in totaux]
    return [_intertitre("par-axe", "Financements par axe"),
            Noeud(Genre.IMAGE, "figure-c", f"{titre} : " + " ; ".join(phrases) + ".", nom="figure C", figure=figure),
            _tableau("donnees-c", "Données de la figure C : totaux par axe",
                     ("Axe", "Actions", CREDITS_SPECIFIQUES, DROIT_COMMUN, "Total", "Bénéficiaires (F / H)"), rangs,
                     (5.2, 1.6, 2.6, 2.4, 2.6, 2.6))]


def _par_cofinanceur(d: DonneesRapport, actions: tuple[Action, ...]) -> list[Noeud]:
    c = d.contrat
    totaux = totaux_par_cofinanceur(actions)
    if not totaux:
        return []
    noms = [_nom_organisation(c, code) for code, _, _ in totaux]
    titre = f"Figure D. Actions {d.annee} par cofinanceur"
    phrases = [f"{nom} : {n} action{'s' if n > 1 else ''} pour {euros(m)}" for nom, (_, n, m) in zip(noms, totaux)]
    figure = Figure("barres_empilees", titre, tuple(noms), (Serie("Montant des actions cofinancées",
                                                                  tuple(float(m) for _, _, m in totaux)),),
                    unite="€", etiquettes=(tuple(f"{euros(m)} ({n} action{'s' if n > 1 else ''})"
                                                 for _, n, m in totaux),))
    rangs = [_ligne(f"cofinanceur-{code}", nom, [str(n), euros(m)]) for nom, (code, n, m) in zip(noms, totaux)]
    note = ("Une action a souvent plusieurs cofinanceurs et les données ne disent pas la part de chacun : le montant "
            "est celui des actions cofinancées, et ces montants ne s'additionnent pas entre cofinanceurs.")
    return [_intertitre("par-cofinanceur", "Actions par cofinanceur"),
            Noeud(Genre.IMAGE, "figure-d", f"{titre} : " + " ; ".join(phrases) + ".", nom="figure D", figure=figure),
            _tableau("donnees-d", "Données de la figure D : actions par cofinanceur",
                     ("Cofinanceur", "Actions", "Montant des actions cofinancées"), rangs, (9.0, 3.0, 5.0), (note,))]


# --- 4. perspectives --------------------------------------------------------------------------


def _libelle_ligne(c: Contrat, x: LigneGrille) -> str:
    noms = {q.code: nom_du_quartier(q) for q in c.quartiers}
    morceaux = [x.fiche.libelle]
    if x.sexe != "ensemble":
        morceaux.append(x.sexe)
    if len(zones_de(c, x.fiche)) > 1:
        morceaux.append(noms.get(x.zone, x.zone))
    return ", ".join(morceaux)


def non_renseignes(lignes: list[LigneGrille]) -> list[LigneGrille]:
    return [x for x in lignes if x.statut == NON_RENSEIGNE]


def en_recul(lignes: list[LigneGrille]) -> list[LigneGrille]:
    return [x for x in lignes if x.statut == EN_RECUL]


def cibles_manquees(lignes: list[LigneGrille]) -> list[LigneGrille]:
    """Rows judged against a target whose value has not reached it."""
    return [x for x in lignes if x.cible is not None and x.nombre is not None and x.statut != ATTEINT]


def _par_fiche(c: Contrat, lignes: list[LigneGrille]) -> list[tuple[Indicateur, str]]:
    """Rows grouped by sheet: the sheet, and where (« quartier A ; quartier B (femmes) »), said
    only where it is not the sheet's whole perimeter."""
    noms = {q.code: nom_du_quartier(q) for q in c.quartiers}
    groupes: dict[str, list[LigneGrille]] = {}
    for x in lignes:
        groupes.setdefault(x.fiche.code, []).append(x)
    resultat = []
    for rangs in groupes.values():
        f = rangs[0].fiche
        zones = zones_de(c, f)
        par_zone: dict[str, list[str]] = {}
        for x in rangs:
            par_zone.setdefault(x.zone, []).append(x.sexe)
        entieres = [z for z, s in par_zone.items() if len(s) == len(sexes_de(f))]
        if len(entieres) == len(zones):
            resultat.append((f, " (tous les quartiers)" if len(zones) > 1 else ""))
            continue
        ou = [(noms.get(z, z) if len(zones) > 1 else "") + ("" if z in entieres else
                                                            f" ({', '.join(s)})" if len(zones) > 1 else ", ".join(s))
              for z, s in par_zone.items()]
        resultat.append((f, " (" + " ; ".join(o.strip() for o in ou) + ")"))
    return resultat


def _responsable(c: Contrat, f: Indicateur) -> str:
    return _nom_organisation(c, f.responsable) if f.responsable else "responsable à désigner"


def _perspectives(d: DonneesRapport, lignes: list[LigneGrille]) -> list[Noeud]:
    """The indicators not filled in (by whom the data is due), those in retreat and, at the
    revoyure, the 2027 targets missed: what the perspectives start from."""
    c = d.contrat
    listes: list[tuple[str, str, list[str]]] = [
        ("non-renseignes", f"Indicateurs non renseignés en {d.annee}",
         [f"{f.libelle}{ou} : données attendues de {_responsable(c, f)}"
          for f, ou in _par_fiche(c, non_renseignes(lignes))]),
        ("en-recul", f"Indicateurs en recul en {d.annee}",
         [f"{_libelle_ligne(c, x)} : {valeur_imprimee(x)} ({evolution_imprimee(x, d.annee)})" for x in en_recul(lignes)])]
    if d.revoyure:
        listes.append(("cibles-manquees", f"Cibles {ANNEE_REVOYURE} non atteintes",
                       [f"{_libelle_ligne(c, x)} : {valeur_imprimee(x)} pour une cible de "
                        f"{avec_unite(x.cible[1], x.fiche.unite) if x.cible else TIRET} (écart : {ecart_a_la_cible(x)})"
                        for x in cibles_manquees(lignes)]))
    noeuds: list[Noeud] = []
    for cle, titre, elements in listes:
        noeuds.append(_intertitre(cle, titre))
        noeuds.append(_texte(cle, [(e, Role.PUCE) for e in elements] if elements else ["Aucun."]))
    if d.revoyure:
        sans_valeur = [x for x in lignes if x.cible is not None and x.nombre is None]
        if sans_valeur:
            noeuds.append(_texte("cibles-sans-valeur", [
                f"{len(sans_valeur)} cible{'s' if len(sans_valeur) > 1 else ''} {ANNEE_REVOYURE} ne "
                f"{'peuvent' if len(sans_valeur) > 1 else 'peut'} être appréciée{'s' if len(sans_valeur) > 1 else ''} "
                "faute de valeur (indicateurs non renseignés ci-dessus)."]))
    return noeuds


# --- 5. articulation, 6. DSU ------------------------------------------------------------------


def _manquant(d: DonneesRapport, rang: int) -> Noeud:
    return _texte("a-rediger", [f"Texte à rédiger dans suivi/rapports/{d.annee}/{nom_du_texte(rang)}."])


def _articulation(d: DonneesRapport) -> list[Noeud]:
    texte = d.textes.textes.get(5)
    return [_prose(texte, "texte")] if texte is not None else [_manquant(d, 5)]


def _dsu(d: DonneesRapport) -> list[Noeud]:
    """Due only where a commune of the contract received the DSU that year: declared by writing
    its text (``6-dsu.md``); otherwise the part says it does not apply, and how to fill it."""
    texte = d.textes.textes.get(6)
    if texte is not None:
        return [_prose(texte, "texte")]
    return [_texte("sans-objet", [
        f"Sans objet : aucune action au titre de la dotation de solidarité urbaine n'est déclarée pour {d.annee}. "
        "Cette partie n'est due que si une commune du contrat a perçu la DSU ; elle se rédige alors dans "
        f"suivi/rapports/{d.annee}/{nom_du_texte(6)}."])]


# --- annex: the opinions ----------------------------------------------------------------------


TITRE_AVIS = "Annexe : avis des conseils citoyens et des conseils municipaux"


def _annexe_des_avis(c: Contrat, avis: list[Avis]) -> Noeud:
    """Each opinion from a new page under its heading: its text, or the pages reserved for its PDF
    (replaced by its pages once LibreOffice has counted them, as the contract's PDF annexes)."""
    partie = Noeud(Genre.CHAPITRE, "avis", TITRE_AVIS, nom="annexe des avis", feminin=True)
    for k, a in enumerate(avis, start=1):
        document = Noeud(Genre.ANNEXE, a.code, a.titre, numero=f"Avis n° {k} : ", nom=f"avis n° {k}")
        if a.texte is not None:
            document.enfants.append(_prose(a.texte, "texte"))
        elif a.pdf is not None:
            document.enfants.append(Noeud(Genre.PDF, "pdf", nom=DOCUMENT_PDF, empreinte=a.pdf.empreinte,
                                          reserve=marques_reservees(c, a.code, a.pdf.pages)))
        partie.enfants.append(document)
    return partie
