"""The automatic rules of the référentiel: each reads the typed contract and says whether a
requirement is met, and where (a path in the contract's tree, which the positions place in the
sources). Rules read the model only: what the model cannot hold yet is « manquante »."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Axe, Contrat
from contrat.modele.prose import iterer_textes

Statut = Literal["satisfaite", "partielle", "manquante", "à attester", "attestée", "sans objet"]
SATISFAITE: Statut = "satisfaite"
PARTIELLE: Statut = "partielle"
MANQUANTE: Statut = "manquante"


@dataclass(frozen=True)
class Verdict:
    statut: Statut
    detail: str
    chemin: Chemin = ()


def extrait(texte: str, n: int = 80) -> str:
    """The quoted text, cut at a word with an ellipsis when long."""
    return texte if len(texte) <= n else texte[:n].rsplit(" ", 1)[0] + "…"


def compte(n: int, singulier: str, pluriel: str = "") -> str:
    """« 1 phase », « 2 phases », « 0 bailleur » (the table prints in the contract: no « (s) »)."""
    return f"{n} {singulier if n <= 1 else pluriel or singulier + 's'}"


def _verdict(trouves: int, attendus: int, chemin: Chemin, quoi: str) -> Verdict:
    """All, some or none of what was expected found."""
    statut = SATISFAITE if trouves >= attendus else PARTIELLE if trouves else MANQUANTE
    return Verdict(statut, f"{trouves}/{attendus} {quoi}", chemin)


def axes(c: Contrat) -> Iterator[tuple[Chemin, Axe]]:
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            yield ("enjeux", i, "axes", j), a


def lignes_de_prose(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Every line of the chapters' prose: its path (which places it in its Markdown file), the
    chapter's title, the text."""
    for i, ch in enumerate(c.chapitres):
        if ch.texte is not None:
            for ligne, texte in iterer_textes(ch.texte):
                yield ("chapitres", i, "texte", "ligne", ligne), ch.titre, texte


def chercher(c: Contrat, motif: str, chapitre: str = "") -> tuple[Chemin, str] | None:
    """The first line of prose matching ``motif`` (in a chapter whose title matches ``chapitre``)."""
    expr, titre = re.compile(motif, re.IGNORECASE), re.compile(chapitre, re.IGNORECASE)
    for chemin, nom, texte in lignes_de_prose(c):
        if titre.search(nom) and expr.search(texte):
            return chemin, texte
    return None


def textes_des_axes(c: Contrat) -> Iterator[tuple[Chemin, str]]:
    for chemin, a in axes(c):
        yield chemin, a.titre
        for champ in ("objectifs", "leviers", "criteres_evaluation"):
            for k, el in enumerate(getattr(a, champ)):
                yield (*chemin, champ, k), el.texte


def _libelles(c: Contrat) -> dict[str, str]:
    return {o.code: o.libelle for o in c.organisations}


def _signe(c: Contrat, motif: str) -> tuple[Chemin, str] | None:
    libelles, expr = _libelles(c), re.compile(motif, re.IGNORECASE)
    for i, s in enumerate(c.signataires):
        for code in (s.organisation, *s.aussi_pour):
            nom = f"{code} {libelles.get(code, '')} {s.qualite}"
            if expr.search(nom):
                return ("signataires", i), libelles.get(code, code)
    return None


# --- art. 6 I: signatories, duration, bases -------------------------------------------------

def signataires_obligatoires(c: Contrat) -> Verdict:
    """L6-1: the State, the EPCI, the communes with a QPV, the Département and the Région sign."""
    attendus = {"l'État": r"\betat\b|état|préfet", "l'intercommunalité": re.escape(c.territoire.epci),
                "le Département": r"départ|departement", "la Région": r"région|\bregion\b"}
    attendus |= {f"la commune de {n}": re.escape(n) for n in c.territoire.communes_qpv}
    absents = [nom for nom, motif in attendus.items() if _signe(c, motif) is None]
    statut = MANQUANTE if len(absents) == len(attendus) else PARTIELLE if absents else SATISFAITE
    detail = f"ne signent pas : {', '.join(absents)}" if absents else f"{compte(len(attendus), 'signataire obligatoire présent', 'signataires obligatoires présents')}"
    return Verdict(statut, detail, ("signataires",))


