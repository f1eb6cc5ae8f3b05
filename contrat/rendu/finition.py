"""LibreOffice's PDF finished by qpdf (pikepdf), in one pass: external PDF annexes in their
reserved pages, metadata in Info and XMP, the sources attached, the fonts checked; saved
reproducibly. Loaded once LibreOffice is converting (``rendu/pdf.py``): pikepdf's load is not
on a build's way to the conversion.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pikepdf

from contrat.erreurs import ErreurRendu
from contrat.impression.numerotation import marque_reservee
from contrat.impression.typographie import typographier
from contrat.lecture.confinement import HorsSources, lire_confine
from contrat.liberation import liberer
from contrat.modele.contrat import Contrat, Document
from contrat.rendu.docx import OptionsRendu

POLICES_ADMISES = ("Carlito", "Caladea", "Liberation", "OpenSymbol")

ENREGISTREMENT: dict[str, Any] = {"deterministic_id": True, "object_stream_mode": pikepdf.ObjectStreamMode.generate}
"""How every PDF is saved: reproducible, and with its objects in compressed object streams
(allowed from PDF/A-2): LibreOffice writes the tagged structure as 50 000 plain objects, three
quarters of the file (59 pages: 1.3 -> 0.5 Mo; saved faster too)."""

@contextmanager
def ouvrir(pdf: bytes) -> Iterator[pikepdf.Pdf]:
    """LibreOffice's PDF opened for one pass (changed, then saved once by ``enregistrer``).

    Opened from a file: qpdf reads a file itself, a Python stream through a callback per read
    (0.04 s against 0.1 s for the 7 600 objects of the 59-page contract); LibreOffice sets every
    page's attributes on the page itself: nothing to push down (0.3 s at 470 pages)."""
    with tempfile.TemporaryDirectory(prefix="contrat-") as tmp:
        entree = Path(tmp) / "libreoffice.pdf"
        entree.write_bytes(pdf)
        doc = pikepdf.open(entree, inherit_page_attributes=False)
        try:
            yield doc
        finally:
            liberer(doc, doc.close)  # a build leaving at once does not free qpdf's objects one by one


def enregistrer(doc: pikepdf.Pdf) -> bytes:
    """The PDF opened by ``ouvrir``, saved reproducibly (into a file: qpdf writes it without
    holding the interpreter all along)."""
    sortie = Path(doc.filename).with_name("contrat.pdf")
    doc.save(sortie, **ENREGISTREMENT)
    return sortie.read_bytes()


def inserer_pdf_externes(doc: pikepdf.Pdf, pdf: bytes, contrat: Contrat, dossier: Path | None) -> list[str]:
    """Replace the pages of ``doc`` (read from ``pdf``) reserved for external PDF annexes by their
    pages, numbered like the document; gives what was removed from them (active content).

    The reserved pages were counted by LibreOffice, so the sommaire and page numbers stay right.
    """
    externes = [d for d in (*contrat.annexes, *contrat.contributions) if d.pdf]
    rapport: list[str] = []
    if not externes:
        return rapport
    if dossier is None:
        raise ErreurRendu("annexes PDF déclarées mais dossier des sources inconnu")
    from pypdf import PdfReader  # only for contracts with PDF annexes (0.07 s to load)

    textes = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    non_pdfa: list[str] = []
    police = _police_de_pied(doc)
    for externe in externes:
        with pikepdf.open(io.BytesIO(_annexe_verifiee(dossier, externe))) as source:
            for k in range(externe.pdf_pages):
                marque = marque_reservee(contrat, externe.code, k).strip("\u2063")
                index = next((i for i, t in enumerate(textes) if marque in t), None)
                if index is None:
                    raise ErreurRendu(f"page réservée {k + 1} de l'annexe « {externe.titre} » introuvable dans le PDF")
                page, retires = page_sure(doc, source, k)
                doc.pages[index] = page
                for retire in retires:
                    rapport.append(f"annexe « {externe.titre} », page {k + 1} : {retire} retiré(e)")
                manquantes = polices_non_incorporees(doc.pages[index])
                if manquantes:
                    non_pdfa.append(f"« {externe.pdf} » page {k + 1} : polices non incorporées "
                                    f"({', '.join(sorted(set(manquantes)))})")
                if not _numeroter(doc, index, police):
                    rapport.append(f"page {index + 1} (annexe PDF) : numéro non apposé, police du document incomplète")
    if non_pdfa:
        # A reader would substitute those fonts: the file can no longer claim PDF/A.
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            for cle in ("pdfaid:part", "pdfaid:conformance"):
                if cle in meta:
                    del meta[cle]
        rapport.extend(f"{x} : le PDF ne se déclare plus PDF/A (fournir l'annexe avec ses polices "
                       "incorporées)" for x in non_pdfa)
    return rapport


