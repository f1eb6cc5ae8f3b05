"""The avenant's articles as operations on the printed signed contract, and their application.

Each article carries the structured operations it states (replace these words everywhere,
rewrite this unit, insert this unit after that one, move, remove, renumber). Applying them to
the printed signed contract must give the printed consolidated contract: that is what makes the
avenant complete. The applier knows nothing of how articles are worded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from contrat.impression.arbre import Noeud, parcourir

Chemin = tuple[str, ...]
Type = Literal["remplacer_mots", "modifier", "renumeroter", "remplacer", "supprimer", "deplacer", "inserer"]


@dataclass(frozen=True)
class Operation:
    type: Type
    cible: Chemin = ()
    """The unit in the signed text (all types but ``inserer`` and ``remplacer_mots``)."""
    parent: Chemin = ()
    """Where it goes in the amended text (``inserer``, ``deplacer``)."""
    precedent: str | None = None
    """The sibling it follows there (None: first)."""
    noeud: Noeud | None = None
    """New content (``inserer``, ``remplacer``)."""
    texte: str = ""
    """New text (``modifier``), new words (``remplacer_mots``), new number (``renumeroter``)."""
    ancien: str = ""
    """Words replaced (``remplacer_mots``)."""
    empreinte: str = ""
    nomme: str | None = None
    """The words the article names its target by, when they are not the signed text's (a unit an
    earlier article renamed, named as it then reads). None: the signed text's words."""


def motif_mots(mots: str) -> re.Pattern[str]:
    """The words as whole words (never inside a longer word)."""
    return re.compile(rf"(?<!\w){re.escape(mots)}(?!\w)")


def remplacer_mots(motif: re.Pattern[str], nouveau: str, texte: str) -> str:
    """``texte`` with the words ``motif`` finds replaced by ``nouveau``, taken literally (a
    backslash in the new words is not a group reference)."""
    return motif.sub(lambda _: nouveau, texte)


class ErreurApplication(Exception):
    """An operation designates a unit the text does not have (the articles are inconsistent)."""


def appliquer(signe: Noeud, operations: list[Operation]) -> Noeud:
    """The signed printed contract with the operations applied.

    Words replaced everywhere first; then units rewritten in place, moved units detached and
    removed units taken out (all designated in the signed text); then insertions and moves put
    in, each once its place and the unit it follows exist (an article may insert after a unit
    another article inserts)."""
    arbre = signe.copie()
    parents = {id(e): n for n in parcourir(arbre) for e in n.enfants}
    cibles = {op.cible: _exiger(arbre, op.cible) for op in operations if op.cible}
    _appliquer_sur(arbre, operations, cibles, parents)
    return arbre


def appliquer_dans_l_ordre(signe: Noeud, articles: list[list[Operation]], premier: int = 2) -> Noeud:
    """The articles read one after the other, as printed (the first is numbered ``premier``),
    each applied to the text the earlier ones left.

    The units an article designates (the one it rewrites, moves or removes, the one an insertion
    follows) must still be in that text and read as the article names them: an article that
    targets a unit an earlier article removed, or names it by words an earlier article replaced,
    contradicts that article (``ErreurApplication``, naming both). Units are followed by identity
    from the signed text, so a unit moved or rewritten by an earlier article is still found."""
    arbre = signe.copie()
    parents = {id(e): n for n in parcourir(arbre) for e in n.enfants}
    toutes = [op for ops in articles for op in ops]
    cibles = {op.cible: _exiger(arbre, op.cible) for op in toutes if op.cible}
    # The neighbours insertions follow, when the signed text has them (named as it names them).
    voisins = {op.parent + (op.precedent,): n for op in toutes if op.type in ("inserer", "deplacer")
               and op.precedent is not None and (n := _trouver(arbre, op.parent + (op.precedent,), exiger=False))}
    suivis = {**voisins, **cibles}
    textes_signes = {id(n): n.texte for n in suivis.values()}
    noms_signes = {id(n): (n.nom, n.feminin) for n in suivis.values()}
    auteurs: dict[int, tuple[int, str]] = {}
    """Who last changed a followed unit: (article number, « supprimé » or « renommé »)."""
    for rang, ops in enumerate(articles):
        numero = premier + rang
        presents = {id(n) for n in suivis.values() if _attache(n, arbre, parents)}
        for op in ops:
            for chemin, nomme, par_ses_mots in _designes(op):
                n = suivis.get(chemin)
                if n is None:
                    continue
                lu = nomme if nomme is not None else textes_signes[id(n)]
                if id(n) not in presents:
                    raise ErreurApplication(_contradiction(numero, n, noms_signes[id(n)], lu, auteurs.get(id(n)),
                                                           "supprimé"))
                if par_ses_mots and n.nom and n.texte != lu:
                    raise ErreurApplication(_contradiction(numero, n, noms_signes[id(n)], lu, auteurs.get(id(n)),
                                                           "renommé"))
        avant = {id(n): (n.texte, n.nom) for n in suivis.values()}
        try:
            _appliquer_sur(arbre, ops, cibles, parents)
        except ErreurApplication as exc:
            raise ErreurApplication(f"article {numero} : {exc}") from None
        restants = {id(n) for n in suivis.values() if _attache(n, arbre, parents)}
        for n in suivis.values():
            if id(n) in presents and id(n) not in restants:
                auteurs[id(n)] = (numero, "supprimé")
            elif avant[id(n)][0] != n.texte:
                auteurs[id(n)] = (numero, "renommé")
    return arbre