FACULTATIFS = r"caisse des d|\bcdc\b|banque des territoires|habitat|logis|hlm|bailleur|\bcaf\b|allocations|cpam|chambre|\bcci\b|\bcma\b|mobilit"


def signataires_facultatifs(c: Contrat) -> Verdict:
    """L6-2 (informative): the optional signatories the law names."""
    libelles, expr = _libelles(c), re.compile(FACULTATIFS, re.IGNORECASE)
    noms = [libelles.get(s.organisation, s.organisation) for s in c.signataires
            if expr.search(f"{s.organisation} {libelles.get(s.organisation, '')}")]
    if not noms:
        return Verdict(MANQUANTE, "aucun signataire facultatif (Caisse des dépôts, bailleurs, caisse d'allocations familiales, chambres…)", ("signataires",))
    return Verdict(SATISFAITE, "signataires facultatifs : " + ", ".join(noms), ("signataires",))


def duree_et_actualisation_triennale(c: Contrat) -> Verdict:
    """L6-3 before 15/11/2024: six years, updated every three years (a phase boundary)."""
    p = c.periode
    six = p.fin - p.debut == 6
    triennale = len(p.phases) >= 2
    statut = SATISFAITE if six and triennale else PARTIELLE if six or triennale else MANQUANTE
    return Verdict(statut, f"période {p.debut}-{p.fin}, {compte(len(p.phases), 'phase')} (actualisation triennale obligatoire)",
                   ("periode",))


def duree_six_ans(c: Contrat) -> Verdict:
    """L6-3 from 15/11/2024: six years; the update after three years only « si les parties en conviennent »."""
    p = c.periode
    return Verdict(SATISFAITE if p.fin - p.debut == 6 else MANQUANTE,
                   f"période {p.debut}-{p.fin} (actualisation à trois ans facultative)", ("periode",))


def droit_commun_des_signataires(c: Contrat) -> Verdict:
    """L6-4: each signatory commits its droit commun: a contribution of its own or a place in an axis."""
    engages = {d.organisation for d in c.contributions if d.organisation}
    for _, a in axes(c):
        engages |= {r for p in a.partenaires for r in p.ref}
        engages |= {r for items in a.autres.values() for p in items if hasattr(p, "ref") for r in p.ref}
    trouves = sum(1 for s in c.signataires if s.organisation in engages or set(s.aussi_pour) & engages)
    return _verdict(trouves, len(c.signataires), ("signataires",), "signataires engagés dans un axe ou une contribution")


def projet_de_territoire(c: Contrat) -> Verdict:
    """L6-14: the contract is based on a projet de territoire."""
    trouve = chercher(c, r"projet de territoire")
    if trouve:
        return Verdict(SATISFAITE, f"« {extrait(trouve[1])} »", trouve[0])
    return Verdict(MANQUANTE, "aucune mention du projet de territoire", ("chapitres",))


def _chapitre(c: Contrat, motif: str) -> int | None:
    expr = re.compile(motif, re.IGNORECASE)
    return next((i for i, ch in enumerate(c.chapitres) if expr.search(ch.titre) or expr.search(ch.code)), None)


def diagnostic_et_gouvernance(c: Contrat) -> Verdict:
    """L6-5: a diagnostic (key figures, the quartier) and a governance chapter."""
    diag = next((i for i, ch in enumerate(c.chapitres) if ch.inclure == "chiffres_cles"), None)
    diag = diag if diag is not None else _chapitre(c, r"diagnostic|chiffres|quartier")
    gouv = _chapitre(c, r"gouvernance|pilotage")
    trouves = [i for i in (diag, gouv) if i is not None]
    manque = [] if diag is not None else ["un diagnostic"]
    manque += [] if gouv is not None else ["un chapitre de gouvernance"]
    detail = "diagnostic et gouvernance présents" if not manque else "manque " + " et ".join(manque)
    statut = SATISFAITE if len(trouves) == 2 else PARTIELLE if trouves else MANQUANTE
    return Verdict(statut, detail, ("chapitres", trouves[-1]) if trouves else ("chapitres",))


PILOTAGE = r"comit[ée] de pilotage|instance de pilotage|\bcopil\b"