def _annexe_verifiee(dossier: Path, externe: Document) -> bytes:
    """The bytes of an external PDF annex, read confined and identical to those the check read
    (its fingerprint): a link swapped since cannot put another file's pages in the document."""
    try:
        octets = lire_confine(dossier, dossier / externe.pdf, externe.pdf)
    except HorsSources as exc:
        raise ErreurRendu(f"annexe « {externe.titre} » : {exc}") from None
    if externe.pdf_empreinte and hashlib.sha256(octets).hexdigest() != externe.pdf_empreinte:
        raise ErreurRendu(f"le fichier « {externe.pdf} » a changé depuis la vérification des sources : rien n'est "
                          "publié, relancer la construction")
    return octets


def page_sure(doc: pikepdf.Pdf, source: pikepdf.Pdf, rang: int) -> tuple[pikepdf.Page, list[str]]:
    """Page ``rang`` of an external PDF rebuilt from what it shows only: its content stream,
    resources and boxes. Annotations (links, forms, media), actions, JavaScript and attached files
    are left behind at any depth; also what was left (for the build's report)."""
    objet = source.pages[rang].obj
    retires = []
    if objet.get("/Annots"):
        retires.append(f"{len(objet.Annots)} annotation(s) (liens, formulaires, multimédia)")
    if "/AA" in objet:
        retires.append("action automatique")
    nouvelle = pikepdf.Dictionary(Type=pikepdf.Name.Page)
    for cle in ("/MediaBox", "/CropBox", "/Rotate", "/Resources", "/Contents"):
        valeur = _herite(objet, cle) if cle != "/Contents" else objet.get("/Contents")
        if valeur is not None:
            nouvelle[cle] = valeur
    # Built in the source, then copied with exactly what it references: nothing else comes along.
    return pikepdf.Page(doc.copy_foreign(source.make_indirect(nouvelle))), retires


def _herite(objet: pikepdf.Dictionary, cle: str):  # noqa: ANN202
    """A page attribute, inherited from the page tree when the page does not set it."""
    while objet is not None:
        if cle in objet:
            return objet[cle]
        objet = objet.get("/Parent")
    return None


