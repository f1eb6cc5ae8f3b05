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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from contrat.amendements.avenant import Versions, articles
from contrat.amendements.depot import ETIQUETTE_CONTRAT, MOTIF_AVENANT, Depot, ErreurVersion, alterations
from contrat.amendements.rapport import formater_articles, representants
from contrat.amendements.redaction import ErreurRedaction
from contrat.application.construction import NOM_SORTIE, OptionsConstruction, construire, gabarit_par_defaut
from contrat.application.publication import ecrire_durablement, lire_manifeste
from contrat.application.sources import verifier
from contrat.confiance.archive import ArchiveInvalide, extraire_sources, lire_metadonnees
from contrat.confiance.empreintes import empreinte, fichiers_sources
from contrat.confiance.signature import EtatSignature, Historique, historique, lire_pdf, signatures, signer_pdf
from contrat.erreurs import ErreurContrat, ErreurDocument, ErreurUsage
from contrat.lecture.pdf_externe import PdfHostile, formulaire_borne
from contrat.modele.contrat import Contrat


@dataclass
class RapportVerification:
    """What ``verify`` found, in the order the recipient asks: signatures, version, content."""

    titre: str = ""
    version: str = ""
    commit: str = ""
    lignes: list[str] = field(default_factory=list)
    """Facts in reading order (each signature, the rebuild, the difference with the current sources)."""
    problemes: list[str] = field(default_factory=list)
    """Every « no »: the document is altered or cannot be verified."""
    identique: bool = False
    """Byte for byte the rebuild of its own embedded sources."""
    etat_version: str = "non vérifiée"
    """Whether the embedded sources are the claimed commit's, or what could not be checked."""


def verifier_pdf(fichier: Path, dossier: Path, confiance: tuple[Path, ...] = (),
                 manifestes: tuple[Path, ...] = ()) -> RapportVerification:
    """Is every signature intact, valid, trusted when trusted certificates are given, and is every
    update of the file only what signing adds? Which version and commit made it, and are its
    embedded sources that commit's? Is its original the rebuild of its own embedded sources? How
    do the current sources differ? (``manifestes``: manifest.json files that may record the build
    that made it, or a signature since removed.)"""
    pdf_lisible(fichier)
    donnees = fichier.read_bytes()
    meta = lire_metadonnees(fichier)
    rapport = RapportVerification(meta["Title"], meta["Version"], meta["Commit"])
    lu = lire_pdf(donnees)
    etats = signatures(donnees, list(confiance), lu)
    _signatures(etats, rapport, exiger_confiance=bool(confiance))
    histoire = historique(donnees, lu)
    _historique(histoire, rapport)
    original = histoire.original
    for m in (m for m in manifestes if m.is_file()):
        _manifeste(m, fichier, donnees, original, bool(etats), rapport)
    alerte = etiquette_deplacee(dossier, meta)
    if alerte:
        rapport.problemes.append(f"{alerte} : le dépôt ne désigne plus la version dont le PDF se réclame (étiquette "
                                 "déplacée) ; le PDF ou le dépôt a été modifié")
    rapport.problemes.extend(historique_signe_altere(dossier))
    with tempfile.TemporaryDirectory(prefix="contrat-verif-") as tmp:
        try:
            embarquees = extraire_sources(fichier, Path(tmp) / "embarquees")
        except ArchiveInvalide as exc:
            # Said with what was found before (a signature that no longer matches, above all).
            rapport.problemes.append(str(exc))
            return rapport
        if embarquees is None:
            rapport.problemes.append("le PDF ne contient pas ses sources (pièce jointe absente ou retirée)")
        else:
            # The claimed commit's sources are compared (Git, reading the files) while the rebuild
            # waits for LibreOffice; its findings are said first all the same.
            version = RapportVerification()
            with ThreadPoolExecutor(max_workers=1) as fond:
                comparaison = fond.submit(_verifier_version, embarquees, dossier, meta, version, Path(tmp) / "commit")
                avant = len(rapport.problemes)
                _comparer_a_ses_sources(embarquees, dossier, meta, original, rapport)
                comparaison.result()
            rapport.etat_version = version.etat_version
            rapport.problemes[avant:avant] = version.problemes
    return rapport