def instance_de_pilotage(c: Contrat) -> Verdict:
    """L6-6: a steering body for the elaboration, implementation and evaluation of the contract."""
    # Instituted by the governance chapter: a COPIL told of elsewhere (the history of the previous
    # contract, who approved the enjeux) is not this contract's steering body.
    gouv = re.compile(r"gouvernance|pilotage|animation", re.IGNORECASE)
    lignes = [(ch, t) for ch, nom, t in lignes_de_prose(c) if re.search(PILOTAGE, t, re.IGNORECASE) and gouv.search(nom)]
    if not lignes:
        ailleurs = chercher(c, PILOTAGE)
        return Verdict(MANQUANTE, "aucune instance de pilotage instituée par un chapitre de gouvernance"
                       + (" (citée en passant ailleurs)" if ailleurs else ""), ailleurs[0] if ailleurs else ("chapitres",))
    chapitre = lignes[0][0][:2]
    evaluation = [ch for ch, t in lignes_de_prose_du(c, chapitre) if re.search(r"[ée]valu", t, re.IGNORECASE)]
    if evaluation:
        return Verdict(SATISFAITE, "instance de pilotage nommée, avec un rôle d'évaluation", lignes[0][0])
    return Verdict(PARTIELLE, "instance de pilotage nommée, sans rôle d'évaluation dans son chapitre", lignes[0][0])


def lignes_de_prose_du(c: Contrat, chapitre: Chemin) -> Iterator[tuple[Chemin, str]]:
    for chemin, _, texte in lignes_de_prose(c):
        if chemin[:2] == chapitre:
            yield chemin, texte


# --- art. 6 IV (décret 2024-1037 since 15/11/2024): content -----------------------------------

CHIFFRE = re.compile(r"(?<![\d/])(?!(?:19|20)\d\d\b)\d+(?:[,.]\d+)?\s*(?:%|pour ?cent|\w+)", re.IGNORECASE)
CIBLE = re.compile(r"atteindre|porter (?:à|a)|r[ée]duire|diminuer|augmenter|doubler|au moins|d'ici|passer de|"
                   r"\bcible|objectif de", re.IGNORECASE)
"""A target is a number (not a year) with a word of aim: « plus de 50 nationalités » describes the
quartier, « atteindre 120 sorties positives d'ici 2027 » commits the signatories."""


def chiffre(texte: str) -> bool:
    return bool(CHIFFRE.search(texte) and CIBLE.search(texte))


def objectifs_chiffres(c: Contrat) -> Verdict:
    """L6-7: objectives, « notamment chiffrés », in the contract itself: a number (not a year) in
    an axis's objectives, or indicator sheets with targets printed by a chapter. Targets kept in
    sheets that do not print are not stipulations of the contract."""
    tous = list(axes(c))
    chiffres = [ch for ch, a in tous if any(chiffre(o.texte) for o in a.objectifs)]
    imprimees = any(ch.inclure == "indicateurs" for ch in c.chapitres)
    cibles = [i for i, x in enumerate(c.indicateurs) if x.cibles and x.cibles.valeurs]
    if imprimees and cibles:
        return Verdict(SATISFAITE, f"{compte(len(cibles), 'fiche', 'fiches')} d'indicateurs avec cibles, imprimées", ("indicateurs", cibles[0]))
    detail = f"{len(chiffres)}/{len(tous)} axes avec un objectif chiffré"
    if cibles:
        detail += (f" ; les cibles de {compte(len(cibles), 'indicateur')} ne sont que dans les fiches de suivi, "
                   "que le contrat n'imprime pas : elles n'en sont pas des stipulations")
    statut = SATISFAITE if tous and len(chiffres) == len(tous) else PARTIELLE if chiffres else MANQUANTE
    return Verdict(statut, detail, chiffres[0] if chiffres else tous[0][0] if tous else ("enjeux",))


def nature_des_actions(c: Contrat) -> Verdict:
    """L6-8: each axis says its objectives and its levers (the nature of the actions)."""
    tous = list(axes(c))
    complets = [ch for ch, a in tous if a.objectifs and (a.leviers or a.objectifs_operationnels or a.autres)]
    incomplet = next((ch for ch, a in tous if ch not in complets), tous[0][0] if tous else ("enjeux",))
    return _verdict(len(complets), len(tous), incomplet, "axes avec objectifs et leviers")