def _attache(n: Noeud, racine: Noeud, parents: dict[int, Noeud]) -> bool:
    """Is ``n`` still in the text (each unit up to the root still among its parent's)?"""
    while n is not racine:
        parent = parents.get(id(n))
        if parent is None or not any(e is n for e in parent.enfants):
            return False
        n = parent
    return True


def _designes(op: Operation) -> list[tuple[Chemin, str | None, bool]]:
    """The units an operation designates in the text it reads, with the words it names them by
    and whether it names them by those words: its target (by its words, but for a renumbering,
    which quotes the new number) and the unit an insertion or a move follows (which must still be
    there; the sentence may name the place instead, « est complétée par »)."""
    designes: list[tuple[Chemin, str | None, bool]] = []
    if op.cible:
        designes.append((op.cible, op.nomme, op.type != "renumeroter"))
    if op.type in ("inserer", "deplacer") and op.precedent is not None:
        designes.append((op.parent + (op.precedent,), None, False))
    return designes


def _contradiction(numero: int, n: Noeud, signe: tuple[str, bool], lu: str, auteur: tuple[int, str] | None,
                   defaut: str) -> str:
    """« l'article 4 vise la ligne « DDT », que l'article 2 a renommée (elle se lit désormais « DDTM ») »:
    the unit named as the article names it (its words ``lu``), or by its kind and signed name."""
    nom, feminin = signe
    if not nom:
        nom, feminin = n.proprietes.nom, n.proprietes.feminin
        nom = f"{nom} « {lu} »" if lu else nom
    elif lu:
        nom = re.sub(r"«[^«»]*»$", lambda _: f"« {lu} »", nom)
    article_, etat = (f"l'article {auteur[0]}", auteur[1]) if auteur else ("un article précédent", defaut)
    lecture = f" ({'elle' if feminin else 'il'} se lit désormais « {n.texte} »)" if etat == "renommé" else ""
    return (f"l'article {numero} vise {'la' if feminin else 'le'} {nom}, que {article_} a "
            f"{etat}{'e' if feminin else ''}{lecture}")


def _appliquer_sur(arbre: Noeud, operations: list[Operation], cibles: dict[Chemin, Noeud],
                   parents: dict[int, Noeud]) -> None:
    """The operations applied in place (see ``appliquer``); ``cibles`` holds their targets,
    ``parents`` each unit's parent (both kept up to date for the next operations)."""
    for op in operations:
        if op.type == "remplacer_mots":
            motif = motif_mots(op.ancien)
            for n in parcourir(arbre):
                n.texte = remplacer_mots(motif, op.texte, n.texte)
    for op in operations:
        cible = cibles.get(op.cible)
        if cible is None:
            continue
        if op.type == "modifier":
            cible.texte, cible.empreinte = op.texte, op.empreinte
        elif op.type == "renumeroter":
            cible.numero = op.texte
        elif op.type == "remplacer":
            # In place: the unit keeps its identity for the other operations (a row moved and rewritten).
            if op.noeud is None:
                raise ErreurApplication("remplacement sans contenu")
            cible.__dict__.update(op.noeud.copie().__dict__)
            parents.update({id(e): x for x in parcourir(cible) for e in x.enfants})
    deplaces = {op.cible: _detacher(cibles[op.cible], parents) for op in operations if op.type == "deplacer"}
    for op in operations:
        if op.type == "supprimer":
            _detacher(cibles[op.cible], parents)
    attente = [op for op in operations if op.type in ("inserer", "deplacer")]
    while attente:
        restants = []
        for op in attente:
            parent = _trouver(arbre, op.parent, exiger=False)
            voisin = parent.enfant(op.precedent) if parent is not None and op.precedent is not None else None
            if parent is None or (op.precedent is not None and voisin is None):
                restants.append(op)
                continue
            if op.type == "inserer":
                unite = op.noeud.copie() if op.noeud is not None else None
            else:
                unite = deplaces[op.cible]
            if unite is None:
                raise ErreurApplication("insertion sans contenu")
            parent.enfants.insert(0 if voisin is None else parent.enfants.index(voisin) + 1, unite)
            parents[id(unite)] = parent
            parents.update({id(e): x for x in parcourir(unite) for e in x.enfants})
        if len(restants) == len(attente):
            raise ErreurApplication(f"{len(restants)} insertion(s) sans place : {'/'.join(restants[0].parent)} "
                                    f"après « {restants[0].precedent} »")
        attente = restants


def _exiger(arbre: Noeud, chemin: Chemin) -> Noeud:
    trouve = _trouver(arbre, chemin)
    assert trouve is not None  # _trouver raises when required
    return trouve


def _trouver(arbre: Noeud, chemin: Chemin, exiger: bool = True) -> Noeud | None:
    n = arbre
    for cle in chemin:
        suivant = n.enfant(cle)
        if suivant is None:
            if exiger:
                raise ErreurApplication(f"{'/'.join(chemin)} : pas d'unité « {cle} »")
            return None
        n = suivant
    return n


def _detacher(n: Noeud, parents: dict[int, Noeud]) -> Noeud:
    parent = parents[id(n)]
    parent.enfants = [e for e in parent.enfants if e is not n]
    return n


def empreinte_imprimee(n: Noeud) -> list[tuple[int, str, str, str, str]]:
    """What is compared: every printed line with its depth, kind and identity, and the
    fingerprint of every joined PDF (a line in the right words but the wrong place differs)."""
    resultat: list[tuple[int, str, str, str, str]] = []

    def parcours(x: Noeud, profondeur: int) -> None:
        if x.ligne.strip() or x.empreinte:
            resultat.append((profondeur, x.genre, x.cle, " ".join(x.ligne.split()), x.empreinte))
        for e in x.enfants:
            parcours(e, profondeur + 1)

    parcours(n, 0)
    return resultat