def _manifeste(m: Path, fichier: Path, donnees: bytes, original: bytes, signe: bool,
               rapport: RapportVerification) -> None:
    """A manifest that records a signature of this very document (now unsigned: it was removed),
    or, beside the file, that records another output under its name (the file was swapped)."""
    contenu = lire_manifeste(m)
    for s in contenu.get("signatures", []):
        if isinstance(s, dict) and s.get("original") == empreinte(donnees) and not signe:
            rapport.problemes.append(f"ce document a été signé par {s.get('signataire')} ({m}) : la signature "
                                     "a été retirée")
    sorties = contenu.get("sorties")
    attendu = sorties.get(fichier.name) if isinstance(sorties, dict) and m.parent == fichier.parent else None
    if isinstance(attendu, str) and attendu not in (empreinte(donnees), empreinte(original)):
        rapport.problemes.append(f"{m} enregistre pour « {fichier.name} » une autre empreinte ({attendu[:12]}…) : "
                                 "ce fichier n'est pas celui que cette construction a produit (fichier remplacé)")


def _signatures(etats: list[EtatSignature], rapport: RapportVerification, exiger_confiance: bool = False) -> None:
    """Every signature intact and valid (and, when trusted certificates are given, made by one of
    them); every update after a signature one that signatures allow; nothing a reader sees
    appended after the last one. Trusted certificates given, an unsigned document fails: whoever
    names them expects the document to be signed by one of them."""
    if exiger_confiance and not any(not e.horodatage for e in etats):
        rapport.problemes.append("aucune signature : --confiance exige une signature par un certificat de confiance")
    for n, e in enumerate(etats):
        _juger(e, n == len(etats) - 1, rapport)
        if exiger_confiance and not e.horodatage and not e.confiance:
            rapport.problemes.append(f"la signature « {e.champ} » ({e.signataire}) n'est faite par aucun des "
                                     "certificats de confiance donnés (--confiance)")


_MOTS = {
    # (line, feminine ending, « la signature » / « l'horodatage », « la dernière signature », « elle »,
    #  who is not trusted)
    False: ("Signature", "e", "la signature", "la dernière signature", "elle", "certificat non reconnu"),
    True: ("Horodatage", "", "l'horodatage", "le dernier horodatage", "il", "autorité d'horodatage non reconnue"),
}


def _juger(e: EtatSignature, derniere: bool, rapport: RapportVerification) -> None:
    """One signature or document timestamp: intact and valid, and, when last, covering the file
    (or followed only by validation data). A timestamp's authority is said trusted or not, never
    required to be: it attests a time, not a consent."""
    ligne, e_, le, le_dernier, il, non_reconnu = _MOTS[e.horodatage]
    verdict = "intègre et valide" if e.intacte and e.valide else f"ALTÉRÉ{e_.upper()} OU INVALIDE"
    portee = ("couvre tout le document" if e.couvre_tout else
              f"suivi{e_} de modifications admises" if e.modifications_admises else f"SUIVI{e_.upper()} DE MODIFICATIONS")
    rapport.lignes.append(f"{ligne} « {e.champ} » : {e.signataire}, le {e.date} — {verdict}, {portee}"
                          + ("" if e.confiance else f" ({non_reconnu} comme de confiance)"))
    if not (e.intacte and e.valide):
        rapport.problemes.append(f"{le} « {e.champ} » ne correspond plus au document")
    elif derniere and not (e.couvre_tout or e.ajouts_techniques):
        rapport.problemes.append(f"le document a été modifié après {le_dernier} (« {e.champ} ») : {il} ne couvre pas "
                                 "tout le fichier")
    elif not e.modifications_admises:
        rapport.problemes.append(f"le document a été modifié après {le} « {e.champ} » (modifications qu'une "
                                 "signature n'autorise pas)")


