"""Every piece of text of a contract, with its path: for checks that read the words."""

from __future__ import annotations

from collections.abc import Iterator

from .lecture import Chemin
from .modele import Contrat
from .prose import iterer_textes, texte_brut


def textes_du_contrat(c: Contrat) -> Iterator[tuple[Chemin, str]]:
    """(path, text) for every text the document prints that comes from the sources."""
    yield ("titre",), c.titre
    yield ("intitule",), c.intitule
    if c.epigraphe:
        for ligne, texte in iterer_textes(c.epigraphe.texte):
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
        for m, ligne in enumerate(t.lignes):
            yield base + ("lignes", m, "libelle"), ligne.libelle
            if ligne.formulation:
                yield base + ("lignes", m, "formulation"), ligne.formulation
    for i, e in enumerate(c.enjeux):
        yield ("enjeux", i, "titre"), e.titre
        for j, a in enumerate(e.axes):
            base = ("enjeux", i, "axes", j)
            yield base + ("titre",), a.titre
            for champ in ("objectifs", "leviers", "criteres_evaluation"):
                for k, el in enumerate(getattr(a, champ)):
                    yield base + (champ, k, "texte"), el.texte
            for k, p in enumerate(a.partenaires):
                yield base + ("partenaires", k), p.texte or " ".join(
                    o.libelle for o in c.organisations if o.code in p.ref)
    for n, s in enumerate(c.signataires):
        yield ("signataires", n, "qualite"), s.qualite
