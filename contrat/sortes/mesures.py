"""Kind of annex « mesures »: a list of measures by part and heading (the decisions of a Comité
interministériel des villes, a programme's actions), each measure with its sub-measures and the
figures its text cites (« {chiffre:code} »). Written in an annex's file under ``mesures:``, or as a
file of its own whose ``titre`` is the annex's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import Field, model_validator

from contrat.controles.constat import Constat, erreur
from contrat.controles.dates import date_de_document
from contrat.impression.arbre import Genre, Noeud, Role
from contrat.impression.francais import q
from contrat.impression.substitution import references_inconnues_texte, substituer_chiffres
from contrat.impression.unites import DocumentEnCours
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import ChiffreDocument, Code, Contrat, Date, Modele, Texte
from contrat.modele.sortes import Sorte


class Mesure(Modele):
    """A measure of the Comité interministériel des villes."""

    code: Code
    texte: Texte
    chiffres: tuple[ChiffreDocument, ...] = ()
    sous_mesures: tuple[Mesure, ...] = ()


class _AvecAnciennesCles(Modele):
    """A class of this kind that still reads its keys' first names (``ANCIENNES``: the CIV's own
    words, first used), each in place of its current one; the kind's table declares the same
    (``SORTE.anciennes_cles``), so messages, schemas and docs/migration.md name them."""

    ANCIENNES: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _anciennes_cles(cls, donnees: Any) -> Any:
        for ancienne, nouvelle in cls.ANCIENNES.items():
            if isinstance(donnees, dict) and ancienne in donnees and nouvelle not in donnees:
                donnees = {(nouvelle if k == ancienne else k): v for k, v in donnees.items()}
        return donnees


class RubriqueMesures(Modele):
    """A heading of a list of measures, over its measures."""

    code: Code
    titre: Texte
    mesures: tuple[Mesure, ...] = Field(min_length=1)


class PartieMesures(_AvecAnciennesCles):
    """A part of a list of measures, over its headings."""

    ANCIENNES = {"themes": "rubriques"}

    code: Code
    titre: Texte
    rubriques: tuple[RubriqueMesures, ...] = Field(min_length=1)


class ListeMesures(_AvecAnciennesCles):
    """An annex that lists measures, by part and heading (a Comité interministériel des villes'
    decisions, a programme's actions): its title, a mark, its date."""

    ANCIENNES = {"piliers": "parties"}

    titre: Texte
    marque: str = ""
    date: Date
    parties: tuple[PartieMesures, ...] = Field(min_length=1)


def _mesures(m: ListeMesures, ici: Chemin) -> Iterator[tuple[Chemin, Mesure]]:
    """Every measure and sub-measure, with its place."""
    for i, partie in enumerate(m.parties):
        for j, rubrique in enumerate(partie.rubriques):
            for k, mesure in enumerate(rubrique.mesures):
                la: Chemin = (*ici, "parties", i, "rubriques", j, "mesures", k)
                yield la, mesure
                yield from (((*la, "sous_mesures", l), s) for l, s in enumerate(mesure.sous_mesures))


def controler(m: ListeMesures, ici: Chemin, c: Contrat) -> Iterator[Constat]:
    yield from date_de_document(c, (*ici, "date"), m.date)
    for la, mesure in _mesures(m, ici):
        for ref in references_inconnues_texte(mesure.texte, mesure.chiffres):
            yield erreur((*la, "texte"), f"référence {ref} inconnue (chiffres de la mesure)")


def imprimer(m: ListeMesures, ici: Chemin, document: DocumentEnCours) -> list[Noeud]:
    """Its mark, then its parts, their headings and their measures as bullets (sub-measures one
    level down)."""
    n = Noeud(Genre.MESURES, "mesures", nom="")
    if m.marque:
        n.enfants.append(Noeud(Genre.MENTION, "marque", m.marque, nom="mention", role=Role.SOUS_TITRE_ANNEXE))
    for i, partie in enumerate(m.parties):
        ip: Chemin = (*ici, "parties", i)
        p = Noeud(Genre.PILIER, partie.code, partie.titre, nom=f"partie {q(partie.titre)}", feminin=True,
                  source=(*ip, "titre"))
        for j, rubrique in enumerate(partie.rubriques):
            ir: Chemin = (*ip, "rubriques", j)
            r = Noeud(Genre.THEME, rubrique.code, rubrique.titre, nom=f"rubrique {q(rubrique.titre)}", feminin=True,
                      source=(*ir, "titre"))
            for k, mesure in enumerate(rubrique.mesures):
                im: Chemin = (*ir, "mesures", k)
                e = Noeud(Genre.ELEMENT, mesure.code, substituer_chiffres(mesure.texte, mesure.chiffres),
                          role=Role.PUCE, niveau=1, source=(*im, "texte"))
                e.enfants.extend(Noeud(Genre.ELEMENT, s.code, substituer_chiffres(s.texte, s.chiffres), role=Role.PUCE,
                                       niveau=2, source=(*im, "sous_mesures", l, "texte"))
                                 for l, s in enumerate(mesure.sous_mesures))
                r.enfants.append(e)
            p.enfants.append(r)
        n.enfants.append(p)
    return [n]


SORTE = Sorte(
    cle="mesures",
    modele=ListeMesures,
    designation="liste de mesures",
    imprimer=imprimer,
    controler=controler,
    contenu=True,
    fichier_entier=frozenset({"parties", "piliers"}),
    noms_listes={"parties": "partie", "piliers": "pilier", "rubriques": "rubrique", "themes": "thème",
                 "mesures": "mesure", "sous_mesures": "sous-mesure"},
    anciennes_cles={(c.__name__, ancienne): nouvelle for c in (ListeMesures, PartieMesures)
                    for ancienne, nouvelle in c.ANCIENNES.items()},
)