def _historique(h: Historique, rapport: RapportVerification) -> None:
    """Each update of the file adds only what signing adds; nothing follows the last one; the
    metadata (title, XMP) are the original's."""
    signees = [r for r in h.revisions if r.signature]
    precedente = ""
    for r in h.revisions:
        if r.changements:
            quand = (f"dans la mise à jour qui ajoute la signature « {r.signature} »" if r.signature else
                     f"après la signature « {precedente} »" if precedente else
                     "avant la première signature" if signees else "après sa production")
            rapport.problemes.append(f"le document a été modifié {quand} (mise à jour n° {r.numero}) : "
                                     + " ; ".join(r.changements))
        precedente = r.signature or precedente
    rapport.problemes.extend(h.structure)
    if h.octets_en_trop:
        rapport.problemes.append(f"{h.octets_en_trop} octets suivent la fin du PDF (après le « %%EOF » de sa dernière "
                                 "mise à jour) : ils n'appartiennent à aucune version du document")
    if h.metadonnees:
        rapport.problemes.append("les métadonnées ont été modifiées après la production du document : "
                                 + " ; ".join(h.metadonnees))
    if h.revisions and not any(r.changements for r in h.revisions) and not (h.metadonnees or h.octets_en_trop
                                                                             or h.structure):
        rapport.lignes.append(f"Historique : {len(h.revisions)} mise(s) à jour après la production, qui n'ajoutent "
                              "que des signatures sans apparence visible (et leurs données de validation) ; "
                              "métadonnées inchangées.")


def historique_signe_altere(dossier: Path) -> list[str]:
    """The repository against which the PDF is verified no longer holds its signed versions as
    signed (a signing commit amended, a tag moved, a manifest that no longer matches): the
    version a PDF claims cannot be vouched for by it, whatever the PDF (README: verify fails).
    Uncommitted edits of the current sources are not history: they are left to ``diff``."""
    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        return []  # outside Git: the version line says what could not be checked
    try:
        trouvees = alterations(depot)
    except ErreurVersion as exc:  # an unreadable manifest of a signed version
        trouvees = [exc.message]
    return [f"le dépôt ne garantit plus ses versions signées : {t}" for t in trouvees]


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


def _verifier_version(embarquees: Path, dossier: Path, meta: dict[str, str], rapport: RapportVerification,
                      tmp: Path) -> None:
    """« vérifiée » only when the embedded sources are, file by file, those of the commit the PDF
    names (in the repository of ``dossier``, at the sources folder's place); otherwise what could
    not be checked, or the files that differ (a problem: the PDF claims a version it is not)."""
    version, commit = meta.get("Version", ""), meta.get("Commit", "")
    try:
        depot = Depot.de(dossier)
    except ErreurVersion:
        rapport.etat_version = f"non vérifiée : {dossier} n'est pas dans un dépôt Git"
        return
    if not commit or commit.endswith("-modifie"):
        rapport.etat_version = ("non vérifiée : le PDF ne dit pas de quel commit il vient" if not commit else
                                "non vérifiée : construit à partir de modifications non enregistrées")
        return
    if not depot.existe(commit):
        rapport.etat_version = f"non vérifiée : le commit {commit} est absent de ce dépôt"
        return
    try:
        extrait = depot.extraire(commit, tmp)
    except ErreurVersion as exc:
        rapport.etat_version = f"non vérifiée : {exc.message}"
        return
    if not extrait.is_dir():
        rapport.etat_version = f"non vérifiée : le commit {commit} n'a pas de dossier « {depot.prefixe} »"
        return
    differents = _fichiers_differents(embarquees, extrait)
    etiquette = bool(version) and depot.existe(f"refs/tags/{version}")
    nom = f"commit {commit}" + (f", étiquette « {version} »" if etiquette else "")
    if differents:
        # The folder is named: a PDF made from another sources folder of the repository is
        # verified with --sources pointing at that folder.
        dossier_du_depot = depot.prefixe.rstrip("/") or "."
        rapport.etat_version = f"NON CONFORME : ses sources jointes ne sont pas celles du {nom}"
        rapport.problemes.append(f"les sources jointes au PDF ne sont pas celles du {nom} dont il se réclame "
                                 f"(dossier « {dossier_du_depot} ») : " + ", ".join(differents[:10])
                                 + (" …" if len(differents) > 10 else ""))
        return
    rapport.etat_version = f"vérifiée : ses sources jointes sont, fichier par fichier, celles du {nom}"
    if not etiquette and (version == ETIQUETTE_CONTRAT or MOTIF_AVENANT.match(version)):
        rapport.etat_version += f" ; étiquette « {version} » absente de ce dépôt (non vérifiée)"


