"""The blocks a chapter includes for what the law asks a contract to state (loi n° 2014-173):
the objectives of art. 1 its axes serve, the means of its signatories (art. 6 IV 3°), its local
evaluation structure and engineering (IV 4° and 6°), its participation body (art. 7); and the
table of conformity, the contract against those texts (``contrat.conformite``). Each is a
table built like the evaluation grid's, so every writer already prints it; each is optional, and
a contract without them prints as before.
"""

from __future__ import annotations

from decimal import Decimal

from contrat.conformite.revue import (
    COUVERTURE,
    PAGE_DE_SIGNATURE,
    SIGNATURE,
    Jour,
    Ligne,
    decompte,
    jour_des_textes,
    nombre_de,
    ou_s_imprime,
    reviser,
)
from contrat.impression.arbre import PROPRIETES, Disposition, Genre, Noeud, Role
from contrat.impression.francais import majuscule, q
from contrat.impression.numerotation import intitule_chapitre, numeros_chapitres
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import OBJECTIFS_LOI, SOURCE_OBJECTIFS_LOI, Contrat
from contrat.modele.nombres import ecrire_nombre

TIRET = "—"
AUCUN_AXE = "aucun axe du contrat"


Cellule = tuple[str, Chemin]
"""A cell's text and its place in the sources (the checks that read the words read it there)."""
Rangee = tuple[str, str, tuple[Cellule, ...], Chemin]
"""A row of a block's table: its code, its title, its other cells, its place in the sources."""


def _tableau(code: str, nom: str, entetes: tuple[str, ...], largeurs: tuple[float, ...],
             lignes: list[Rangee]) -> Noeud:
    """A table: its header row, then a row per (code, title, other cells, place in the sources).
    Untitled, as the list of acronyms: the chapter's heading names it, and its headers say what
    the law asks (a title would add a heading to the document's outline)."""
    t = Noeud(Genre.TABLEAU, code, nom=nom, entetes=entetes,
              disposition=Disposition(largeurs, premiere_colonne=Role.TITRE_DE_LIGNE, espace_apres=True))
    t.enfants.append(Noeud(Genre.ENTETES, "entetes", nom=PROPRIETES[Genre.ENTETES].nom, feminin=True,
                           enfants=[Noeud(Genre.ENTETE, f"col{k}", x, nom=f"en-tête {q(x)}")
                                    for k, x in enumerate(entetes, start=1)]))
    for cle, intitule, cellules, source in lignes:
        ligne = Noeud(Genre.LIGNE, cle, intitule, nom=f"ligne {q(intitule)}", feminin=True, source=source)
        ligne.enfants.extend(Noeud(Genre.VALEUR, f"col{k}", texte or TIRET, nom=f"colonne {q(entetes[k - 1])}",
                                   feminin=True, source=ici if texte else ())
                             for k, (texte, ici) in enumerate(cellules, start=2))
        t.enfants.append(ligne)
    return t


# --- objectives of art. 1 -----------------------------------------------------------------

ENTETES_OBJECTIFS_LOI = (f"Objectifs de la loi ({SOURCE_OBJECTIFS_LOI})", "Axes du contrat qui le servent")


def objectif_imprime(n: int) -> str:
    """« 10° Concourir à l'égalité… »: the objective as art. 1 numbers it."""
    libelle = OBJECTIFS_LOI[n]
    return f"{n}° {libelle[0].upper()}{libelle[1:]}"


def objectifs_loi(c: Contrat) -> list[Noeud]:
    """The ten objectives of art. 1, each with the axes that serve it (or said served by none)."""
    places = {id(a): ("enjeux", i, "axes", j, "objectifs_loi")
              for i, e in enumerate(c.enjeux) for j, a in enumerate(e.axes)}
    lignes: list[Rangee] = []
    for n, axes in c.objectifs_loi_servis().items():
        texte = " ; ".join(a.titre for a in axes) or AUCUN_AXE
        source: Chemin = places[id(axes[0])] if axes else ()
        lignes.append((f"objectif-{n}", objectif_imprime(n), ((texte, source),), ()))
    return [_tableau("objectifs_loi", "tableau des objectifs de la loi", ENTETES_OBJECTIFS_LOI, (8.0, 9.0), lignes)]


