"""Verifying and signing a PDF: takes the PDF (and the current sources, for information); gives a
``RapportVerification`` that answers the recipient's questions in order, and signs (PAdES).

Plain functions for the command line and the tests; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from contrat.amendements.depot import Depot, ErreurVersion
from contrat.amendements.diff_modele import diff
from contrat.amendements.rapport import formater
from contrat.application.construction import NOM_SORTIE, OptionsConstruction, construire, gabarit_par_defaut
from contrat.application.publication import ecrire_durablement
from contrat.confiance.archive import ArchiveInvalide, extraire_sources, lire_metadonnees
from contrat.confiance.empreintes import empreinte
from contrat.confiance.signature import EtatSignature, revision_originale, signatures, signer_pdf
from contrat.controles.dossier import valider_dossier
from contrat.erreurs import ErreurContrat, ErreurDocument, ErreurUsage


@dataclass
class RapportVerification:
    """What ``verify`` found, in the order the recipient asks: signatures, version, content."""

    titre: str = ""
    version: str = ""
    commit: str = ""
    lignes: list[str] = field(default_factory=list)
    """Facts in reading order (each signature, the rebuild, the difference with the current sources)."""
    alertes: list[str] = field(default_factory=list)
    """Warnings that do not make the document altered (a tag moved since)."""
    problemes: list[str] = field(default_factory=list)
    """Every « no »: the document is altered or cannot be verified."""
    identique: bool = False
    """Byte for byte the rebuild of its own embedded sources."""

    @property
    def integre(self) -> bool:
        return not self.problemes and self.identique


def verifier_pdf(fichier: Path, dossier: Path, confiance: tuple[Path, ...] = (),
                 manifestes: tuple[Path, ...] = ()) -> RapportVerification:
    """Is every signature intact, valid and covering the document? Which version and commit made
    it? Is it the rebuild of its own embedded sources? How do the current sources differ?
    (``manifestes``: manifest.json files that may record a signature since removed.)"""
    pdf_lisible(fichier)
    donnees = fichier.read_bytes()
    meta = lire_metadonnees(fichier)
    rapport = RapportVerification(meta["Title"], meta["Version"], meta["Commit"])
    etats = signatures(donnees, list(confiance))
    _signatures(etats, rapport)
    original = revision_originale(donnees) if etats else donnees
    for m in (m for m in manifestes if m.is_file()):
        for s in lire_manifeste(m).get("signatures", []):
            if isinstance(s, dict) and s.get("original") == empreinte(donnees) and not etats:
                rapport.problemes.append(f"ce document a été signé par {s.get('signataire')} ({m}) : la signature "
                                         "a été retirée")
    alerte = etiquette_deplacee(dossier, meta)
    if alerte:
        rapport.alertes.append(alerte)
    with tempfile.TemporaryDirectory(prefix="contrat-verif-") as tmp:
        try:
            embarquees = extraire_sources(fichier, Path(tmp) / "embarquees")
        except ArchiveInvalide as exc:
            raise ErreurDocument(f"✗ {exc}") from None
        if embarquees is None:
            rapport.problemes.append("le PDF ne contient pas ses sources (pièce jointe absente ou retirée)")
        else:
            _comparer_a_ses_sources(embarquees, dossier, meta, original, rapport)
    return rapport


def _signatures(etats: list[EtatSignature], rapport: RapportVerification) -> None:
    """Every signature intact and valid; every update after a signature one that signatures allow;
    nothing a reader sees appended after the last one."""
    for n, e in enumerate(etats):
        derniere = n == len(etats) - 1
        verdict = "intègre et valide" if e.intacte and e.valide else "ALTÉRÉE OU INVALIDE"
        portee = ("couvre tout le document" if e.couvre_tout else
                  "suivie de modifications admises" if e.modifications_admises else "SUIVIE DE MODIFICATIONS")
        rapport.lignes.append(f"Signature « {e.champ} » : {e.signataire}, le {e.date} — {verdict}, {portee}"
                              + ("" if e.confiance else " (certificat non reconnu comme de confiance)"))
        if not (e.intacte and e.valide):
            rapport.problemes.append(f"la signature « {e.champ} » ne correspond plus au document")
        elif derniere and not (e.couvre_tout or e.ajouts_techniques):
            rapport.problemes.append(f"le document a été modifié après la dernière signature (« {e.champ} ») : "
                                     "elle ne couvre pas tout le fichier")
        elif not e.modifications_admises:
            rapport.problemes.append(f"le document a été modifié après la signature « {e.champ} » (modifications "
                                     "qu'une signature n'autorise pas)")


def etiquette_deplacee(dossier: Path, meta: dict[str, str]) -> str | None:
    """What to say when the repository's tag for the PDF's version (its metadata ``Version`` and
    ``Commit``) now designates another commit; None when it does not, or outside Git."""
    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        return None
    version, commit = meta.get("Version", ""), meta.get("Commit", "")
    if version and commit and depot.existe(version):
        actuel = depot.commit(version)
        if actuel and not actuel.startswith(commit.split("-")[0]):
            return (f"l'étiquette « {version} » du dépôt désigne maintenant le commit {actuel[:12]}, "
                    f"pas celui du PDF ({commit})")
    return None


def _comparer_a_ses_sources(embarquees: Path, dossier: Path, meta: dict[str, str], original: bytes,
                            rapport: RapportVerification) -> None:
    """Rebuild the PDF from its own embedded sources (with its recorded version, commit and date)
    and compare bytes; then say, for information only, how the current sources differ."""

    try:
        ancien = valider_dossier(embarquees)
    except ErreurContrat as exc:
        rapport.problemes.append(f"les sources jointes au PDF sont invalides :\n{exc.format_message()}")
        return
    au = meta.get("EnVigueurAu") or ""
    jour = dt.date.fromisoformat(au) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", au) else None
    options = OptionsConstruction(gabarit=gabarit_par_defaut(dossier), depot=dossier,
                                  nom=f"{NOM_SORTIE}-au-{jour.isoformat()}" if jour else NOM_SORTIE,
                                  version=meta.get("Version", ""), date=date_du_pdf(original),
                                  commit=meta.get("Commit", ""), au=jour)
    try:
        produit = construire(embarquees, options, resultat=ancien).fichiers.get(f"{options.nom}.pdf")
        rapport.identique = produit is not None and empreinte(produit) == empreinte(original)
    except ErreurContrat as exc:
        rapport.problemes.append(f"reconstruction impossible à partir des sources jointes : {exc.format_message()}")
        return
    if rapport.identique:
        rapport.lignes.append("Contenu : identique octet pour octet à la reconstruction de ses propres sources.")
    else:
        rapport.problemes.append(_pourquoi_different(meta))
    try:
        actuel = valider_dossier(dossier).contrat
    except ErreurContrat:
        rapport.lignes.append("Sources actuelles : invalides (non comparées).")
        return
    changements = diff(ancien.contrat, actuel)
    if changements:
        rapport.lignes.append(formater(ancien.contrat, actuel, changements, "texte",
                                       "Pour information, les sources actuelles diffèrent de celles du PDF :").rstrip("\n"))
    else:
        rapport.lignes.append("Sources : le PDF contient les mêmes sources que les sources actuelles.")


def _pourquoi_different(meta: dict[str, str]) -> str:
    """The verdict on a PDF that differs from its rebuild: modified, unless it records another
    rendering environment than this machine's (another LibreOffice, other fonts lay out and write
    the same sources otherwise): then it cannot be reproduced here, neither verified nor shown
    modified."""
    from contrat.rendu.libreoffice import environnement_de_rendu

    modifie = "le PDF diffère de la reconstruction de ses propres sources : il a été modifié après sa production"
    if not (meta.get("LibreOffice") and meta.get("Polices")):
        return (f"{modifie} (il n'enregistre pas l'environnement de rendu qui l'a produit : version de LibreOffice "
                "et polices n'ont pas pu être comparées à celles de cette machine)")
    ici = environnement_de_rendu()
    ecarts = []
    if ici["LibreOffice"] != meta["LibreOffice"]:
        ecarts.append(f"LibreOffice {ici['LibreOffice']} ici, {meta['LibreOffice']} pour le PDF")
    if ici["Polices"] != meta["Polices"]:
        ecarts.append(f"polices différentes : {_ecart_des_polices(ici, meta)}")
    if not ecarts:
        return modifie
    return ("reproduction impossible ici : le PDF a été produit dans un autre environnement de rendu que cette machine ("
            + " ; ".join(ecarts) + ") ; sa reconstruction diffère, sans que cela prouve qu'il a été modifié : il n'est "
            "pas vérifié (le vérifier sur une machine ayant cette version de LibreOffice et ces polices)")


def _ecart_des_polices(ici: dict[str, str], pdf: dict[str, str]) -> str:
    """Which font files one set has that the other has not, or that they differ in content."""
    noms_ici, noms_pdf = (set(filter(None, e.get("FichiersPolices", "").split(", "))) for e in (ici, pdf))
    parties = []
    if noms_pdf - noms_ici:
        parties.append("absentes ici : " + ", ".join(sorted(noms_pdf - noms_ici)))
    if noms_ici - noms_pdf:
        parties.append("en plus ici : " + ", ".join(sorted(noms_ici - noms_pdf)))
    if not parties and noms_pdf:
        parties.append("mêmes fichiers, contenus différents (autres versions des paquets)")
    return f"empreinte {ici['Polices']} ici, {pdf['Polices']} pour le PDF" + (f" ({' ; '.join(parties)})" if parties else "")


def date_du_pdf(pdf: bytes) -> dt.datetime | None:
    """The date a build stamps in its PDF (the commit's): the rebuild must use the same."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        brut = str(doc.docinfo.get("/CreationDate", ""))
    try:
        return dt.datetime.strptime(brut[2:16], "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


@dataclass(frozen=True)
class PdfSigne:
    fichier: Path
    signataire: str
    numero: int
    """Rank of this signature in the document (1 for the first signatory)."""


def signer_fichier(fichier: Path, certificat: Path, mot_de_passe: str | None, sortie: Path | None = None
                   ) -> PdfSigne:
    """``build.py sign``: add a PAdES signature in an incremental update (earlier ones stay
    valid), write it durably, and record it in the manifest beside the PDF if there is one."""

    pdf_lisible(fichier)
    donnees = fichier.read_bytes()
    deja = signatures(donnees)
    signe = signer_pdf(donnees, certificat, mot_de_passe, f"Signature{len(deja) + 1}")
    cible = sortie or fichier
    ecrire_durablement(cible, signe)
    derniere = signatures(signe)[-1]
    manifeste = cible.parent / "manifest.json"
    if manifeste.is_file():
        contenu = lire_manifeste(manifeste)
        contenu.setdefault("signatures", []).append({"fichier": cible.name, "original": empreinte(donnees),
                                                     "signe": empreinte(signe), "signataire": derniere.signataire})
        ecrire_durablement(manifeste, (json.dumps(contenu, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return PdfSigne(cible, derniere.signataire, len(deja) + 1)


def lire_manifeste(chemin: Path) -> dict[str, Any]:
    """A manifest.json, or a clear error (never a traceback) when it is not one."""
    try:
        contenu = json.loads(chemin.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise ErreurUsage(f"{chemin} : manifeste illisible (JSON attendu)") from None
    if not isinstance(contenu, dict) or not isinstance(contenu.get("signatures", []), list):
        raise ErreurUsage(f"{chemin} : manifeste mal formé")
    return contenu


def pdf_lisible(fichier: Path) -> None:
    """A clear message, not a traceback, for a file that is not a readable PDF."""
    try:
        with pikepdf.open(fichier):
            pass
    except pikepdf.PasswordError:
        raise ErreurUsage(f"{fichier} : PDF protégé par mot de passe") from None
    except (pikepdf.PdfError, OSError):
        raise ErreurUsage(f"{fichier} n'est pas un PDF lisible") from None
