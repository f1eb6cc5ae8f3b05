"""Structure of the contract: every axis has evaluation criteria, no empty required cell, structured blocks placed once."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.controles.registres import l_organisation, organisation_absente, signe_sans_genre, suggestion
from contrat.controles.traduction import plus_proche
from contrat.impression.unites import cellule_axe, colonnes_des_enjeux, exemplaires_originaux, genre_qualite
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Axe, ColonneEnjeu, Contrat, Element, ObjectifOperationnel, Partenaire, Signataire
from contrat.modele.textes import rangees


def regle_criteres_evaluation(c: Contrat) -> Iterator[Constat]:
    """Every axis has at least one evaluation criterion (the rule CI runs on pull requests): the
    enjeux tables have that column, whatever the others."""
    if c.colonnes_enjeux and c.colonnes_enjeux.colonne("criteres_evaluation") is None:
        yield erreur(("colonnes_enjeux", "colonnes"), "la colonne « criteres_evaluation » (critères d'évaluation) est "
                                                      "obligatoire dans les tableaux des enjeux d'un contrat de ville")
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for ici, r in rangees(i, j, a):
                if not r.criteres_evaluation and "criteres_evaluation" not in _colonnes_mal_ecrites(c, r):
                    quoi = f"l'axe « {a.titre} »" if r is a else f"l'objectif opérationnel « {r.titre} » de l'axe « {a.titre} »"
                    yield erreur(ici + ("criteres_evaluation",),
                                 f"{quoi} de l'enjeu {i + 1} n'a aucun critère d'évaluation : "
                                 "chaque axe de travail doit en avoir au moins un")


NOMS_CELLULES = {"objectifs": "objectif général", "partenaires": "partenaire associé", "leviers": "levier"}


def regle_cellules_vides(c: Contrat) -> Iterator[Constat]:
    """Every cell of the enjeux tables is filled unless its column is « facultative »; an axe
    writes only the columns the contract declares, each with items of its nature."""
    colonnes = colonnes_des_enjeux(c)
    declarees = {k.code: k for k in colonnes}
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for ici, r in rangees(i, j, a):
                yield from _rangee(c, ici, a, r, colonnes, declarees)


def _rangee(c: Contrat, ici: Chemin, a: Axe, r: Axe | ObjectifOperationnel, colonnes: tuple[ColonneEnjeu, ...],
            declarees: dict[str, ColonneEnjeu]) -> Iterator[Constat]:
    """One row of an enjeu's table: its cells filled, its keys declared columns of their nature."""
    quoi = f"l'axe « {a.titre} »" if r is a else f"l'objectif opérationnel « {r.titre} »"
    mal_ecrites = _colonnes_mal_ecrites(c, r)
    for colonne in colonnes:
        if colonne.code == "criteres_evaluation" or colonne.facultative or cellule_axe(c, r, colonne) \
                or colonne.code in mal_ecrites:  # the mistyped key is reported instead
            continue
        nom = NOMS_CELLULES.get(colonne.code, f"élément dans la colonne « {colonne.libelle} »")
        yield erreur(ici + (colonne.code,), f"cellule vide : {quoi} n'a aucun {nom} (une colonne peut être "
                                            "déclarée « facultative: oui »)")
    ecrites = [k for k in ("objectifs", "partenaires", "leviers") if getattr(r, k)] + list(r.autres)
    for cle in ecrites:
        if cle not in declarees:
            yield erreur(ici + (cle,), f"colonne « {cle} » absente de colonnes_enjeux{suggestion(cle, set(declarees))}")
    for cle, items in r.autres.items():
        declaree = declarees.get(cle)
        attendu = Partenaire if declaree is not None and declaree.nature == "partenaires" else Element
        for k, item in enumerate(items):
            if declaree is not None and not isinstance(item, attendu):
                yield erreur(ici + (cle, k), "un partenaire (code du registre des organisations) est attendu"
                             if attendu is Partenaire else "un élément « {code, texte} » est attendu")