def _fichiers_differents(embarquees: Path, extrait: Path) -> list[str]:
    """Files the contract reads at the commit, or carried in the PDF, that are not the same bytes
    in both (read at the commit as a build reads them; all its files when they cannot be read)."""
    try:
        lus = {f.relative_to(extrait).as_posix() for f in fichiers_sources(extrait)}
    except ErreurContrat:
        lus = {f.relative_to(extrait).as_posix() for f in extrait.rglob("*") if f.is_file()}
    joints = {f.relative_to(embarquees).as_posix() for f in embarquees.rglob("*") if f.is_file()}
    return sorted(n for n in lus | joints if not (embarquees / n).is_file() or not (extrait / n).is_file()
                  or (embarquees / n).read_bytes() != (extrait / n).read_bytes())


def _comparer_a_ses_sources(embarquees: Path, dossier: Path, meta: dict[str, str], original: bytes,
                            rapport: RapportVerification) -> None:
    """Rebuild the PDF from its own embedded sources (with its recorded version, commit and date)
    and compare bytes; then say, for information only, how the current sources differ."""

    try:
        ancien = verifier(embarquees)
    except ErreurContrat as exc:
        rapport.problemes.append(f"les sources jointes au PDF sont invalides :\n{exc.format_message()}")
        return
    au = meta.get("EnVigueurAu") or ""
    jour = dt.date.fromisoformat(au) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", au) else None
    # A PDF that names no commit was built outside Git: rebuilt outside Git too (the repository's
    # commit, tags and signed versions would print another cover and history).
    options = OptionsConstruction(gabarit=gabarit_par_defaut(dossier), depot=dossier if meta.get("Commit") else embarquees,
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
        actuel = verifier(dossier).contrat
    except ErreurContrat:
        rapport.lignes.append("Sources actuelles : invalides (non comparées).")
        return
    rapport.lignes.append(_difference_imprimee(ancien.contrat, actuel))


def _difference_imprimee(ancien: Contrat, actuel: Contrat) -> str:
    """For information: how the current sources' contract prints otherwise than the PDF's, in the
    avenant's printed terms (articles, quoted alinéas), never as paths of the sources."""
    titre = "Pour information, les sources actuelles diffèrent de celles du PDF (en termes d'avenant) :"
    if ancien == actuel:  # the same model prints the same contract: no printed trees to compare
        return "Sources : le PDF contient les mêmes sources que les sources actuelles."
    try:
        liste = articles(Versions(ancien, actuel, None, ""))
    except ErreurRedaction as exc:
        return f"Pour information, les sources actuelles diffèrent de celles du PDF (comparaison impossible : {exc})."
    signataires = representants(ancien, actuel)
    if not liste and not signataires:
        return "Sources : les sources actuelles impriment le même contrat que celles du PDF."
    return formater_articles(liste, signataires, "texte", titre).rstrip("\n")


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
    cible = sortie or fichier
    if not cible.parent.is_dir():
        raise ErreurUsage(f"{cible} : le dossier {cible.parent} n'existe pas (--sortie)")
    donnees = fichier.read_bytes()
    try:
        deja = signatures(donnees)
    except ErreurDocument as exc:
        raise ErreurUsage(f"{fichier} : {exc.message.removeprefix('✗ ')}") from None
    try:
        signe = signer_pdf(donnees, certificat, mot_de_passe, f"Signature{len(deja) + 1}")
    except ErreurUsage as exc:
        if exc.message.startswith(str(certificat)):
            raise
        raise ErreurUsage(f"{fichier} : {exc.message}") from None
    ecrire_durablement(cible, signe)
    derniere = signatures(signe)[-1]
    manifeste = cible.parent / "manifest.json"
    if manifeste.is_file():
        contenu = lire_manifeste(manifeste)
        contenu.setdefault("signatures", []).append({"fichier": cible.name, "original": empreinte(donnees),
                                                     "signe": empreinte(signe), "signataire": derniere.signataire})
        ecrire_durablement(manifeste, (json.dumps(contenu, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return PdfSigne(cible, derniere.signataire, len(deja) + 1)


def pdf_lisible(fichier: Path) -> None:
    """A clear message, not a traceback, for a file that is not a readable PDF, or whose form
    tree (which pyHanko follows to find signatures) loops."""
    try:
        with pikepdf.open(fichier) as doc:
            formulaire_borne(doc)
    except PdfHostile as exc:
        raise ErreurDocument(f"✗ {fichier} : {exc} : document refusé") from None
    except pikepdf.PasswordError:
        raise ErreurUsage(f"{fichier} : PDF protégé par mot de passe") from None
    except (pikepdf.PdfError, OSError):
        raise ErreurUsage(f"{fichier} n'est pas un PDF lisible") from None