def bloc_absent(quoi: str) -> Verdict:
    return Verdict(MANQUANTE, f"{quoi} : absent des sources", ())


def _montant(x: object) -> Decimal:
    valeur = getattr(x, "valeur", None)
    return valeur if isinstance(valeur, Decimal) else Decimal(0)


def moyens_droit_commun_et_specifiques(c: Contrat) -> Verdict:
    """L6-9: human and financial means, droit commun and crédits spécifiques, in the table of means
    by signatory (``moyens``): both kinds stated → satisfied; one only → partial."""
    if c.moyens is None or not c.moyens.lignes:
        return Verdict(MANQUANTE, "aucun tableau des moyens (droit commun / crédits spécifiques par signataire)",
                       ("chapitres",))
    commun = sum((_montant(x.droit_commun) for x in c.moyens.lignes), Decimal(0))
    specifiques = sum((_montant(x.credits_specifiques) for x in c.moyens.lignes), Decimal(0))
    if commun and specifiques:
        return Verdict(SATISFAITE, f"tableau des moyens : {compte(len(c.moyens.lignes), 'signataire')}, droit commun et "
                                   "crédits spécifiques", ("moyens",))
    manque = "droit commun" if not commun else "crédits spécifiques"
    return Verdict(PARTIELLE, f"tableau des moyens sans {manque}", ("moyens",))


def moyens_d_ingenierie(c: Contrat) -> Verdict:
    """L6-10: engineering means for steering and evaluation (a chargé de mission, a team): the
    ``evaluation`` block's ``ingenierie``, else the prose."""
    if c.evaluation is not None and c.evaluation.ingenierie:
        return Verdict(SATISFAITE, f"« {extrait(c.evaluation.ingenierie)} »", ("evaluation", "ingenierie"))
    motif = r"ing[ée]nierie|charg[ée]e? de missions?|chef de projet|[ée]quipe projet"
    trouve = chercher(c, motif, r"gouvernance|[ée]valuation|pilotage|animation")
    if trouve:
        return Verdict(SATISFAITE, f"« {extrait(trouve[1])} »", trouve[0])
    ailleurs = chercher(c, motif)
    if ailleurs:
        return Verdict(PARTIELLE, "citée hors des chapitres de gouvernance et d'évaluation", ailleurs[0])
    return Verdict(MANQUANTE, "aucun moyen d'ingénierie nommé", ("chapitres",))


NATIONAL = re.compile(r"insee|onpv|anct|observatoire|sig ville|france travail|caf\b", re.IGNORECASE)


def indicateurs(c: Contrat) -> Verdict:
    """L6-11: indicators: each axis has criteria of evaluation; national indicators per QPV."""
    tous = list(axes(c))
    sans = [ch for ch, a in tous if not (a.criteres_evaluation or any(o.criteres_evaluation for o in a.objectifs_operationnels))]
    nationaux = [i for i, x in enumerate(c.indicateurs) if x.source and NATIONAL.search(x.source)]
    if not sans and nationaux:
        return Verdict(SATISFAITE, f"critères dans chaque axe ; {compte(len(nationaux), 'indicateur')} de source nationale",
                       ("indicateurs", nationaux[0]))
    if len(sans) < len(tous):
        return Verdict(PARTIELLE, f"{len(tous) - len(sans)}/{len(tous)} axes avec critères ; "
                       f"{compte(len(nationaux), 'indicateur')} de source nationale", sans[0] if sans else ("indicateurs",))
    return Verdict(MANQUANTE, "aucun critère d'évaluation", ("enjeux",))


def structure_locale_d_evaluation(c: Contrat) -> Verdict:
    """L6-12: a named local evaluation structure (ONPV method), the ``evaluation`` block's."""
    if c.evaluation is not None and c.evaluation.structure:
        return Verdict(SATISFAITE, f"« {extrait(c.evaluation.structure)} »", ("evaluation", "structure"))
    return Verdict(MANQUANTE, "aucune structure locale d'évaluation nommée", ("chapitres",))


def donnees_des_signataires(c: Contrat) -> Verdict:
    """L6-15: every signatory supplies its data to the evaluation structure (the ``evaluation``
    block's ``donnees``)."""
    if c.evaluation is not None and c.evaluation.donnees:
        return Verdict(SATISFAITE, f"« {extrait(c.evaluation.donnees)} »", ("evaluation", "donnees"))
    if c.evaluation is not None:
        return Verdict(PARTIELLE, "structure d'évaluation nommée, sans engagement des signataires sur leurs données",
                       ("evaluation",))
    return Verdict(MANQUANTE, "aucun engagement des signataires à communiquer leurs données", ("signataires",))