def regle_objectifs_operationnels(c: Contrat) -> Iterator[Constat]:
    """With a column of objectifs opérationnels (``colonnes_enjeux.sous_axe``), every axe has some
    and its cells are theirs; without it, no axe has any."""
    sous_axe = c.avec_objectifs_operationnels
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            axe = ("enjeux", i, "axes", j)
            propres = [k for k in ("objectifs", "partenaires", "leviers", "criteres_evaluation") if getattr(a, k)]
            if sous_axe and not a.objectifs_operationnels:
                yield erreur(axe, f"l'axe « {a.titre} » n'a aucun objectif opérationnel (objectifs_operationnels), "
                                  "ce que colonnes_enjeux.sous_axe demande")
            elif sous_axe and (propres or a.autres):
                yield erreur(axe + ((propres or list(a.autres))[0],), f"l'axe « {a.titre} » a des objectifs "
                             "opérationnels : ses cellules s'écrivent dans chacun d'eux")
            if not sous_axe and a.objectifs_operationnels:
                yield erreur(axe + ("objectifs_operationnels",), "des objectifs opérationnels demandent l'en-tête de "
                                                                 "leur colonne : colonnes_enjeux.sous_axe")


def _colonnes_mal_ecrites(c: Contrat, a: Axe | ObjectifOperationnel) -> set[str]:
    """The declared columns an axe seems to write under a mistyped key (« criteres_evaluatoin »)."""
    declarees = sorted(k.code for k in colonnes_des_enjeux(c))
    return {proche for cle in a.autres if cle not in declarees and (proche := plus_proche(cle, declarees))}


def regle_piliers(c: Contrat) -> Iterator[Constat]:
    """With piliers, each enjeu names one of them and each holds an enjeu; without, none does."""
    codes = [p.code for p in c.piliers]
    for i, e in enumerate(c.enjeux):
        if c.piliers and e.pilier not in codes:
            yield erreur(("enjeux", i, "pilier") if e.pilier else ("enjeux", i),
                         f"pilier « {e.pilier} » inconnu (piliers : {', '.join(codes)})"
                         + (f" : vouliez-vous « {proche} » ?" if (proche := plus_proche(e.pilier, codes)) else "")
                         if e.pilier
                         else f"l'enjeu « {e.titre} » ne dit pas à quel pilier il appartient (« pilier: … »)")
        if not c.piliers and e.pilier:
            yield erreur(("enjeux", i, "pilier"), f"pilier « {e.pilier} » : le contrat ne déclare aucun pilier")
    for n, p in enumerate(c.piliers):
        if not any(e.pilier == p.code for e in c.enjeux):
            yield avertissement(("piliers", n), f"le pilier « {p.titre} » ne regroupe aucun enjeu : il ne sera pas imprimé")


def regle_chapitres(c: Contrat) -> Iterator[Constat]:
    """Structured blocks are placed once, and exist when placed. The indicator sheets need no
    chapter (the annual report reads them); a contract that prints its evaluation grid has one. Nor
    does the axes' mapping to the objectives of the law (the conformity review reads it); its table
    prints whatever the axes say (an objective no axe serves, said so)."""
    for bloc, present in (("chiffres_cles", c.chiffres_cles is not None), ("enjeux", bool(c.enjeux)),
                          ("indicateurs", bool(c.indicateurs)), ("objectifs_loi", True), ("conformite", True),
                          ("moyens", c.moyens is not None), ("evaluation", c.evaluation is not None),
                          ("participation", c.participation is not None)):
        places = [n for n, ch in enumerate(c.chapitres) if ch.inclure == bloc]
        if len(places) > 1:
            yield erreur(("chapitres", places[1], "inclure"), f"« {bloc} » est déjà inclus dans un autre chapitre")
        if places and not present:
            yield erreur(("chapitres", places[0], "inclure"), f"« {bloc} » est inclus mais absent des sources")
        if present and not places and bloc not in ("indicateurs", "objectifs_loi", "conformite"):
            yield avertissement(("chapitres",), f"« {bloc} » est défini mais aucun chapitre ne l'inclut")
    if c.enjeux and c.colonnes_enjeux is None:
        yield erreur(("enjeux",), "les en-têtes des tableaux d'enjeux (colonnes_enjeux) sont absents")


