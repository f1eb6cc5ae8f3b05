"""Amendments: takes a sources folder in a Git repository; gives the changes since a signed version
as the avenant will state them (``changements``), the avenant itself with its comparison
(``preparer_avenant``), and records a signed version (``figer``).

Plain functions for the command line and the tests; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from contrat.amendements.avenant import Versions, articles
from contrat.amendements.depot import (
    ETIQUETTE_CONTRAT,
    Depot,
    ErreurVersion,
    charger_version,
    enregistrer_signature,
    etiquette_avenant,
    revue_changee,
    verifier_integrite,
)
from contrat.amendements.origine import version_des_sources
from contrat.amendements.rapport import formater_articles, representants
from contrat.amendements.redaction import Article, ErreurRedaction
from contrat.application.construction import gabarit_par_defaut, historique
from contrat.application.sources import verifier
from contrat.controles.dossier import Resultat
from contrat.erreurs import ErreurRendu
from contrat.impression.francais import l_avenant
from contrat.impression.unites import page_signatures
from contrat.modele.contrat import Avenant, Contrat

if TYPE_CHECKING:  # the renderers import Word: loaded only when an avenant is written, not for diff
    from contrat.rendu.docx import OptionsRendu


@dataclass(frozen=True)
class Changements:
    """What changed between two versions, as the avenant will state it."""

    base: str
    head: str | None
    """None: the current sources."""
    articles: list[Article]
    representants: list[str]
    """Signatories whose representative changed (no article: they sign the avenant)."""
    avertissements: tuple[str, ...] = ()
    """What the comparison cannot account for (a table of conformity judged by other rules)."""

    @property
    def titre(self) -> str:
        if self.head:
            return f"Changements de « {self.base} » à « {self.head} »"
        return f"Changements depuis « {self.base} » (sources actuelles)"

    def formater(self, format_: str) -> str:
        """What ``build.py diff`` prints: « texte », « markdown » (a merge request's description)
        or « json » (for tools)."""
        return formater_articles(self.articles, self.representants, format_, self.titre)


@dataclass(frozen=True)
class PreparationAvenant:
    """The avenant in progress: its files (DOCX, PDF, comparison) and what it states."""

    versions: Versions
    articles: list[Article]
    nom: str
    """``avenant-NN``: the name of its files and of their set in ``dist``."""
    fichiers: dict[str, bytes]
    resultat: Resultat
    durees: dict[str, float] = field(default_factory=dict)
    avertissements: tuple[str, ...] = ()
    """What the comparison cannot account for (a table of conformity judged by other rules)."""


def derniere_signee(depot: Depot) -> str:
    signees = depot.etiquettes_signees()
    if not signees:
        raise ErreurVersion(f"aucune version signée dans le dépôt : l'étiquette « {ETIQUETTE_CONTRAT} » "
                            "n'existe pas (python build.py figer --date AAAA-MM-JJ la crée)")
    return signees[-1]


def versions_imprimees(depot: Depot, ancien: Contrat, nouveau: Contrat, avenant: Avenant | None = None,
                       base: str = "", precedents: tuple[tuple[int, dt.date | None], ...] = ()) -> Versions:
    """Both versions with the contract as first signed (whose signature page they both print)."""
    if base == ETIQUETTE_CONTRAT or not depot.existe(ETIQUETTE_CONTRAT):
        initial = ancien
    else:
        initial = charger_version(depot, ETIQUETTE_CONTRAT)
    return Versions(ancien, nouveau, avenant, base, precedents, initial)


def articles_de(versions: Versions) -> list[Article]:
    try:
        return articles(versions)
    except ErreurRedaction as exc:
        raise ErreurRendu(f"rédaction de l'avenant impossible : {exc}") from None


def changements(dossier: Path, base: str | None = None, head: str | None = None) -> Changements:
    """``build.py diff``: from ``base`` (default: the last signed version) to ``head`` (default:
    the current sources), the articles the avenant would state."""
    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    base = base or derniere_signee(depot)
    ancien = charger_version(depot, base)
    nouveau = charger_version(depot, head) if head else verifier(dossier).contrat
    versions = versions_imprimees(depot, ancien, nouveau, base=base)
    avertissements = tuple(a for a in (revue_changee(depot, base),) if a)
    return Changements(base, head, articles_de(versions), representants(ancien, nouveau), avertissements)


def preparer_avenant(dossier: Path, strict: bool = False, resultat: Resultat | None = None) -> PreparationAvenant:
    """``build.py avenant``: the avenant in progress (the last file of ``avenants/``), drafted from
    the changes since the version it amends, rendered as DOCX and PDF, with the signed and the
    consolidated texts compared as tracked changes."""
    # Word and PDF libraries: loaded only when an avenant is written (diff stays fast).
    from contrat.rendu.avenant import pdf_avenant_complet, rendre_avenant
    from contrat.rendu.docx import OptionsRendu

    depot = Depot.de(dossier)
    verifier_integrite(depot, dossier)
    resultat = resultat or verifier(dossier, strict)
    nouveau = resultat.contrat
    if not nouveau.avenants:
        raise ErreurVersion("aucun avenant en cours : créer sources/avenants/avenant-NN.yaml (numéro, version "
                            "modifiée, comité de pilotage, objet, exposé des motifs)")
    avenant = nouveau.avenants[-1]
    if etiquette_avenant(avenant.numero) in depot.etiquettes_signees():
        raise ErreurVersion(f"{l_avenant(avenant.numero)} est déjà signé : créer le fichier de l'avenant suivant")
    derniere = derniere_signee(depot)
    if avenant.modifie != derniere:
        raise ErreurVersion(f"{l_avenant(avenant.numero)} modifie « {avenant.modifie} » alors que la dernière "
                            f"version signée est « {derniere} »")
    ancien = charger_version(depot, avenant.modifie)
    precedents = tuple((a.numero, a.signature.date) for a in nouveau.avenants[:-1])
    versions = versions_imprimees(depot, ancien, nouveau, avenant, avenant.modifie, precedents)
    debut = time.perf_counter()
    liste = articles_de(versions)
    if not liste:
        raise ErreurVersion(f"aucun changement du contrat imprimé depuis « {avenant.modifie} » : l'avenant serait vide")
    durees = {"rédaction": time.perf_counter() - debut}
    version = version_des_sources(dossier)
    options = OptionsRendu(gabarit=gabarit_par_defaut(dossier, "avenant.docx"), date=version.date,
                           version=version.libelle, commit=version.commit, dossier_sources=dossier)
    debut = time.perf_counter()
    docx = rendre_avenant(versions, liste, options)
    pdf = pdf_avenant_complet(docx, versions, liste, options)
    durees["avenant"] = time.perf_counter() - debut
    debut = time.perf_counter()
    comparaison = comparer_versions(versions, dossier, options, avenant.numero)
    durees["comparaison"] = time.perf_counter() - debut
    nom = f"avenant-{avenant.numero:02d}"
    fichiers = {f"{nom}.docx": docx, f"{nom}.pdf": pdf, f"{nom}-comparaison.docx": comparaison}
    debut = time.perf_counter()
    fichiers.update(edition_web_avenant(versions, liste, nom, len(pdf)))
    durees["web"] = time.perf_counter() - debut
    avertissements = tuple(a for a in (revue_changee(depot, avenant.modifie),) if a)
    return PreparationAvenant(versions, liste, nom, fichiers, resultat, durees, avertissements)


def edition_web_avenant(v: Versions, liste: list[Article], nom: str, taille_pdf: int) -> dict[str, bytes]:
    """The avenant's web page (``<nom>-web/``), each article linked to the place it changes in
    the consolidated contract's web edition (``web/``, which ``build.py`` publishes from the same
    sources): its anchors are those of the same printed tree."""
    from contrat.amendements.imprime import imprimer_avenant
    from contrat.rendu.web import adresses, rendre_avenant_web, sigles_imprimes

    consolide = v.imprimes()[1]
    registre = {s.sigle: s.definition for s in v.nouveau.sigles if s.definition}
    return rendre_avenant_web(imprimer_avenant(v, liste), adresses(consolide), f"{nom}.pdf", taille_pdf,
                              f"{nom}-web", sigles=sigles_imprimes(consolide) or registre)


def comparer_versions(v: Versions, dossier: Path, options: OptionsRendu, numero: int) -> bytes:
    """The signed text and the consolidated one compared, as tracked changes (Word, LibreOffice)."""
    from contrat.rendu.docx import rendre_docx
    from contrat.rendu.revisions import comparer
    gabarit = gabarit_par_defaut(dossier)
    initial = v.initial or v.ancien
    signe = rendre_docx(v.ancien, replace(options, gabarit=gabarit, signatures=page_signatures(v.ancien, initial)))
    consolide = rendre_docx(v.nouveau, replace(options, gabarit=gabarit, historique=historique(dossier, v.nouveau),
                                               signatures=page_signatures(v.nouveau, initial)))
    return comparer(signe, consolide, f"Avenant n° {numero}", options.date.strftime("%Y-%m-%dT%H:%M:%SZ"))


def figer(dossier: Path, date: dt.date) -> str:
    """``build.py figer``: record the current version as signed on ``date`` (its manifest in a
    commit, then the Git tag carrying the sources' fingerprint). Returns the tag."""
    return enregistrer_signature(Depot.de(dossier), dossier, date)