# --- art. 7, 8, CGI ------------------------------------------------------------------------

CONSEIL = r"conseils? citoyens?|instance de participation|habitants"


def conseil_citoyen_au_pilotage(c: Contrat) -> Verdict:
    """L7-1: the conseil citoyen (or another participation body) sits in the steering bodies."""
    signe = _signe(c, r"conseils? citoyens?")
    if signe:
        return Verdict(SATISFAITE, f"signataire du contrat : {signe[1]}", signe[0])
    for chemin, texte in ((ch, t) for ch, _, t in lignes_de_prose(c)):
        if re.search(PILOTAGE, texte, re.IGNORECASE) and re.search(r"conseils? citoyens?", texte, re.IGNORECASE):
            return Verdict(SATISFAITE, "conseil citoyen dans la composition du pilotage", chemin)
    if c.participation is not None and c.participation.au_comite_de_pilotage:
        return Verdict(SATISFAITE, f"{c.participation.instance} siège au comité de pilotage",
                       ("participation", "au_comite_de_pilotage"))
    ailleurs = chercher(c, r"conseils? citoyens?", r"gouvernance|pilotage")
    if ailleurs:
        return Verdict(PARTIELLE, "conseil citoyen mentionné, absent de la composition du comité de pilotage", ailleurs[0])
    return Verdict(MANQUANTE, "aucune instance de participation associée au pilotage", ("chapitres",))


def moyens_du_conseil_citoyen(c: Contrat) -> Verdict:
    """L7-2: place, means and training of the participation body (the ``participation`` block)."""
    p = c.participation
    if p is None:
        return Verdict(MANQUANTE, "ni lieu, ni moyens, ni formation du conseil citoyen", ("chapitres",))
    absents = [nom for nom, valeur in (("lieu", p.lieu), ("moyens", p.moyens), ("formation", p.formation)) if not valeur]
    if not absents:
        return Verdict(SATISFAITE, f"{p.instance} : lieu, moyens et formation", ("participation",))
    statut = PARTIELLE if len(absents) < 3 else MANQUANTE
    return Verdict(statut, f"{p.instance} : sans {' ni '.join(absents)}", ("participation",))


CIA = re.compile(r"convention intercommunale d'attribution|\bcia\b", re.IGNORECASE)


def _document(c: Contrat, liste: str, expr: re.Pattern[str]) -> int | None:
    docs = c.annexes if liste == "annexes" else c.contributions
    return next((i for i, d in enumerate(docs) if expr.search(f"{d.code} {d.titre} {d.fichier}")), None)


def cia_annexee(c: Contrat) -> Verdict:
    """L8-1: the convention intercommunale d'attribution is annexed to the contract."""
    annexe = _document(c, "annexes", CIA)
    if annexe is not None:
        return Verdict(SATISFAITE, "convention annexée", ("annexes", annexe))
    contribution = _document(c, "contributions", CIA)
    if contribution is not None:
        return Verdict(PARTIELLE, "une contribution sur la convention intercommunale d'attribution, qui n'est pas annexée", ("contributions", contribution))
    return Verdict(MANQUANTE, "convention intercommunale d'attribution non annexée", ("annexes",))


BAILLEUR = re.compile(r"bailleur|habitat|logis|\bhlm\b|\bopac\b|\boph\b|foyer", re.IGNORECASE)


def bailleurs_signataires(c: Contrat) -> Verdict:
    """CGI-1: social landlords named as partners sign the contract (TFPB abatement, CGI 1388 bis)."""
    libelles = _libelles(c)
    signes = {s.organisation for s in c.signataires}
    for chemin, a in axes(c):
        for k, p in enumerate(a.partenaires):
            for r in p.ref:
                if BAILLEUR.search(f"{r} {libelles.get(r, '')}") and r not in signes:
                    n = sum(1 for _, b in axes(c) if any(r in q.ref for q in b.partenaires))
                    return Verdict(MANQUANTE, f"« {libelles.get(r, r)} » partenaires de {compte(n, 'axe')}, non signataires",
                                   (*chemin, "partenaires", k))
    bailleurs = [o for o in signes if BAILLEUR.search(f"{o} {libelles.get(o, '')}")]
    return Verdict(SATISFAITE, f"{compte(len(bailleurs), 'bailleur signataire', 'bailleurs signataires')}, aucun partenaire non signataire",
                   ("signataires",))