def polices_non_incorporees(page: pikepdf.Page) -> list[str]:
    """Fonts a page uses whose glyphs are not in the file (a reader substitutes them: not PDF/A)."""
    manquantes: list[str] = []
    vues: set[tuple[int, int]] = set()

    def parcourir(ressources) -> None:  # noqa: ANN001
        if not isinstance(ressources, pikepdf.Dictionary):
            return
        for police in (ressources.get("/Font") or {}).values():
            if police.objgen in vues:
                continue
            vues.add(police.objgen)
            sous_type = police.get("/Subtype")
            if sous_type == pikepdf.Name.Type3:
                continue  # glyphs drawn by the file's own procedures
            descripteur = police.get("/FontDescriptor")
            if sous_type == pikepdf.Name.Type0:
                descendante = police.get("/DescendantFonts")
                descripteur = descendante[0].get("/FontDescriptor") if descendante else None
            if descripteur is None or not any(k in descripteur for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                manquantes.append(str(police.get("/BaseFont", "?")).lstrip("/"))
        for xobjet in (ressources.get("/XObject") or {}).values():
            if xobjet.get("/Subtype") == pikepdf.Name.Form and xobjet.objgen not in vues:
                vues.add(xobjet.objgen)
                parcourir(xobjet.get("/Resources"))

    parcourir(page.obj.get("/Resources"))
    return manquantes


def _police_de_pied(doc: pikepdf.Pdf) -> tuple[pikepdf.Object, dict[str, int]] | None:
    """The regular text font LibreOffice embedded, with its character -> code table (ToUnicode)."""
    for page in doc.pages:
        for police in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if str(police.get("/BaseFont", "")).endswith("+Carlito") and "/ToUnicode" in police:
                return police, _table_unicode(police.ToUnicode.read_bytes().decode("latin-1"))
    return None


def _table_unicode(cmap: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for bloc in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", bloc):
            table[chr(int(uni[:4], 16))] = int(code, 16)
    for bloc in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for debut, fin, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", bloc):
            for n in range(int(debut, 16), int(fin, 16) + 1):
                table[chr(int(uni, 16) + n - int(debut, 16))] = n
    return table


def _numeroter(doc: pikepdf.Pdf, index: int, police: tuple[pikepdf.Object, dict[str, int]] | None) -> bool:
    """Stamp « Page X / Y » at the foot of an inserted page, with the document's own embedded font."""
    texte = f"Page {index + 1} / {len(doc.pages)}"
    if police is None or any(c not in police[1] for c in texte):
        return False
    objet, table = police
    codes = bytes(table[c] for c in texte)
    premier = int(objet.get("/FirstChar", 0))
    largeurs = list(objet.get("/Widths", []))
    largeur = sum(float(largeurs[c - premier]) for c in codes if 0 <= c - premier < len(largeurs)) * 9 / 1000
    page = doc.pages[index]
    boite = [float(x) for x in page.mediabox]
    x, y = boite[0] + (boite[2] - boite[0] - largeur) / 2, boite[1] + 30
    if "/Resources" not in page.obj:
        page.obj.Resources = pikepdf.Dictionary()
    if "/Font" not in page.obj.Resources:
        page.obj.Resources.Font = pikepdf.Dictionary()
    page.obj.Resources.Font.FContrat = objet
    chaine = codes.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    flux = b"q BT /FContrat 9 Tf %.2f %.2f Td (" % (x, y) + chaine + b") Tj ET Q"
    page.contents_add(doc.make_stream(flux), prepend=False)
    return True


def metadonnees(pdf: bytes, contrat: Contrat, options: OptionsRendu, titre: str | None = None) -> bytes:
    """``pdf`` with its metadata set (see ``poser_metadonnees``)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        poser_metadonnees(doc, contrat, options, titre)
        sortie = io.BytesIO()
        doc.save(sortie, **ENREGISTREMENT)
        return sortie.getvalue()


def poser_metadonnees(doc: pikepdf.Pdf, contrat: Contrat, options: OptionsRendu, titre: str | None = None) -> None:
    """Title, subject, version and source commit in Info and XMP, kept in sync (PDF/A)."""
    epci = contrat.organisation(contrat.territoire.epci)
    sujet = f"Contrat de ville {contrat.periode.debut}-{contrat.periode.fin} – " + ", ".join(
        f"QPV {q.nom} ({q.commune})" for q in contrat.quartiers)
    titre, sujet = typographier(titre or contrat.intitule), typographier(sujet)
    date = options.date.strftime("D:%Y%m%d%H%M%S+00'00'")
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = titre
        meta["dc:description"] = sujet
        meta["dc:creator"] = [epci.nom_complet]
        meta["pdf:Keywords"] = f"contrat de ville; politique de la ville; version {options.version}; commit {options.commit}"
        meta["xmp:CreateDate"] = options.date.isoformat()
        meta["xmp:ModifyDate"] = options.date.isoformat()
        meta["xmp:MetadataDate"] = options.date.isoformat()
    _dater_profils_icc(doc, options.date)
    doc.docinfo["/CreationDate"] = date
    doc.docinfo["/ModDate"] = date
    doc.docinfo["/Version"] = options.version
    doc.docinfo["/Commit"] = options.commit
    if options.en_vigueur_au:
        doc.docinfo["/EnVigueurAu"] = options.en_vigueur_au
    # LibreOffice's checksum and the trailer ID change at every run.
    if "/DocChecksum" in doc.trailer:
        del doc.trailer["/DocChecksum"]
    if "/ID" in doc.trailer:
        del doc.trailer["/ID"]


def _dater_profils_icc(doc: pikepdf.Pdf, date: Any) -> None:
    """LibreOffice's sRGB profile carries the time of export (ICC header bytes 24-35): the
    commit's date instead, for byte-identical builds."""
    for intention in doc.Root.get("/OutputIntents", []):
        profil = intention.get("/DestOutputProfile")
        if profil is None:
            continue
        octets = bytearray(profil.read_bytes())
        if len(octets) >= 36:
            octets[24:36] = struct.pack(">6H", date.year, date.month, date.day, date.hour, date.minute, date.second)
            profil.write(bytes(octets))


def polices_non_admises(pdf: bytes) -> list[str]:
    """Fonts of the PDF that are not metric-compatible substitutes (silent replacement)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return polices_du_document(doc)


def polices_du_document(doc: pikepdf.Pdf) -> list[str]:
    noms: set[str] = set()
    for page in doc.pages:
        polices = page.obj.get("/Resources", {}).get("/Font", {})
        for police in polices.values():
            noms.add(str(police.get("/BaseFont", "")).split("+")[-1].lstrip("/"))
    return sorted(n for n in noms if not n.startswith(POLICES_ADMISES))
