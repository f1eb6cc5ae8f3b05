"""The avenant as it prints: its title, parties, visas, exposé des motifs, articles, signatures and
comparison table, described once. The Word writer (``rendu/avenant.py``) and the web edition
(``rendu/web.py``) both read it; the words, their order and their styles are decided here.

Each article also says where it changes the contract (its place in the consolidated printed
tree), so that the web edition links it there."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from contrat.amendements.avenant import Versions
from contrat.amendements.operations import Operation
from contrat.amendements.redaction import Article
from contrat.impression.arbre import Noeud
from contrat.impression.francais import de, l_avenant
from contrat.impression.unites import (
    date_en_lettres,
    date_ou_blanc,
    fait_a_le,
    lui_meme_represente,
    nombre_originaux,
    organisations_signees,
    par_delegation,
    representation,
    texte_imprime,
)
from contrat.modele.contrat import Contrat, Signataire

LOI = ("Vu la loi n° 2014-173 du 21 février 2014 de programmation pour la ville et la cohésion urbaine, "
       "notamment son article 6 ;")
TITRE_COMPARAISON = "Annexe – Tableau comparatif"
COLONNES_COMPARAISON = ("Article", "Stipulation", "Rédaction en vigueur", "Rédaction modifiée")
NEANT, SUPPRIME = "(néant)", "(supprimé)"
DOCUMENT_JOINT = "(document joint au présent avenant)"
"""What quotes an external PDF document (its pages follow the avenant's)."""

Chemin = tuple[str, ...]


class Style(enum.StrEnum):
    """What a block of the avenant's body is (each writer has its style for it)."""

    INTERTITRE = "intertitre"
    """« Entre les soussignés : », « Visas »…"""
    PARTIE = "partie"
    """One party, bulleted."""
    ALINEA = "alinea"
    ARTICLE = "article"
    """An article's heading (« Article 2 »)."""
    EXPOSE = "expose"
    """The exposé des motifs: prose (``unite``)."""
    CITATION = "citation"
    """A unit of the contract quoted in full (``unite``), as the contract prints it."""


@dataclass(frozen=True)
class Bloc:
    style: Style
    texte: str = ""
    unite: Noeud | None = None
    place: Chemin | None = None
    """An article changing the contract: where, in the consolidated printed tree (a unit's path;
    () for the whole text: words replaced throughout). None: any other block."""


@dataclass(frozen=True)
class Signature:
    """One signature block: for whom, in which capacity, by whom."""

    pour: str
    qualite: str
    nom: str


@dataclass
class AvenantImprime:
    titre: str
    sous_titre: str
    intitule: str
    """The running header of its pages."""
    objet: str
    """What it amends, in a few words (the document's subject)."""
    corps: list[Bloc] = field(default_factory=list)
    fait_a: str = ""
    signatures: list[Signature] = field(default_factory=list)
    comparaison: list[tuple[str, ...]] = field(default_factory=list)
    """The rows of the tableau comparatif (columns ``COLONNES_COMPARAISON``)."""


def imprimer_avenant(v: Versions, liste: list[Article]) -> AvenantImprime:
    """The avenant ``v`` with the articles ``liste`` (from the second on), as it prints."""
    assert v.avenant is not None, "un avenant à écrire"
    return AvenantImprime(
        titre=v.titre(),
        sous_titre=f"Comité de pilotage du {date_en_lettres(v.avenant.comite_pilotage)}",
        intitule=f"Avenant n° {v.avenant.numero} — {v.nouveau.intitule}",
        objet=v.avenant.objet,
        corps=_corps(v, liste),
        fait_a=fait_a_le(v.avenant.signature.lieu, v.avenant.signature.date,
                         v.avenant.signature.exemplaires or nombre_originaux(v.nouveau)),
        signatures=[_signature(v.nouveau, s) for s in v.nouveau.signataires],
        comparaison=[(f"Article {k}", place, ancien or NEANT, nouveau or SUPPRIME)
                     for k, a in enumerate(liste, start=2) for place, ancien, nouveau in a.comparaison],
    )


def _corps(v: Versions, liste: list[Article]) -> list[Bloc]:
    assert v.avenant is not None, "un avenant à écrire"
    corps = [Bloc(Style.INTERTITRE, "Entre les soussignés :")]
    for n, s in enumerate(v.nouveau.signataires):
        fin = " ;" if n < len(v.nouveau.signataires) - 1 else ","
        corps.append(Bloc(Style.PARTIE, partie(v.nouveau, s) + fin))
    corps.append(Bloc(Style.ALINEA, "ci-après dénommés « les parties »."))
    corps.append(Bloc(Style.INTERTITRE, "Visas"))
    corps.extend(Bloc(Style.ALINEA, visa) for visa in _visas(v))
    corps.append(Bloc(Style.INTERTITRE, "Il a été préalablement exposé ce qui suit :"))
    corps.append(Bloc(Style.EXPOSE, unite=texte_imprime(v.avenant.expose_motifs)))
    corps.append(Bloc(Style.INTERTITRE, "Il a été convenu ce qui suit :"))
    numero = 1
    corps.append(Bloc(Style.ARTICLE, f"Article {numero} – Objet"))
    date_contrat = date_ou_blanc(v.ancien.signature.date)
    corps.append(Bloc(Style.ALINEA, f"Le présent avenant a pour objet {de(v.avenant.objet)}. Il modifie le "
                                    f"{v.ancien.intitule[0].lower()}{v.ancien.intitule[1:]}, signé le {date_contrat}, "
                                    "dans sa rédaction en vigueur."))
    for article in liste:
        numero += 1
        corps.append(Bloc(Style.ARTICLE, f"Article {numero}", place=place_changee(article.operations)))
        corps.extend(Bloc(Style.ALINEA, alinea) for alinea in article.alineas)
        corps.extend(Bloc(Style.CITATION, unite=citation) for citation in article.citations)
    numero += 1
    corps.append(Bloc(Style.ARTICLE, f"Article {numero} – Autres stipulations"))
    corps.append(Bloc(Style.ALINEA, "Les autres stipulations du contrat demeurent inchangées."))
    numero += 1
    corps.append(Bloc(Style.ARTICLE, f"Article {numero} – Entrée en vigueur"))
    if v.avenant.date_effet:
        corps.append(Bloc(Style.ALINEA, f"Le présent avenant prend effet le {date_ou_blanc(v.avenant.date_effet)}."))
    else:
        corps.append(Bloc(Style.ALINEA, "Le présent avenant prend effet à la date de sa signature par l'ensemble "
                                        "des parties."))
    return corps


def place_changee(operations: list[Operation]) -> Chemin:
    """Where an article's first operation leaves its mark in the consolidated text: the unit
    changed, added or moved there; a removed unit's parent; () for words replaced throughout."""
    if not operations:
        return ()
    op = operations[0]
    if op.type == "inserer" and op.noeud is not None:
        return (*op.parent, op.noeud.cle)
    if op.type == "deplacer":
        return (*op.parent, op.cible[-1])
    if op.type == "supprimer":
        return op.cible[:-1]
    return op.cible


def partie(contrat: Contrat, s: Signataire) -> str:
    """« La Région, représentée par la Présidente du Conseil régional, X »; the organisations one
    person signs for together, a delegate after the titular."""
    nom = f", {s.nom}" if s.nom else ""
    return f"{organisations_signees(contrat, s)}, {representation(contrat, s)}{nom}{lui_meme_represente(s)}"


def _signature(contrat: Contrat, s: Signataire) -> Signature:
    """Who signs this avenant: a party as it is now (new representatives included); the delegate
    who signs after the titular's name (the template has no line of its own for it)."""
    return Signature(organisations_signees(contrat, s), s.qualite,
                     ", ".join(x for x in (s.nom or "", par_delegation(s)) if x))


def _visas(v: Versions) -> list[str]:
    assert v.avenant is not None, "un avenant à écrire"
    visas = [LOI, f"Vu le {v.ancien.intitule[0].lower()}{v.ancien.intitule[1:]}, signé le "
                  f"{date_ou_blanc((v.initial or v.ancien).signature.date)} ;"]
    for numero, date in v.precedents:
        visas.append(f"Vu {l_avenant(numero)} au contrat de ville, signé le {date_ou_blanc(date)} ;")
    visas.extend(d.rstrip(" ;.") + " ;" for d in v.avenant.deliberations)
    visas.append(f"Vu l'avis du comité de pilotage du {date_ou_blanc(v.avenant.comite_pilotage)},")
    return visas