TFPB = re.compile(r"abattement|tfpb", re.IGNORECASE)


def convention_tfpb(c: Contrat) -> Verdict:
    """CGI-2: the TFPB abatement conventions are annexed to the contract."""
    annexe = _document(c, "annexes", TFPB)
    if annexe is not None:
        return Verdict(SATISFAITE, "convention d'abattement annexée", ("annexes", annexe))
    return Verdict(MANQUANTE, "aucune convention d'utilisation de l'abattement de taxe foncière annexée", ("annexes",))


# --- art. 1, gender ------------------------------------------------------------------------

def objectifs_de_l_article_1(c: Contrat) -> Verdict:
    """L1-1: the axes mapped to the ten objectives of art. 1 I (each axe's ``objectifs_loi``):
    all ten served → satisfied; some → partial, naming those no axe serves."""
    if not c.avec_objectifs_loi:
        return Verdict(MANQUANTE, "aucune correspondance entre les axes et les 10 objectifs de l'article 1",
                       ("enjeux",))
    # The first axe that names its objectives: where the mapping is written (and prints, by a
    # chapter « inclure: objectifs_loi »).
    ici = next((*chemin, "objectifs_loi") for chemin, a in axes(c) if a.objectifs_loi)
    non_couverts = c.objectifs_loi_non_couverts()
    if not non_couverts:
        return Verdict(SATISFAITE, "les 10 objectifs de l'article 1 sont servis par des axes", ici)
    servis = "servi" if len(non_couverts) == 1 else "servis"
    return Verdict(PARTIELLE, ("objectif " if len(non_couverts) == 1 else "objectifs ")
                   + ", ".join(f"{n}°" for n in non_couverts) + f" {servis} par aucun axe", ici)


def _mention(c: Contrat, motif: str, quoi: str) -> Verdict:
    expr = re.compile(motif, re.IGNORECASE)
    for chemin, texte in textes_des_axes(c):
        if expr.search(texte):
            return Verdict(SATISFAITE, f"dans un axe : « {extrait(texte)} »", chemin)
    trouve = chercher(c, motif)
    if trouve:
        return Verdict(PARTIELLE, f"{quoi} dans le texte, dans aucun axe", trouve[0])
    return Verdict(MANQUANTE, f"{quoi} : aucune mention", ("enjeux",))


def egalite_femmes_hommes(c: Contrat) -> Verdict:
    """L1-2: égalité femmes-hommes (art. 1 I 10°), a transversal priority."""
    # The quoted text lets the reviewer judge: « la place et le rôle des femmes et jeunes filles »
    # in an axis is an objective of equality, « mur d'expression sur l'égalité » in a minute is not.
    return _mention(c, r"[ée]galit[ée] (?:entre )?(?:les )?(?:femmes?|hommes?)|femmes?.hommes?|hommes?.femmes?|"
                       r"droits des femmes|place (?:et le r[ôo]le )?des femmes", "égalité femmes-hommes")


def discriminations(c: Contrat) -> Verdict:
    """L1-3: the fight against discrimination (art. 1 I 10°)."""
    return _mention(c, r"discrimin", "lutte contre les discriminations")


def donnees_sexuees(c: Contrat) -> Verdict:
    """GEN-1: indicators by sex, or the reason why not (art. 1 II)."""
    if not c.indicateurs:
        return Verdict(MANQUANTE, "aucune fiche d'indicateur", ("indicateurs",))
    sexes = [i for i, x in enumerate(c.indicateurs) if x.par_sexe or x.sans_sexe]
    statut = SATISFAITE if 2 * len(sexes) >= len(c.indicateurs) else PARTIELLE if sexes else MANQUANTE
    sans = next((i for i in range(len(c.indicateurs)) if i not in sexes), 0)
    return Verdict(statut, f"{len(sexes)}/{len(c.indicateurs)} indicateurs sexués ou justifiés (au moins la moitié attendue)",
                   ("indicateurs", sans))


