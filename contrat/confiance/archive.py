"""What makes a PDF verifiable: its sources attached inside it (PDF/A-3, as electronic invoices
do), the manifest of a build, and the fingerprints of sources and outputs."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

from contrat.confiance.empreintes import contenus_sources, empreinte
from contrat.erreurs import ErreurRendu

NOM_PIECE_JOINTE = "sources-du-contrat.zip"


TAILLE_MAX_ARCHIVE = 200 * 1024 * 1024
"""Largest total of sources a PDF carries (each file has its own cap when it is read)."""


def zip_sources(dossier: Path, lus: tuple[str, ...] | None = None, autres: dict[str, bytes] | None = None) -> bytes:
    """The sources as a zip with fixed dates and order: the same sources, the same bytes.
    ``autres``: files beside the sources (the annual report's follow-up data), under their own
    names (« suivi/valeurs/2025.csv »)."""
    contenus = {f"sources/{nom}": octets for nom, octets in contenus_sources(dossier, lus).items()}
    contenus.update(sorted((autres or {}).items()))
    total = sum(map(len, contenus.values()))
    if total > TAILLE_MAX_ARCHIVE:
        raise ErreurRendu(f"les sources pèsent {total // (1024 * 1024)} Mo : au-delà de "
                          f"{TAILLE_MAX_ARCHIVE // (1024 * 1024)} Mo, elles ne peuvent être jointes au PDF")
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as z:
        for nom, octets in contenus.items():
            info = zipfile.ZipInfo(nom, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, octets, compresslevel=6)
    return sortie.getvalue()


def attacher_sources(doc: pikepdf.Pdf, archive: bytes, date: dt.datetime) -> None:
    """Embed the sources in ``doc`` as an associated file (AFRelationship /Source)."""
    import pikepdf  # loaded by a build while LibreOffice converts (see rendu/pdf.py)

    piece = pikepdf.AttachedFileSpec(doc, archive, description="Sources validées du contrat (YAML, Markdown, "
                                     "données) : python build.py verify les compare aux sources actuelles",
                                     filename=NOM_PIECE_JOINTE, mime_type="application/zip",
                                     creation_date=date.strftime("D:%Y%m%d%H%M%S+00'00'"),
                                     mod_date=date.strftime("D:%Y%m%d%H%M%S+00'00'"),
                                     relationship=pikepdf.Name.Source)
    doc.attachments[NOM_PIECE_JOINTE] = piece
    doc.Root.AF = pikepdf.Array([piece.obj])
    if "/ID" in doc.trailer:
        del doc.trailer["/ID"]


ENTREES_MAX = 5000
TAILLE_MAX_EXTRAITE = 200 * 1024 * 1024
TAUX_MAX = 200
"""A hostile PDF's archive cannot make the verifier write more than this (zip bomb)."""


class ArchiveInvalide(Exception):
    """The embedded sources cannot be trusted to be extracted (the message is French)."""


def extraire_sources(pdf: Path, cible: Path) -> Path | None:
    """The sources embedded in a PDF, unpacked in ``cible`` (None if it carries none).

    Streamed and capped (entries, total size, compression ratio of each entry, counted on the
    bytes actually decompressed, not on what the headers claim); the whole archive is refused for
    an entry named outside ``sources/`` (absolute, « .. »), a link or any entry neither a file nor
    a folder, a name with a control character or met twice (or both a file and a folder), an
    encrypted or unreadable entry."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        if NOM_PIECE_JOINTE not in doc.attachments:
            return None
        donnees = doc.attachments[NOM_PIECE_JOINTE].get_file().read_bytes()
    # Each entry of the central directory starts with this signature: their count bounds the
    # number of entries before zipfile builds an object for each (a million claimed entries).
    if donnees.count(b"PK\x01\x02") > ENTREES_MAX:
        raise ArchiveInvalide(f"l'archive des sources compte plus de {ENTREES_MAX} entrées : archive refusée")
    try:
        archive = zipfile.ZipFile(io.BytesIO(donnees))
    except ILLISIBLE:
        raise ArchiveInvalide("la pièce jointe des sources n'est pas une archive zip lisible") from None
    with archive as z:
        entrees = z.infolist()
        if len(entrees) > ENTREES_MAX:
            raise ArchiveInvalide(f"l'archive des sources compte {len(entrees)} entrées (maximum {ENTREES_MAX}) : "
                                  "archive refusée")
        _entrees_admises(entrees)
        total = 0
        racine = (cible / "sources").resolve()
        for info in entrees:
            if info.is_dir():
                continue
            nom = info.filename
            chemin = (cible / nom).resolve()
            if not chemin.is_relative_to(racine):
                raise ArchiveInvalide(f"entrée « {nom} » hors du dossier des sources : archive refusée")
            chemin.parent.mkdir(parents=True, exist_ok=True)
            total += _extraire(z, info, chemin, TAILLE_MAX_EXTRAITE - total)
    return cible / "sources"


ILLISIBLE = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, RuntimeError,
             struct.error, zlib.error, OSError)
"""What zipfile raises on a damaged or crafted archive (bad CRC, lying sizes, unknown compression,
encryption, names that do not decode)."""


def _extraire(z: zipfile.ZipFile, info: zipfile.ZipInfo, chemin: Path, reste: int) -> int:
    """One entry written to ``chemin``, streamed: its size counted on what comes out of it."""
    nom, ecrit = info.filename, 0
    try:
        with z.open(info) as source, chemin.open("wb") as destination:
            while bloc := source.read(1 << 16):
                ecrit += len(bloc)
                if ecrit > reste or ecrit > TAUX_MAX * max(info.compress_size, 1024):
                    raise ArchiveInvalide(f"entrée « {nom} » : taille décompressée démesurée (bombe zip ?) : "
                                          "archive refusée")
                destination.write(bloc)
    except ILLISIBLE as exc:
        raise ArchiveInvalide(f"entrée « {nom} » illisible ({_raison(exc)}) : archive refusée") from None
    return ecrit


def _raison(exc: BaseException) -> str:
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "contenu qui ne correspond pas à son empreinte CRC ou à sa taille déclarée"
    if isinstance(exc, NotImplementedError):
        return "méthode de compression non prise en charge"
    if isinstance(exc, (zlib.error, EOFError)):
        return "données compressées corrompues ou tronquées"
    return type(exc).__name__


def _entrees_admises(entrees: list[zipfile.ZipInfo]) -> None:
    """Every entry a plain file or folder under ``sources/``, named once, without control
    characters, not encrypted; else the whole archive is refused."""
    fichiers: set[str] = set()
    dossiers: set[str] = set()
    for info in entrees:
        nom = info.orig_filename  # before zipfile cuts the name at a NUL
        affiche = nom.encode("unicode_escape").decode("ascii") if _controle(nom) else nom
        if _controle(nom):
            raise ArchiveInvalide(f"entrée « {affiche} » : caractère de contrôle dans le nom : archive refusée")
        parties = nom.replace("\\", "/").split("/")
        mode = info.external_attr >> 16
        if (nom.startswith(("/", "\\")) or ".." in parties or parties[0] != "sources" or ":" in parties[0]):
            raise ArchiveInvalide(f"entrée « {nom} » hors du dossier des sources : archive refusée")
        if stat.S_ISLNK(mode):
            raise ArchiveInvalide(f"entrée « {nom} » : lien symbolique : archive refusée")
        if info.flag_bits & 0x1:
            raise ArchiveInvalide(f"entrée « {nom} » chiffrée : archive refusée")
        if any(len(p.encode("utf-8")) > 255 for p in parties):
            raise ArchiveInvalide(f"entrée « {nom[:80]}… » : nom trop long : archive refusée")
        dossier = info.is_dir()
        if (stat.S_IFMT(mode) and not (stat.S_ISDIR(mode) if dossier else stat.S_ISREG(mode))) \
                or (dossier and info.file_size):
            raise ArchiveInvalide(f"entrée « {nom} » : ni un fichier ni un dossier ordinaire : archive refusée")
        cle = "/".join(p for p in parties if p not in ("", "."))
        if cle in fichiers or cle in dossiers and not dossier:
            raise ArchiveInvalide(f"entrée « {nom} » présente deux fois : archive refusée")
        (dossiers if dossier else fichiers).add(cle)
        pieces = cle.split("/")
        dossiers.update("/".join(pieces[:k]) for k in range(1, len(pieces)))
    if communs := sorted(fichiers & dossiers):
        raise ArchiveInvalide(f"entrée « {communs[0]} » à la fois fichier et dossier : archive refusée")


def _controle(nom: str) -> bool:
    """A control, format (bidirectional, zero-width) or line-separator character."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in nom)


def manifeste(dossier: Path, commit: str, version: str, date: dt.datetime, sorties: dict[str, bytes],
              lus: tuple[str, ...] | None = None, entrees: str = "") -> bytes:
    """dist/manifest.json: which sources made which outputs (``entrees``: the fingerprint of all a
    build depends on, to know next time whether anything changed)."""
    contenu: dict[str, Any] = {
        "commit": commit,
        "version": version,
        "date_des_sources": date.isoformat(),
        "entrees": entrees,
        "sources": {nom: empreinte(octets) for nom, octets in contenus_sources(dossier, lus).items()},
        "sorties": {nom: empreinte(donnees) for nom, donnees in sorted(sorties.items())},
    }
    return (json.dumps(contenu, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


METADONNEES = ("Title", "Version", "Commit", "EnVigueurAu", "LibreOffice", "Polices", "FichiersPolices")
"""What a build records in the PDF's Info: title, version, commit, date in force, and the rendering
environment (LibreOffice's version, its fonts' fingerprint and names; empty in older PDFs)."""


def lire_metadonnees(pdf: Path) -> dict[str, str]:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        info = doc.docinfo
        return {cle: str(info.get(f"/{cle}", "")) for cle in METADONNEES}
