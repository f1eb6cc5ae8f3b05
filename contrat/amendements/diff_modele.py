"""Semantic diff of two versions of a contract, and its application.

Works on the model's plain data (``model_dump``), so it covers every part of the contract
generically: lists of coded items are matched by ``code`` (never by position), which makes a
reordering a move and a rewording a modification; prose is compared alinéa by alinéa.
``appliquer(a, diff(a, b)) == b`` is the property that makes an avenant trustworthy.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from typing import Any, Literal

from contrat.modele.contrat import Contrat

Nature = Literal["ajout", "suppression", "modification", "deplacement"]
Cle = str | int
# Parts that are registries or bookkeeping, not clauses of the contract.
HORS_CONTRAT = {"organisations", "sigles", "non_sigles", "noms_propres", "avenants"}


@dataclass(frozen=True)
class Changement:
    """One change between two versions, located by a path of keys and codes."""

    nature: Nature
    chemin: tuple[Cle, ...]
    """Path in the data: field names and ``code:xxx`` for coded list items."""
    ancien: Any = None
    nouveau: Any = None
    apres: str | None = None
    """For additions and moves: code of the item it now follows (None: first)."""
    depuis: tuple[Cle, ...] | None = None
    """For moves between lists: where the item was."""
    alineas: tuple[tuple[str, int, int, str, str], ...] = field(default=())
    """For prose: (operation, old index, new index, old text, new text) per alinéa."""

    @property
    def registre(self) -> bool:
        return bool(self.chemin) and self.chemin[0] in HORS_CONTRAT


def donnees(contrat: Contrat) -> dict[str, Any]:
    """The contract as plain data, without source positions (they are not content)."""
    donnees_: dict[str, Any] = _sans_positions(contrat.model_dump(mode="json"))
    return donnees_


def _sans_positions(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        resultat = {k: _sans_positions(v) for k, v in valeur.items() if k != "ligne"}
        if _est_prose(valeur):
            resultat.pop("fichier", None)
        return resultat
    if isinstance(valeur, list):
        return [_sans_positions(v) for v in valeur]
    return valeur


def diff(a: Contrat, b: Contrat) -> list[Changement]:
    """Every change from ``a`` to ``b``, in document order."""
    changements = _comparer(donnees(a), donnees(b), ())
    return _deplacements_entre_listes(changements)


# --- comparison ------------------------------------------------------------------------


def cle_element(element: Any) -> str | None:
    """Identity of a list item: its code, or the organisations it names (partners)."""
    if isinstance(element, dict):
        if isinstance(element.get("code"), str):
            return f"code:{element['code']}"
        if isinstance(element.get("sigle"), str):
            return f"code:{element['sigle']}"
        if isinstance(element.get("ref"), list):
            return "ref:" + "+".join(element["ref"])
    return None


def _est_prose(valeur: Any) -> bool:
    return isinstance(valeur, dict) and "blocs" in valeur and set(valeur) <= {"blocs", "fichier"}


def _est_nombre(valeur: Any) -> bool:
    return isinstance(valeur, dict) and set(valeur) == {"valeur", "ecrit"}


def _comparer(a: Any, b: Any, chemin: tuple[Cle, ...]) -> list[Changement]:
    if a == b:
        return []
    if _est_prose(a) and _est_prose(b):
        return [_prose(a, b, chemin)]
    if _est_nombre(a) or _est_nombre(b):
        # A figure is one value: its exact value and its written form change together.
        return [Changement("modification", chemin, ancien=a, nouveau=b)]
    if isinstance(a, dict) and isinstance(b, dict):
        changements: list[Changement] = []
        for k in list(a) + [k for k in b if k not in a]:
            if a.get(k) == b.get(k):
                continue
            if k not in b or b[k] is None:
                changements.append(Changement("suppression", chemin + (k,), ancien=a[k]))
            elif k not in a or a[k] is None:
                changements.append(Changement("ajout", chemin + (k,), nouveau=b[k]))
            else:
                changements.extend(_comparer(a[k], b[k], chemin + (k,)))
        return changements
    if isinstance(a, list) and isinstance(b, list) and a and b and all(cle_element(x) for x in a + b):
        return _liste(a, b, chemin)
    return [Changement("modification", chemin, ancien=a, nouveau=b)]


def _liste(a: list[Any], b: list[Any], chemin: tuple[Cle, ...]) -> list[Changement]:
    # Every item has a key here (the caller checked): keys are strings.
    cles_a, cles_b = [str(cle_element(x)) for x in a], [str(cle_element(x)) for x in b]
    par_cle_a = dict(zip(cles_a, a))
    communes_b = [c for c in cles_b if c in par_cle_a]
    communes_a = [c for c in cles_a if c in set(cles_b)]
    # Items outside the longest common subsequence changed place: a move, never delete + add.
    appariement = difflib.SequenceMatcher(None, communes_a, communes_b, autojunk=False)
    fixes = {communes_b[j + k] for bloc in appariement.get_matching_blocks() for j, k in
             [(bloc.b, i) for i in range(bloc.size)]}
    changements: list[Changement] = []
    for n, (cle, element) in enumerate(zip(cles_b, b)):
        precedent = cles_b[n - 1] if n else None
        if cle not in par_cle_a:
            changements.append(Changement("ajout", chemin + (cle,), nouveau=element, apres=precedent))
            continue
        if cle not in fixes:
            changements.append(Changement("deplacement", chemin + (cle,), ancien=par_cle_a[cle], nouveau=element,
                                          apres=precedent))
        changements.extend(_comparer(par_cle_a[cle], element, chemin + (cle,)))
    for cle, element in zip(cles_a, a):
        if cle not in set(cles_b):
            changements.append(Changement("suppression", chemin + (cle,), ancien=element))
    return changements


def unites(prose: dict[str, Any]) -> list[tuple[str, str]]:
    """The prose as legal units: (« titre » or « alinea », text). Each paragraph and each list
    item is an alinéa, as the Guide de légistique counts them; headings are not."""
    resultat: list[tuple[str, str]] = []

    def segments(x: dict[str, Any]) -> str:
        return "".join(s["texte"] for s in x.get("segments", []))

    def liste(lst: dict[str, Any]) -> None:
        for element in lst["elements"]:
            resultat.append(("alinea", segments(element)))
            if element.get("sous_liste"):
                liste(element["sous_liste"])

    for bloc in prose["blocs"]:
        if bloc["type"] == "liste":
            liste(bloc)
        elif bloc["type"] == "citation":
            resultat.extend(("alinea", segments(p)) for p in bloc["blocs"])
        else:
            resultat.append(("titre" if bloc["type"] == "titre" else "alinea", segments(bloc)))
    return resultat


def _prose(a: dict[str, Any], b: dict[str, Any], chemin: tuple[Cle, ...]) -> Changement:
    """A prose change, detailed alinéa by alinéa (the unit legal drafting refers to).

    ``alineas`` holds (nature, n° of the alinéa in the old text, n° in the new text, old, new),
    numbers counted from 1 over alinéas only; for an insertion, the old number is the alinéa
    it follows (0: at the start)."""
    ua, ub = unites(a), unites(b)
    rang_a = _rangs(ua)
    rang_b = _rangs(ub)
    alineas: list[tuple[str, int, int, str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ua, ub, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            vieux = ua[i][1] if i < i2 else ""
            neuf = ub[j][1] if j < j2 else ""
            nature = "modification" if i < i2 and j < j2 else ("suppression" if i < i2 else "ajout")
            avant = rang_a[i] if i < i2 else (rang_a[i2 - 1] if i2 > 0 else 0)
            alineas.append((nature, avant, rang_b[j] if j < j2 else 0, vieux, neuf))
    return Changement("modification", chemin, ancien=a, nouveau=b, alineas=tuple(alineas))


def _rangs(unites_: list[tuple[str, str]]) -> list[int]:
    """Alinéa number of each unit (a heading gets the number of the alinéa before it)."""
    rangs, n = [], 0
    for nature, _ in unites_:
        if nature == "alinea":
            n += 1
        rangs.append(n)
    return rangs


def _deplacements_entre_listes(changements: list[Changement]) -> list[Changement]:
    """An item removed from one list and added to another (same code, same kind of list) is a
    move between parents, also when the list it left is itself removed (« les objectifs de
    l'axe supprimé sont repris dans l'axe ... »)."""
    retires: dict[tuple[Cle, Cle], tuple[Cle, ...]] = {}
    for c in changements:
        if c.nature == "suppression" and len(c.chemin) > 1:
            retires[(c.chemin[-1], c.chemin[-2])] = c.chemin
            for chemin_enfant in _elements_codes(c.ancien, c.chemin):
                retires.setdefault((chemin_enfant[-1], chemin_enfant[-2]), chemin_enfant)
    resultat: list[Changement] = []
    consommes: set[tuple[Cle, ...]] = set()
    for c in changements:
        cle = (c.chemin[-1], c.chemin[-2]) if c.nature == "ajout" and len(c.chemin) > 1 else None
        if cle in retires and isinstance(cle[0], str) and cle[0].startswith("code:"):
            depuis = retires[cle]
            consommes.add(depuis)
            resultat.append(Changement("deplacement", c.chemin, ancien=_parent_donnees(changements, depuis),
                                       nouveau=c.nouveau, apres=c.apres, depuis=depuis))
            continue
        resultat.append(c)
    return [c for c in resultat if not (c.nature == "suppression" and c.chemin in consommes)]


def _elements_codes(valeur: Any, chemin: tuple[Cle, ...]) -> list[tuple[Cle, ...]]:
    """Paths of the coded items nested in ``valeur``."""
    trouves: list[tuple[Cle, ...]] = []
    if isinstance(valeur, dict):
        for k, v in valeur.items():
            if isinstance(v, list):
                for x in v:
                    code = cle_element(x)
                    if code:
                        trouves.append(chemin + (k, code))
                        trouves.extend(_elements_codes(x, chemin + (k, code)))
    return trouves


def _parent_donnees(changements: list[Changement], chemin: tuple[Cle, ...]) -> Any:
    """The old value of a removed item, possibly nested in a removed parent."""
    for c in changements:
        if c.nature == "suppression" and chemin[:len(c.chemin)] == c.chemin:
            valeur = c.ancien
            for cle in chemin[len(c.chemin):]:
                valeur = _enfant(valeur, cle)
            return valeur
    return None


# --- application -----------------------------------------------------------------------


def appliquer(contrat: Contrat, changements: list[Changement]) -> Contrat:
    """The contract with the changes applied: what the avenant's articles do to the signed text.

    Changes are applied in the order ``diff`` gives them: additions and moves in the final
    order of their list, each placed after its final predecessor; removals after.
    """
    data = donnees(contrat)
    for c in changements:
        if c.nature == "deplacement":
            _retirer(data, c.depuis or c.chemin)
            _inserer(data, c.chemin, copy.deepcopy(c.nouveau), c.apres)
        elif c.nature == "ajout":
            _inserer(data, c.chemin, copy.deepcopy(c.nouveau), c.apres)
        elif c.nature == "modification":
            _poser(data, c.chemin, copy.deepcopy(c.nouveau))
        else:
            _retirer(data, c.chemin)
    return Contrat.model_validate(data)


def _parent(data: Any, chemin: tuple[Cle, ...]) -> Any:
    noeud = data
    for cle in chemin:
        noeud = _enfant(noeud, cle)
    return noeud


def _enfant(noeud: Any, cle: Cle) -> Any:
    if isinstance(noeud, list):
        return next(x for x in noeud if cle_element(x) == cle)
    return noeud[cle]


def _poser(data: Any, chemin: tuple[Cle, ...], valeur: Any) -> None:
    parent = _parent(data, chemin[:-1])
    if isinstance(parent, list):
        index = next(i for i, x in enumerate(parent) if cle_element(x) == chemin[-1])
        parent[index] = valeur
    else:
        parent[chemin[-1]] = valeur


def _inserer(data: Any, chemin: tuple[Cle, ...], valeur: Any, apres: str | None) -> None:
    parent = _parent(data, chemin[:-1])
    if isinstance(parent, dict):
        parent[chemin[-1]] = valeur
        return
    index = 0 if apres is None else next(i for i, x in enumerate(parent) if cle_element(x) == apres) + 1
    parent.insert(index, valeur)


def _retirer(data: Any, chemin: tuple[Cle, ...]) -> None:
    parent = _parent(data, chemin[:-1])
    if isinstance(parent, dict):
        parent[chemin[-1]] = None
        return
    parent[:] = [x for x in parent if cle_element(x) != chemin[-1]]
