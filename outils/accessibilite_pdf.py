"""Is a PDF accessible (PDF/UA-1) and an accessible archive (PDF/A-3a)? Runs the two open checkers
the project installs from PyPI (test extras of pyproject.toml) and prints, in French, the rules
each one finds failed, with their counts.

Usage: .venv/bin/python outils/accessibilite_pdf.py PDF [PDF...] [--profils ua1,3b,3a]
  --profils  page-validation's profiles to check (default: ua1 and the PDF/A level the file
             declares in its XMP: 3a for the project's documents, 3b for one with an external
             PDF annex inserted untagged; a file declaring B checked with 3a fails on that
             declaration, PDFA3A-ID-CONFORMANCE-001, and the 3b profile rejects a file declaring A)

- ``page-validation`` (the ``page`` module: PDF/A-1 to 3 and PDF/UA-1, 104 UA rules): each
  failed rule with its first message; it counts the failed checks in all, not per rule;
- ``pdfua`` (built on pikepdf, 16 of the 106 PDF/UA-1 rules): each failed rule with its number
  of findings and their pages; a rule it could not evaluate (its own error) is said apart.

Exit 0 when no rule fails, 1 when one fails or a file cannot be read as a PDF, 2 for bad usage
(a file that does not exist, an unknown profile).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import page
import pdfua
import pikepdf

LIBELLES = {
    "PDFUA1-CONTENT-TAGGING-001": "contenu peint (texte, traits, images) ni balisé ni marqué comme artefact",
    "PDFUA1-HEADING-NESTING-001": "niveau de titre sauté (par exemple H1 puis H3)",
    "PDFUA1-ID-PART-001": "identification PDF/UA absente du XMP (pdfuaid:part = 1)",
    "PDFUA1-ID-SCHEMA-001": "schéma d'identification PDF/UA absent du XMP",
    "PDFUA1-LI-PARENT-001": "élément de liste (LI) hors d'une liste (L)",
    "PDFUA1-PAGE-TABS-001": "page avec annotations sans ordre de tabulation par la structure (/Tabs /S)",
    "PDFUA1-STRUCT-TREE-ROLE-MAP-CYCLE-001": "cycle dans la table des rôles (RoleMap) de l'arbre de structure",
    "PDFUA1-STRUCT-TREE-ROLE-MAP-STANDARD-001": "type de structure standard redéfini par la table des rôles",
    "PDFA3A-STRUCT-TREE-ROLE-MAP-STANDARD-001": "type de structure standard redéfini par la table des rôles",
    "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001": "image (Figure) sans texte de remplacement (/Alt ou /ActualText)",
    "UA-13-004": "image (Figure) sans texte de remplacement (/Alt ou /ActualText)",
    "PDFA3A-STRUCT-TREE-ROLE-MAP-CYCLE-001": "cycle dans la table des rôles (RoleMap) de l'arbre de structure",
    "PDFA3A-ID-CONFORMANCE-001": "le XMP déclare le niveau B de PDF/A, pas le niveau A",
    "PDFA3B-ID-CONFORMANCE-001": "le XMP déclare le niveau A de PDF/A : à vérifier avec le profil 3a",
    "PDFA3A-STREAM-LENGTH-001": "flux dont les données finissent par un retour chariot (/Length ambiguë)",
    "PDFA3B-STREAM-LENGTH-001": "flux dont les données finissent par un retour chariot (/Length ambiguë)",
    "PDFA3A-UNICODE-PUA-ACTUALTEXT-001": "glyphes de la zone Unicode privée (puces) sans texte de remplacement (/ActualText)",
    "PDFA3B-XMP-EXTENSION-PROPERTY-DEFINITION-001": "propriété XMP d'un schéma non déclaré (schéma d'extension PDF/A manquant)",
    "PDFA3B-XMP-EXTENSION-PROPERTY-VALUE-SHAPE-001": "propriété XMP d'extension de forme non déclarée",
    "PDFA3B-XMP-PROPERTY-DEFINITION-001": "propriété XMP définie par aucun schéma prédéfini ou déclaré",
    "UA-15-003": "tableau de données sans cellule d'en-tête (/TH)",
    "UA-28-004": "identification PDF/UA (pdfuaid:part) absente du XMP",
}
"""The rules met on the project's PDFs, in French; any other is shown with the checker's message."""

NOMS_PROFILS = {"ua1": "PDF/UA-1", **{p.value: f"PDF/A-{p.value.upper()}" for p in page.ValidationProfile
                                      if p.value != "ua1"}}


@dataclass
class Mesure:
    """What both checkers found in one PDF."""

    profils: dict[str, tuple[bool, int]] = field(default_factory=dict)
    """page-validation's profile -> (compliant, rules checked)."""
    echecs_page: dict[str, dict[str, str]] = field(default_factory=dict)
    """profile -> failed rule -> its first message."""
    controles_page: dict[str, int] = field(default_factory=dict)
    """profile -> failed checks in all."""
    echecs_pdfua: Counter[str] = field(default_factory=Counter)
    """pdfua's failed rule -> its findings."""
    pages_pdfua: dict[str, list[int]] = field(default_factory=dict)
    messages_pdfua: dict[str, str] = field(default_factory=dict)
    non_evaluees: dict[str, str] = field(default_factory=dict)
    """pdfua's rules it could not evaluate -> why (its own error)."""

    def regles_en_echec(self) -> set[str]:
        """Every failed rule of both checkers (page-validation's rule IDs name their profile)."""
        return {r for echecs in self.echecs_page.values() for r in echecs} | set(self.echecs_pdfua)