# --- means --------------------------------------------------------------------------------

DROIT_COMMUN, CREDITS_SPECIFIQUES = "Droit commun", "Crédits spécifiques"
"""The two kinds of means (art. 6 IV 3°), one wording for the contract and the annual report."""
ENTETES_MOYENS = ("Signataire", DROIT_COMMUN, CREDITS_SPECIFIQUES, "Total", "Commentaire")
PERIODES_MOYENS = {"annuel": "€ par an", "contrat": "€ sur la durée du contrat"}
LIBELLE_TOTAL = "Total"


def montant(valeur: Decimal) -> str:
    """An amount in euros, French notation, thousands grouped (« 1 250 000 »)."""
    return ecrire_nombre(valeur, decimales=2)


def moyens(c: Contrat) -> list[Noeud]:
    """The table of means: a row per signatory, its droit commun, its specific credits and their
    sum, then the total of each column."""
    if c.moyens is None:
        return []
    libelles = {o.code: o.libelle for o in c.organisations}
    lignes: list[Rangee] = []
    for k, l in enumerate(c.moyens.lignes):
        dc, cs = l.droit_commun.valeur, l.credits_specifiques.valeur
        ici: Chemin = ("moyens", "lignes", k)
        lignes.append((l.organisation, libelles.get(l.organisation, l.organisation),
                       ((montant(dc), ()), (montant(cs), ()), (montant(dc + cs), ()),
                        (l.commentaire or "", (*ici, "commentaire"))), (*ici, "organisation")))
    dc_total = sum((l.droit_commun.valeur for l in c.moyens.lignes), Decimal(0))
    cs_total = sum((l.credits_specifiques.valeur for l in c.moyens.lignes), Decimal(0))
    lignes.append(("total", LIBELLE_TOTAL, ((montant(dc_total), ()), (montant(cs_total), ()),
                                            (montant(dc_total + cs_total), ()), ("", ())), ()))
    # The period in the amounts' headers: « Droit commun (€ par an) ».
    unite = PERIODES_MOYENS[c.moyens.periode]
    entetes = tuple(f"{x} ({unite})" if 0 < k < 4 else x for k, x in enumerate(ENTETES_MOYENS))
    return [_tableau("moyens", "tableau des moyens", entetes, (3.4, 2.6, 2.8, 2.6, 5.6), lignes)]


# --- evaluation and participation ----------------------------------------------------------

ENTETES_EVALUATION = ("Évaluation et ingénierie", "Ce que prévoit le contrat")
ENTETES_PARTICIPATION = ("Participation des habitants", "Ce que prévoit le contrat")
RUBRIQUES_EVALUATION = {"structure": "Structure locale d'évaluation", "pilote": "Pilote",
                        "donnees": "Transmission des données", "ingenierie": "Moyens d'ingénierie"}
RUBRIQUES_PARTICIPATION = {"instance": "Instance de participation", "composition": "Composition", "lieu": "Lieu",
                           "moyens": "Moyens", "formation": "Formation",
                           "au_comite_de_pilotage": "Au comité de pilotage"}


def _rubriques(code: str, entetes: tuple[str, str], valeurs: dict[str, str | None],
               libelles: dict[str, str]) -> Noeud:
    lignes: list[Rangee] = [(cle, libelles[cle], ((texte, (code, cle)),), ())
                            for cle, texte in valeurs.items() if texte]
    return _tableau(code, f"tableau {q(entetes[0])}", entetes, (4.5, 12.5), lignes)


def evaluation(c: Contrat) -> list[Noeud]:
    """The local evaluation structure, its leader, the data the signatories transmit, the engineering."""
    if c.evaluation is None:
        return []
    e = c.evaluation
    libelles = {o.code: o.libelle for o in c.organisations}
    pilote = libelles.get(e.pilote, e.pilote) if e.pilote else None
    valeurs = {"structure": e.structure, "pilote": pilote, "donnees": e.donnees, "ingenierie": e.ingenierie}
    return [_rubriques("evaluation", ENTETES_EVALUATION, valeurs, RUBRIQUES_EVALUATION)]


