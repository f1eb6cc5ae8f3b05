"""A Word document as its package's parts (name -> bytes), and the deterministic zip of them.

Renderers hand each other parts, not zips: the contract's DOCX goes from docxtpl to the sommaire
and to LibreOffice without being compressed and read back in between (a tenth of a render).
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.pkgwriter import PackageWriter
from docxtpl import DocxTemplate

Parties = dict[str, bytes]


class _Collecte:
    """Stands for python-docx's zip writer: keeps each part it is given, in the order given."""

    def __init__(self) -> None:
        self.parties: Parties = {}

    def write(self, nom: object, donnees: bytes) -> None:
        self.parties[str(nom).lstrip("/")] = donnees


def parties(tpl: DocxTemplate) -> Parties:
    """What ``tpl.save()`` would zip, in the same order (python-docx's own writer, uncompressed)."""
    tpl.pre_processing()
    paquet = tpl.docx.part.package
    for part in paquet.parts:
        part.before_marshal()
    collecte = _Collecte()
    PackageWriter._write_content_types_stream(collecte, paquet.parts)
    PackageWriter._write_pkg_rels(collecte, paquet.rels)
    PackageWriter._write_parts(collecte, paquet.parts)
    return collecte.parties


def lire(docx: bytes) -> Parties:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {nom: z.read(nom) for nom in z.namelist()}


def zipper(contenu: Parties, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Same entries in the same order, fixed timestamps and attributes: identical bytes for
    identical content (the DOCX published: deflated; the one LibreOffice reads at once: stored)."""
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", compression) as z:
        for nom, donnees in contenu.items():
            info = zipfile.ZipInfo(nom, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, donnees, compresslevel=6 if compression == zipfile.ZIP_DEFLATED else None)
    return sortie.getvalue()


def zip_deterministe(docx: bytes) -> bytes:
    """A DOCX rewritten with fixed timestamps and attributes."""
    return zipper(lire(docx))