def regle_page_des_signatures(c: Contrat) -> Iterator[Constat]:
    """With groups of signatories, each signatory is in one (else the page would leave it out) and
    each group has one (else it would not print); the page is placed before a chapter that exists;
    the organisations a signatory also signs for exist, once; the originals are enough."""
    groupes = [g.code for g in c.groupes_signataires]
    for n, s in enumerate(c.signataires):
        if groupes and s.groupe not in groupes:
            yield erreur(("signataires", n, "groupe") if s.groupe else ("signataires", n),
                         f"groupe « {s.groupe} » inconnu (groupes_signataires : {', '.join(groupes)})" if s.groupe
                         else f"le signataire « {s.qualite} » n'est dans aucun groupe de groupes_signataires "
                              "(« groupe: … »)")
        if not groupes and s.groupe:
            yield erreur(("signataires", n, "groupe"), f"groupe « {s.groupe} » : le contrat ne déclare aucun "
                                                       "groupes_signataires")
        yield from _aussi_pour(c, n, s)
    for n, g in enumerate(c.groupes_signataires):
        if not any(s.groupe == g.code for s in c.signataires):
            yield avertissement(("groupes_signataires", n), "ce groupe n'a aucun signataire : son titre ne sera pas "
                                                            "imprimé")
    chapitres = [ch.code for ch in c.chapitres]
    if c.signature.avant and c.signature.avant not in chapitres:
        yield erreur(("signature", "avant"), f"chapitre « {c.signature.avant} » inconnu (chapitres : "
                                             f"{', '.join(chapitres)})")
    yield from _exemplaires(c)


def _aussi_pour(c: Contrat, n: int, s: Signataire) -> Iterator[Constat]:
    """The further organisations of one signatory: in the registry, each named once, with a
    gender (for « représentées par »); a delegate's agreement known."""
    genres = {o.code: o.genre for o in c.organisations}
    for k, code in enumerate(s.aussi_pour):
        ici = ("signataires", n, "aussi_pour", k)
        if code not in genres:
            yield erreur(ici, organisation_absente(code, set(genres)))
        elif code in s.organisations[:k + 1]:
            yield erreur(ici, f"{l_organisation(code)} est déjà nommée pour ce signataire")
        elif autre := next((x for x in c.signataires if x is not s and code in x.organisations), None):
            yield avertissement(ici, f"{l_organisation(code)} signe aussi par le signataire « {autre.code} » : "
                                     "deux blocs, deux originaux")
        elif genres[code] is None:
            yield avertissement(ici, f"{signe_sans_genre(code)} : « représenté(e)s par »")
    if s.delegue is not None and genre_qualite(s) is None:
        yield avertissement(("signataires", n, "delegue"),
                            f"la qualité « {s.qualite} » ne commence ni par « Le » ni par « La » : la page imprimera "
                            "« représenté(e) par » son délégué ; ajouter « genre: f » ou « genre: m » au signataire")


def _exemplaires(c: Contrat) -> Iterator[Constat]:
    """Fewer originals than signatory organisations: a warning, not an error. The number is
    transcribed from the signed contract (a fact the engine cannot refuse, and lawful when some
    parties keep a certified copy), but it is most often a number left from another contract."""
    declares = c.signature.exemplaires
    organisations = len({code for s in c.signataires for code in s.organisations})
    if declares is not None and declares < organisations:
        yield avertissement(("signature", "exemplaires"),
                            f"{exemplaires_originaux(declares)} pour {organisations} "
                            "organisations signataires : chacune en garde d'ordinaire un ; vérifier le nombre "
                            "inscrit au contrat signé")
