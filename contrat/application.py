"""The avenant's articles as operations on the printed signed contract, and their application.

Each article carries the structured operations it states (replace these words everywhere,
rewrite this unit, insert this unit after that one, move, remove, renumber). Applying them to
the printed signed contract must give the printed consolidated contract: that is what makes the
avenant complete. The applier knows nothing of how articles are worded.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Literal

from .imprime import Noeud, parcourir

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


def motif_mots(mots: str) -> re.Pattern[str]:
    """The words as whole words (never inside a longer word)."""
    return re.compile(rf"(?<!\w){re.escape(mots)}(?!\w)")


def appliquer(signe: Noeud, operations: list[Operation]) -> Noeud:
    """The signed printed contract with the operations applied."""
    arbre = copy.deepcopy(signe)
    parents = {id(e): n for n in parcourir(arbre) for e in n.enfants}
    cibles = {op.cible: _trouver(arbre, op.cible) for op in operations if op.cible}
    for op in operations:
        if op.type == "remplacer_mots":
            motif = motif_mots(op.ancien)
            for n in parcourir(arbre):
                n.texte = motif.sub(op.texte, n.texte)
    for op in operations:
        n = cibles.get(op.cible)
        if op.type == "modifier":
            n.texte, n.empreinte = op.texte, op.empreinte
        elif op.type == "renumeroter":
            n.numero = op.texte
        elif op.type == "remplacer":
            frere = parents[id(n)].enfants
            frere[frere.index(n)] = copy.deepcopy(op.noeud)
    deplaces = {op.cible: _detacher(cibles[op.cible], parents) for op in operations if op.type == "deplacer"}
    for op in operations:
        if op.type == "supprimer":
            _detacher(cibles[op.cible], parents)
    for op in operations:
        if op.type == "inserer":
            _inserer(_trouver(arbre, op.parent), copy.deepcopy(op.noeud), op.precedent)
        elif op.type == "deplacer":
            _inserer(_trouver(arbre, op.parent), deplaces[op.cible], op.precedent)
    return arbre


def _trouver(arbre: Noeud, chemin: Chemin) -> Noeud:
    n = arbre
    for cle in chemin:
        suivant = n.enfant(cle)
        if suivant is None:
            raise KeyError(f"{'/'.join(chemin)} : {cle} introuvable")
        n = suivant
    return n


def _detacher(n: Noeud, parents: dict[int, Noeud]) -> Noeud:
    parent = parents[id(n)]
    parent.enfants = [e for e in parent.enfants if e is not n]
    return n


def _inserer(parent: Noeud, n: Noeud, precedent: str | None) -> None:
    if precedent is None:
        parent.enfants.insert(0, n)
        return
    rang = next(i for i, e in enumerate(parent.enfants) if e.cle == precedent)
    parent.enfants.insert(rang + 1, n)


def empreinte_imprimee(n: Noeud) -> list[str]:
    """What a reader compares: every printed line, and the fingerprint of every joined PDF."""
    return [" ".join(x.ligne.split()) if not x.empreinte else f"[PDF {x.empreinte}]"
            for x in parcourir(n) if x.ligne.strip() or x.empreinte]
