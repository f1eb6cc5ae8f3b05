"""Identifiers: unique in their list (axes: in the whole contract), so that amendments can cite them."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, erreur
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat, Element
from contrat.modele.textes import rangees


def regle_codes_uniques(c: Contrat) -> Iterator[Constat]:
    """Identifiers are unique in their list (axes: in the whole contract)."""
    listes: list[tuple[Chemin, list[str]]] = [
        (("organisations",), [o.code for o in c.organisations]),
        (("sigles",), [s.sigle for s in c.sigles]),
        (("sources_donnees",), [s.code for s in c.sources_donnees]),
        (("chapitres",), [ch.code for ch in c.chapitres]),
        (("signataires",), [s.code for s in c.signataires]),
        (("quartiers",), [q.code for q in c.quartiers]),
        (("objectifs_nationaux",), [o.code for o in c.objectifs_nationaux]),
        (("enjeux",), [e.code for e in c.enjeux]),
        (("piliers",), [p.code for p in c.piliers]),
        (("groupes_signataires",), [g.code for g in c.groupes_signataires]),
        (("indicateurs",), [f.code for f in c.indicateurs]),
    ]
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            listes.append((("enjeux", i, "axes", j, "objectifs_operationnels"),
                           [oo.code for oo in a.objectifs_operationnels]))
            for ici, r in rangees(i, j, a):
                for champ in ("objectifs", "leviers", "criteres_evaluation"):
                    listes.append((ici + (champ,), [x.code for x in getattr(r, champ)]))
                for champ, items in r.autres.items():
                    listes.append((ici + (champ,), [x.code for x in items if isinstance(x, Element)]))
    if c.chiffres_cles:
        listes.append((("chiffres_cles", "tableaux"), [t.code for t in c.chiffres_cles.tableaux]))
        for i, t in enumerate(c.chiffres_cles.tableaux):
            base = ("chiffres_cles", "tableaux", i)
            listes.append((base + ("lignes",), [l.code for l in t.lignes]))
            listes.append((base + ("colonnes",), [k.code for k in t.colonnes] + [k.code for k in t.calculs]))
    for chemin, codes in listes:
        yield from _doublons(chemin, codes)
    axes = [(i, j, a.code) for i, e in enumerate(c.enjeux) for j, a in enumerate(e.axes)]
    vus: dict[str, tuple[int, int]] = {}
    for i, j, code in axes:
        if code in vus:
            yield erreur(("enjeux", i, "axes", j, "code"),
                         f"l'identifiant d'axe « {code} » est déjà utilisé (enjeu {vus[code][0] + 1})")
        vus.setdefault(code, (i, j))


def _doublons(chemin: Chemin, codes: list[str]) -> Iterator[Constat]:
    premiers: dict[str, int] = {}
    for n, code in enumerate(codes):
        if code in premiers:
            champ = "sigle" if chemin == ("sigles",) else "code"
            yield erreur(chemin + (n, champ),
                         f"l'identifiant « {code} » est déjà utilisé (élément n° {premiers[code] + 1})")
        premiers.setdefault(code, n)
