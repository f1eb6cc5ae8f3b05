"""What changed between two printed contracts, unit by unit.

Both sides are trees of ``imprime.Noeud``. Coded units are matched by identity (``cle``), never
by position, so a reordering is a move and a rewording is a modification; a unit removed from
one place and added at another with the same identity is a move between places. Prose has no
identity below the alinéa: alinéas are matched as a sequence of texts. Generated numbers are
compared apart (a renumbering is not a rewording).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from contrat.impression.arbre import DEPLACABLES, SEQUENCES, Noeud

Nature = Literal["ajout", "suppression", "modification", "deplacement", "numerotation"]
Chemin = tuple[str, ...]



@dataclass(frozen=True)
class Place:
    """A unit and its printed ancestors (outermost first), in one version of the contract."""

    noeud: Noeud
    ancetres: tuple[Noeud, ...]

    @property
    def chemin(self) -> Chemin:
        return tuple(n.cle for n in self.ancetres[1:]) + (self.noeud.cle,)

    @property
    def parent(self) -> Noeud:
        return self.ancetres[-1]


@dataclass(frozen=True)
class Ecart:
    """One change: ``avant`` is the unit in the signed text, ``apres`` in the amended one."""

    nature: Nature
    avant: Place | None = None
    apres: Place | None = None
    precedent: str | None = None
    """For additions and moves: key of the sibling it now follows in the amended text (None: first)."""
    rang: tuple[float, ...] = ()
    """Position in the amended document (the order of the articles)."""

    @property
    def noeud(self) -> Noeud:
        return (self.apres or self.place_avant).noeud

    @property
    def place_avant(self) -> Place:
        """The unit in the signed text (a change other than an addition has one)."""
        if self.avant is None:
            raise ValueError(f"{self.nature} sans unité dans le texte signé")
        return self.avant

    @property
    def place_apres(self) -> Place:
        """The unit in the amended text (a change other than a removal has one)."""
        if self.apres is None:
            raise ValueError(f"{self.nature} sans unité dans le texte modifié")
        return self.apres


def comparer(a: Noeud, b: Noeud) -> list[Ecart]:
    """Every change from ``a`` to ``b``, in the order of the amended document.

    The alinéas of ``b`` are re-keyed as they match ``a`` (kept ones take the signed key,
    inserted ones « +§n »), so that operations on ``a`` can name them."""
    ecarts: list[Ecart] = []
    _comparer(Place(a, ()), Place(b, ()), (), ecarts)
    ecarts = _deplacements_entre_places(ecarts)
    return sorted(ecarts, key=lambda e: e.rang)


def _comparer(pa: Place, pb: Place, rang: tuple[float, ...], ecarts: list[Ecart]) -> None:
    a, b = pa.noeud, pb.noeud
    if a.contenu() == b.contenu():
        return
    if (a.texte, a.empreinte) != (b.texte, b.empreinte):
        ecarts.append(Ecart("modification", pa, pb, rang=rang))
    if a.numero != b.numero:
        ecarts.append(Ecart("numerotation", pa, pb, rang=rang))
    if a.genre in SEQUENCES:
        _sequence(pa, pb, rang, ecarts)
    else:
        _enfants(pa, pb, rang, ecarts)


def _enfants(pa: Place, pb: Place, rang: tuple[float, ...], ecarts: list[Ecart]) -> None:
    a, b = pa.noeud, pb.noeud
    ancetres_a, ancetres_b = pa.ancetres + (a,), pb.ancetres + (b,)
    cles_a = [e.cle for e in a.enfants]
    cles_b = [e.cle for e in b.enfants]
    ensemble_a, ensemble_b = set(cles_a), set(cles_b)
    communes_a = [c for c in cles_a if c in ensemble_b]
    communes_b = [c for c in cles_b if c in ensemble_a]
    # Units outside the longest common subsequence changed place: a move, never delete + add.
    blocs = difflib.SequenceMatcher(None, communes_a, communes_b, autojunk=False).get_matching_blocks()
    fixes = {communes_b[bl.b + k] for bl in blocs for k in range(bl.size)}
    par_cle_a = {e.cle: e for e in a.enfants}
    for n, enfant in enumerate(b.enfants):
        ici = rang + (n,)
        precedent = cles_b[n - 1] if n else None
        place_b = Place(enfant, ancetres_b)
        if enfant.cle not in par_cle_a:
            ecarts.append(Ecart("ajout", None, place_b, precedent, ici))
            continue
        place_a = Place(par_cle_a[enfant.cle], ancetres_a)
        if enfant.cle not in fixes:
            ecarts.append(Ecart("deplacement", place_a, place_b, precedent, ici))
        _comparer(place_a, place_b, ici, ecarts)
    for k, enfant in enumerate(a.enfants):
        if enfant.cle not in ensemble_b:
            ecarts.append(Ecart("suppression", Place(enfant, ancetres_a), None, rang=rang + (_rang_suppression(a, b, k),)))


def _rang_suppression(a: Noeud, b: Noeud, k: int) -> float:
    """Where a removed unit stood, in the amended siblings' order: just after its kept predecessor."""
    cles_b = [e.cle for e in b.enfants]
    for precedent in reversed(a.enfants[:k]):
        if precedent.cle in cles_b:
            return cles_b.index(precedent.cle) + 0.5
    return -0.5


