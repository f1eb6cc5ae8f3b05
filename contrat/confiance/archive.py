"""What makes a PDF verifiable: its sources attached inside it (PDF/A-3, as electronic invoices
do), the manifest of a build, and the fingerprints of sources and outputs."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

from contrat.confiance.empreintes import contenus_sources, empreinte
from contrat.erreurs import ErreurRendu

NOM_PIECE_JOINTE = "sources-du-contrat.zip"


TAILLE_MAX_ARCHIVE = 200 * 1024 * 1024
"""Largest total of sources a PDF carries (each file has its own cap when it is read)."""


def zip_sources(dossier: Path, lus: tuple[str, ...] | None = None) -> bytes:
    """The sources as a zip with fixed dates and order: the same sources, the same bytes."""
    contenus = contenus_sources(dossier, lus)
    total = sum(map(len, contenus.values()))
    if total > TAILLE_MAX_ARCHIVE:
        raise ErreurRendu(f"les sources pèsent {total // (1024 * 1024)} Mo : au-delà de "
                          f"{TAILLE_MAX_ARCHIVE // (1024 * 1024)} Mo, elles ne peuvent être jointes au PDF")
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as z:
        for nom, octets in contenus.items():
            info = zipfile.ZipInfo(f"sources/{nom}", date_time=(1980, 1, 1, 0, 0, 0))
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

    Streamed and capped (entries, total size, compression ratio of each entry); an entry named
    outside ``sources/`` (absolute, « .. », a link) makes the whole archive refused."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        if NOM_PIECE_JOINTE not in doc.attachments:
            return None
        donnees = doc.attachments[NOM_PIECE_JOINTE].get_file().read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(donnees))
    except zipfile.BadZipFile:
        raise ArchiveInvalide("la pièce jointe des sources n'est pas une archive zip lisible") from None
    with archive as z:
        entrees = z.infolist()
        if len(entrees) > ENTREES_MAX:
            raise ArchiveInvalide(f"l'archive des sources compte {len(entrees)} entrées (maximum {ENTREES_MAX})")
        total = 0
        racine = (cible / "sources").resolve()
        for info in entrees:
            nom = info.filename
            parties = nom.replace("\\", "/").split("/")
            if (nom.startswith(("/", "\\")) or ".." in parties or parties[0] != "sources" or ":" in parties[0]
                    or stat.S_ISLNK(info.external_attr >> 16)):
                raise ArchiveInvalide(f"entrée « {nom} » hors du dossier des sources : archive refusée")
            if info.is_dir():
                continue
            chemin = (cible / nom).resolve()
            if not chemin.is_relative_to(racine):
                raise ArchiveInvalide(f"entrée « {nom} » hors du dossier des sources : archive refusée")
            chemin.parent.mkdir(parents=True, exist_ok=True)
            ecrit = 0
            with z.open(info) as source, chemin.open("wb") as destination:
                while bloc := source.read(1 << 16):
                    ecrit += len(bloc)
                    total += len(bloc)
                    if total > TAILLE_MAX_EXTRAITE or ecrit > TAUX_MAX * max(info.compress_size, 1024):
                        raise ArchiveInvalide(f"entrée « {nom} » : taille décompressée démesurée (bombe zip ?) : "
                                              "archive refusée")
                    destination.write(bloc)
    return cible / "sources"


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


def lire_metadonnees(pdf: Path) -> dict[str, str]:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        info = doc.docinfo
        return {cle: str(info.get(f"/{cle}", "")) for cle in ("Title", "Version", "Commit", "EnVigueurAu")}