def profil_pdfa_declare(pdf: Path) -> str | None:
    """The PDF/A level the file's XMP declares (« 3b »), if any."""
    with pikepdf.open(pdf) as doc:
        statut = doc.open_metadata().pdfa_status
    return statut.lower() or None


def mesurer(pdf: Path, profils: list[str] | None = None) -> Mesure:
    """Both checkers run on ``pdf``; ``profils``: page-validation's (default: ua1 and the declared PDF/A)."""
    mesure = Mesure()
    if profils is None:
        declare = profil_pdfa_declare(pdf)
        profils = ["ua1", *([declare] if declare else [])]
    for profil in profils:
        rapport = page.validate_pdf(pdf, profile=profil)
        mesure.profils[profil] = (rapport.is_compliant, rapport.rules.total)
        mesure.echecs_page[profil] = {}
        for echec in rapport.failures:
            mesure.echecs_page[profil].setdefault(echec.rule_id, echec.message)
        mesure.controles_page[profil] = rapport.checks.failed
    rapport_ua = pdfua.validate(str(pdf))
    for constat in rapport_ua.findings:
        mesure.echecs_pdfua[constat.rule_id] += 1
        mesure.messages_pdfua.setdefault(constat.rule_id, constat.message)
        if constat.location.page is not None:
            mesure.pages_pdfua.setdefault(constat.rule_id, []).append(constat.location.page)
    for issue in rapport_ua.skipped:
        mesure.non_evaluees[issue.rule_id] = issue.skipped_reason or ""
    return mesure


def afficher(pdf: Path, mesure: Mesure) -> list[str]:
    lignes = [str(pdf)]
    for profil, (conforme, regles) in mesure.profils.items():
        echecs = mesure.echecs_page[profil]
        nom = NOMS_PROFILS.get(profil, profil)
        if conforme:
            lignes.append(f"  page-validation {nom} : conforme ({regles} règles vérifiées)")
            continue
        lignes.append(f"  page-validation {nom} : {len(echecs)} règle(s) en échec sur {regles}, "
                      f"{mesure.controles_page[profil]} vérification(s) en échec")
        lignes += [f"    {regle} — {LIBELLES.get(regle, message)}" for regle, message in sorted(echecs.items())]
    total = sum(mesure.echecs_pdfua.values())
    couverture = pdfua.coverage()
    portee = f"{couverture.covered} règles de PDF/UA-1 sur {couverture.total}"
    if not total:
        lignes.append(f"  pdfua ({portee}) : aucun constat")
    else:
        lignes.append(f"  pdfua ({portee}) : {len(mesure.echecs_pdfua)} règle(s) en échec, {total} constat(s)")
        for regle, nombre in sorted(mesure.echecs_pdfua.items()):
            pages = sorted(set(mesure.pages_pdfua.get(regle, [])))
            ou = f" (page(s) {', '.join(map(str, pages))})" if pages else ""
            lignes.append(f"    {regle} ×{nombre} — {LIBELLES.get(regle, mesure.messages_pdfua[regle])}{ou}")
    for regle, raison in sorted(mesure.non_evaluees.items()):
        lignes.append(f"  pdfua : règle {regle} non évaluée (erreur de l'outil : {raison})")
    return lignes


def principal(arguments: list[str]) -> int:
    analyseur = argparse.ArgumentParser(description="Accessibilité (PDF/UA-1) et archivage (PDF/A) d'un PDF.")
    analyseur.add_argument("pdf", nargs="+", type=Path)
    analyseur.add_argument("--profils", help="profils de page-validation, séparés par des virgules (ua1, 3b, 3a…)")
    options = analyseur.parse_args(arguments)
    profils = options.profils.split(",") if options.profils else None
    inconnus = [p for p in profils or [] if p not in NOMS_PROFILS]
    if inconnus:
        print(f"profil inconnu : {', '.join(inconnus)} (connus : {', '.join(NOMS_PROFILS)})", file=sys.stderr)
        return 2
    absents = [str(p) for p in options.pdf if not p.is_file()]
    if absents:
        print(f"fichier introuvable : {', '.join(absents)}", file=sys.stderr)
        return 2
    code = 0
    for pdf in options.pdf:
        try:
            mesure = mesurer(pdf, profils)
        except (page.PageError, pikepdf.PdfError, pdfua.PdfuaError) as exc:
            print(f"{pdf} : illisible comme PDF ({type(exc).__name__})", file=sys.stderr)
            code = 1
            continue
        print("\n".join(afficher(pdf, mesure)))
        if mesure.regles_en_echec():
            code = 1
    return code


if __name__ == "__main__":
    sys.exit(principal(sys.argv[1:]))
