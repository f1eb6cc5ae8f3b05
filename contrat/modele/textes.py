"""Every piece of text of a contract, with its path: for checks that read the words."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Axe, BlocTableau, BlocTexte, Contrat, Document, ObjectifOperationnel, Partenaire
from contrat.modele.prose import Prose, iterer_textes, texte_brut


def textes_du_contrat(c: Contrat) -> Iterator[tuple[Chemin, str]]:
    """(path, text) for every text the document prints that comes from the sources."""
    yield ("titre",), c.titre
    yield ("intitule",), c.intitule
    if c.epigraphe:
        for _, texte in iterer_textes(c.epigraphe.texte):
            yield ("epigraphe", "texte"), texte
        yield ("epigraphe", "auteur"), texte_brut(c.epigraphe.auteur)
    for n, ch in enumerate(c.chapitres):
        yield ("chapitres", n, "titre"), ch.titre
        if ch.texte:
            for ligne, texte in iterer_textes(ch.texte):
                yield ("chapitres", n, "texte", "ligne", ligne), texte
    for n, o in enumerate(c.objectifs_nationaux):
        yield ("objectifs_nationaux", n, "texte"), o.texte
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        base = ("chiffres_cles", "tableaux", n)
        yield base + ("titre",), t.titre
        for m, rangee in enumerate(t.lignes):
            yield base + ("lignes", m, "libelle"), rangee.libelle
            if rangee.formulation:
                yield base + ("lignes", m, "formulation"), rangee.formulation
    for n, pilier in enumerate(c.piliers):
        yield ("piliers", n, "titre"), pilier.titre
        for ligne, texte in iterer_textes(pilier.introduction) if pilier.introduction else ():
            yield ("piliers", n, "introduction", "ligne", ligne), texte
    for i, e in enumerate(c.enjeux):
        yield ("enjeux", i, "titre"), e.titre
        for ligne, texte in iterer_textes(e.introduction) if e.introduction else ():
            yield ("enjeux", i, "introduction", "ligne", ligne), texte
        for j, a in enumerate(e.axes):
            yield ("enjeux", i, "axes", j, "titre"), a.titre
            for ici, r in rangees(i, j, a):
                if r is not a:
                    yield ici + ("titre",), r.titre
                yield from _cellules(c, ici, r)
    for n, s in enumerate(c.signataires):
        yield ("signataires", n, "qualite"), s.qualite
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            yield from textes_du_document(doc, (liste, n))


def rangees(i: int, j: int, a: Axe) -> list[tuple[Chemin, Axe | ObjectifOperationnel]]:
    """The rows axe ``j`` of enjeu ``i`` prints, with their paths: its objectifs opérationnels, or itself."""
    axe: Chemin = ("enjeux", i, "axes", j)
    if not a.objectifs_operationnels:
        return [(axe, a)]
    return [(axe + ("objectifs_operationnels", k), oo) for k, oo in enumerate(a.objectifs_operationnels)]


def _cellules(c: Contrat, rangee: Chemin, a: Axe | ObjectifOperationnel) -> Iterator[tuple[Chemin, str]]:
    """The texts of a row's cells (a partner as printed: its wording or its organisations' labels)."""
    cellules = [(champ, getattr(a, champ)) for champ in ("objectifs", "partenaires", "leviers", "criteres_evaluation")]
    for champ, items in [*cellules, *a.autres.items()]:
        for k, el in enumerate(items):
            if isinstance(el, Partenaire):
                yield rangee + (champ, k), el.texte or " ".join(o.libelle for o in c.organisations if o.code in el.ref)
            else:
                yield rangee + (champ, k, "texte"), el.texte


def _prose(prose: Prose, chemin: Chemin) -> Iterator[tuple[Chemin, str]]:
    for ligne, texte in iterer_textes(prose):
        yield chemin + ("ligne", ligne), texte


def textes_du_document(doc: Document, base: Chemin) -> Iterator[tuple[Chemin, str]]:
    """Every text of an annex or contribution, with its path."""
    yield base + ("titre",), doc.titre
    if doc.entete:
        yield base + ("entete",), doc.entete
    if doc.concertation:
        yield base + ("concertation", "intitule"), doc.concertation.intitule
        yield base + ("concertation", "sous_titre"), doc.concertation.sous_titre
    if doc.mesures:
        m = doc.mesures
        yield base + ("mesures", "titre"), m.titre
        for i, pilier in enumerate(m.parties):
            p = base + ("mesures", "parties", i)
            yield p + ("titre",), pilier.titre
            for j, theme in enumerate(pilier.rubriques):
                t = p + ("rubriques", j)
                yield t + ("titre",), theme.titre
                for k, mesure in enumerate(theme.mesures):
                    yield t + ("mesures", k, "texte"), mesure.texte
                    for l, sous in enumerate(mesure.sous_mesures):
                        yield t + ("mesures", k, "sous_mesures", l, "texte"), sous.texte
    for i, bloc in enumerate(doc.blocs):
        b = base + ("blocs", i)
        if isinstance(bloc, BlocTexte):
            yield from _prose(bloc.texte, b + ("texte",))
        elif isinstance(bloc, BlocTableau):
            for k, titre in enumerate(bloc.tableau.colonnes):
                yield b + ("tableau", "colonnes", k), titre
            for r, rang in enumerate(bloc.tableau.lignes):
                for k, cellule in enumerate(rang):
                    yield from _prose(cellule, b + ("tableau", "lignes", r, k))
        else:
            lt = bloc.lettre
            lettre: Chemin = b + ("lettre",)
            for champ in ("expediteur", "reference", "destinataire", "signature"):
                for k, rang_lettre in enumerate(getattr(lt, champ)):
                    yield lettre + (champ, k), rang_lettre
            for champ in ("objet", "appel", "copie", "pied", "lieu"):
                if getattr(lt, champ):
                    yield lettre + (champ,), getattr(lt, champ)
            yield from _prose(lt.corps, lettre + ("corps",))
    for i, piece in enumerate(doc.pieces_jointes):
        p = base + ("pieces_jointes", i)
        yield p + ("titre",), piece.titre
        if piece.numero_affiche:
            yield p + ("numero_affiche",), piece.numero_affiche
        yield from _prose(piece.texte, p + ("texte",))