# --- Engagements Quartiers 2030 -----------------------------------------------------------

def priorites_limitees(c: Contrat) -> Verdict:
    """EQ-1: a limited number of priorities; a part per quartier when there are several."""
    n = len(c.enjeux)
    if not 1 <= n <= 6:
        return Verdict(MANQUANTE if n == 0 else PARTIELLE, f"{compte(n, 'enjeu', 'enjeux')} (un nombre limité est attendu)", ("enjeux",))
    if len(c.quartiers) > 1 and not (c.colonnes_enjeux and any("quartier" in k.code for k in c.colonnes_enjeux.colonnes)):
        return Verdict(PARTIELLE, f"{compte(n, 'enjeu', 'enjeux')}, {len(c.quartiers)} quartiers sans part propre à chacun", ("enjeux",))
    return Verdict(SATISFAITE, f"{compte(n, 'enjeu', 'enjeux')} pour {compte(len(c.quartiers), 'quartier')}", ("enjeux",))


def engagements_mesurables(c: Contrat) -> Verdict:
    """EQ-4: engagements « concrets et mesurables » by each signatory: an amount of its own in the
    table of means (``moyens``)."""
    chiffres = {x.organisation for x in (c.moyens.lignes if c.moyens else ())
                if _montant(x.droit_commun) or _montant(x.credits_specifiques)}
    if not chiffres:
        return Verdict(MANQUANTE, "aucun engagement chiffré par signataire", ("signataires",))
    sans = [s.organisation for s in c.signataires if s.organisation not in chiffres]
    if not sans:
        return Verdict(SATISFAITE, "chaque signataire a un engagement chiffré au tableau des moyens", ("moyens",))
    return Verdict(PARTIELLE, f"sans engagement chiffré : {', '.join(c.organisation(o).libelle for o in sans)}",
                   ("moyens",))


def reunion_annuelle(c: Contrat) -> Verdict:
    """EQ-5: an annual meeting reviewing the indicators."""
    trouve = chercher(c, r"annuel|une fois par an|chaque ann[ée]e", r"gouvernance|pilotage|[ée]valuation")
    if trouve:
        return Verdict(SATISFAITE, f"« {extrait(trouve[1])} »", trouve[0])
    return Verdict(MANQUANTE, "aucune réunion annuelle prévue", ("chapitres",))


def logo_quartiers_2030(c: Contrat) -> Verdict:
    """EQ-6: the « Quartiers 2030 » communication (the logo on the cover)."""
    if c.couverture.logo:
        # Its words, not its file: the table of conformity prints the detail in the contract.
        quoi = f"« {extrait(c.couverture.logo_alternative)} »" if c.couverture.logo_alternative else "un logo"
        return Verdict(SATISFAITE, f"en couverture, {quoi}", ("couverture", "logo"))
    if re.search(r"quartiers ?2030", f"{c.titre} {c.sous_titre} {c.intitule}", re.IGNORECASE):
        return Verdict(PARTIELLE, "« Quartiers 2030 » dans le titre, sans logo en couverture", ("sous_titre",))
    return Verdict(MANQUANTE, "pas de logo en couverture", ("couverture",))


def volet_participation(c: Contrat) -> Verdict:
    """EQ-7: a « volet participation citoyenne »."""
    i = _chapitre(c, r"participation|concertation|habitants")
    if i is not None:
        return Verdict(SATISFAITE, f"un chapitre lui est consacré : « {c.chapitres[i].titre} »", ("chapitres", i))
    trouve = chercher(c, r"participation (?:citoyenne|des habitants)|conseils? citoyens?")
    if trouve:
        return Verdict(PARTIELLE, "participation citée, sans volet propre", trouve[0])
    return Verdict(MANQUANTE, "aucun volet participation citoyenne", ("chapitres",))


def revoyure_2027(c: Contrat) -> Verdict:
    """EQ-8: the mid-term revoyure in 2027 (a phase boundary)."""
    bornes = {p.fin for p in c.periode.phases[:-1]}
    if 2027 in bornes:
        return Verdict(SATISFAITE, "une phase s'achève en 2027", ("periode", "phases"))
    return Verdict(MANQUANTE, "aucune phase ne s'achève en 2027", ("periode",))