def participation(c: Contrat) -> list[Noeud]:
    """The participation body, its composition, place, means and training, and whether it sits
    in the steering committee."""
    if c.participation is None:
        return []
    p = c.participation
    siege = None if p.au_comite_de_pilotage is None else "oui" if p.au_comite_de_pilotage else "non"
    valeurs = {"instance": p.instance, "composition": p.composition, "lieu": p.lieu, "moyens": p.moyens,
               "formation": p.formation, "au_comite_de_pilotage": siege}
    return [_rubriques("participation", ENTETES_PARTICIPATION, valeurs, RUBRIQUES_PARTICIPATION)]


# --- the table of conformity --------------------------------------------------------------

ENTETES_CONFORMITE = ("Exigence", "Texte", "Appréciation", "Où dans le contrat")
LARGEURS_CONFORMITE = (5.6, 3.6, 4.8, 3.0)
PAGES_IMPRIMEES = {PAGE_DE_SIGNATURE: "Page des signatures", COUVERTURE: "Page de couverture"}


def conformite(c: Contrat) -> list[Noeud]:
    """The contract against the texts, as ``build.py conformite`` judges it, in printed terms: the
    day of the texts and the counts, then a row per requirement (its wording, its source, the
    appreciation, the chapter where it is met). The same review as the command's, never a copy."""
    jour = jour_des_textes(c)
    lignes = reviser(c, date=jour.quand)
    numeros = numeros_chapitres(c)
    # The table's words come from the chapter that includes it: the checks that read what prints
    # (acronyms, proper names) read them there.
    ici: Chemin = next((("chapitres", k, "inclure") for k, ch in enumerate(c.chapitres) if ch.inclure == "conformite"), ())
    rangees: list[Rangee] = []
    for x in lignes:
        appreciation = majuscule(x.statut) if x.statut == "à attester" else f"{majuscule(x.statut)} : {x.detail}"
        # A missing requirement is met nowhere: its place (where the rule looked) is the command's.
        ou = "" if x.statut == "manquante" else _ou(c, x.chemin, numeros)
        rangees.append((x.id, x.texte, ((x.source, ici), (appreciation, _attestation(c, x) or ici), (ou, ici)), ici))
    tableau = _tableau("conformite", "tableau de conformité", ENTETES_CONFORMITE, LARGEURS_CONFORMITE, rangees)
    for ligne in tableau.enfants[1:]:
        ligne.enfants[0].role, ligne.enfants[2].role = Role.TEXTE_DE_LOI, Role.RENVOI
    return [Noeud(Genre.ALINEA, "appreciation", _phrase_d_appreciation(lignes, jour),
                  nom="alinéa d'appréciation", source=ici), tableau]


def _phrase_d_appreciation(lignes: list[Ligne], jour: Jour) -> str:
    """« Le contrat est rapproché des textes en vigueur le 28/06/2024, date de sa signature. Sur 35
    exigences applicables : 15 satisfaites, 4 partielles… »"""
    signature = ", date de sa signature" if jour.origine == SIGNATURE else ""
    comptes = decompte(lignes)
    sans_objet = comptes.pop("sans objet")
    fin = f" ; {sans_objet} sans objet à cette date" if sans_objet else ""
    return (f"Le contrat est rapproché des {jour.textes}{signature}. Sur {len(lignes) - sans_objet} exigences "
            f"applicables : {', '.join(nombre_de(s, n) for s, n in comptes.items() if n)}{fin}.")


def _ou(c: Contrat, chemin: Chemin, numeros: list[int | None]) -> str:
    """The chapter where a requirement is met, as the sommaire names it (« II/ Evaluation »)."""
    ou = ou_s_imprime(c, chemin) if chemin else ""
    if isinstance(ou, int):
        return intitule_chapitre(numeros[ou], c.chapitres[ou].titre)
    return PAGES_IMPRIMEES.get(ou, "")


def _attestation(c: Contrat, x: Ligne) -> Chemin:
    """An attested row's appreciation is its attestation's words: the checks that read them place
    them there (and know the attesting person's name for a name)."""
    attestations = c.conformite.attestations if c.conformite else ()
    if x.statut != "attestée":
        return ()
    return next((("conformite", "attestations", k) for k, a in enumerate(attestations) if a.exigence == x.id), ())