def _signature(n: Noeud) -> tuple[object, ...]:
    """What a unit of a sequence is recognised by: its content, not its rank nor its number."""
    return (n.genre, n.texte, n.empreinte, tuple(e.contenu() for e in n.enfants))


def _sequence(pa: Place, pb: Place, rang: tuple[float, ...], ecarts: list[Ecart]) -> None:
    """Units without codes matched by content. A kept or rewritten unit takes the signed key; an
    inserted one gets a key of its own (« +§n »), so that a later insertion can follow it."""
    a, b = pa.noeud, pb.noeud
    ancetres_a, ancetres_b = pa.ancetres + (a,), pb.ancetres + (b,)
    cles_b: list[str] = []
    operations = difflib.SequenceMatcher(None, [_signature(e) for e in a.enfants], [_signature(e) for e in b.enfants],
                                         autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in operations:
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            if i < i2 and j < j2 and a.enfants[i].genre != b.enfants[j].genre:
                # An alinéa replaced by a heading (or a row by a line): removed, then inserted.
                ecarts.append(Ecart("suppression", Place(a.enfants[i], ancetres_a), None, rang=rang + (j - 0.5,)))
                apres = _recle(b.enfants[j], f"+§{j + 1}")
                ecarts.append(Ecart("ajout", None, Place(apres, ancetres_b), cles_b[-1] if cles_b else None,
                                    rang + (j,)))
                cles_b.append(apres.cle)
            elif op == "equal" or (i < i2 and j < j2):
                apres = _recle(b.enfants[j], a.enfants[i].cle)
                cles_b.append(apres.cle)
                _comparer(Place(a.enfants[i], ancetres_a), Place(apres, ancetres_b), rang + (j,), ecarts)
            elif j < j2:
                apres = _recle(b.enfants[j], f"+§{j + 1}")
                ecarts.append(Ecart("ajout", None, Place(apres, ancetres_b), cles_b[-1] if cles_b else None,
                                    rang + (j,)))
                cles_b.append(apres.cle)
            else:
                ecarts.append(Ecart("suppression", Place(a.enfants[i], ancetres_a), None,
                                    rang=rang + (j1 - 0.5,)))


def _recle(n: Noeud, cle: str) -> Noeud:
    """Give an amended alinéa the key it is designated by (the amended tree is the diff's own)."""
    n.cle = cle
    return n


def _deplacements_entre_places(ecarts: list[Ecart]) -> list[Ecart]:
    """A unit removed from one place and added to another with the same identity is moved,
    also when the place it left is itself removed (« the objectives of the removed axis are taken
    over by ... »). Prose alinéas have no identity and are never matched this way."""
    retires: dict[tuple[str, str], Place] = {}
    for e in ecarts:
        if e.nature == "suppression" and e.avant is not None:
            for place in descendants(e.avant):
                if place.noeud.genre in DEPLACABLES and place.parent.genre not in SEQUENCES:
                    retires.setdefault((place.noeud.genre, place.noeud.cle), place)
    resultat: list[Ecart] = []
    deplaces: set[int] = set()
    for e in ecarts:
        cle = (e.noeud.genre, e.noeud.cle)
        if e.nature == "ajout" and e.apres is not None and e.noeud.genre in DEPLACABLES \
                and e.apres.parent.genre not in SEQUENCES and cle in retires:
            avant = retires.pop(cle)
            deplaces.add(id(avant.noeud))
            resultat.append(Ecart("deplacement", avant, e.apres, e.precedent, e.rang))
            _comparer(avant, e.apres, e.rang, resultat)
            continue
        resultat.append(e)
    # A removed unit all of whose content moved elsewhere is still removed (its own line goes).
    return [e for e in resultat if not (e.nature == "suppression" and e.avant is not None
                                        and id(e.avant.noeud) in deplaces)]


def descendants(place: Place) -> list[Place]:
    """The unit and every unit inside it, with their places, in document order."""
    resultat = [place]
    ancetres = place.ancetres + (place.noeud,)
    for e in place.noeud.enfants:
        resultat.extend(descendants(Place(e, ancetres)))
    return resultat
