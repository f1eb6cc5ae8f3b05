"""LibreOffice's PDF finished by qpdf (pikepdf), in one pass: external PDF annexes in their
reserved pages, metadata in Info and XMP, the sources attached, the fonts checked; saved
reproducibly. Loaded once LibreOffice is converting (``rendu/pdf.py``): pikepdf's load is not
on a build's way to the conversion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import struct
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import pikepdf

from contrat.erreurs import ErreurRendu
from contrat.impression.numerotation import marque_reservee
from contrat.impression.typographie import typographier
from contrat.impression.unites import objet_du_contrat
from contrat.lecture.confinement import HorsSources, lire_confine
from contrat.lecture.pdf_externe import Feuille, Parcours, PdfHostile, dessins_acycliques, page_montree, pages
from contrat.liberation import liberer
from contrat.modele.contrat import Contrat, Document
from contrat.rendu.docx import OptionsRendu
from contrat.rendu.finition_pdfua import finir_pdfua, greffer_structure, page_en_figure, polices_sans_unicode
from contrat.rendu.libreoffice import environnement_de_rendu

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
    return enregistrer_sous(doc, Path(doc.filename).with_name("contrat.pdf"))


def enregistrer_sous(doc: pikepdf.Pdf, sortie: Path) -> bytes:
    """``doc`` saved reproducibly into ``sortie``, its fonts first put in order (``_polices_en_ordre``);
    no stream's data ending with a carriage return (``_fins_univoques``)."""
    _polices_en_ordre(doc)
    _fins_univoques(doc)
    for _ in range(ESSAIS_DE_NUMEROTATION):
        doc.save(sortie, **ENREGISTREMENT)
        octets = sortie.read_bytes()
        if b"\r\nendstream" not in octets or not _flux_generes_ambigus(sortie) \
                or not _numerotation_suivante(doc):
            break
    return octets


ESSAIS_DE_NUMEROTATION = 12
"""Saves at most (``_numerotation_suivante``): each leaves a stream qpdf writes ending with CR one
time in 256 per stream (a 59-page contract: 75 object streams, one save in four); 12 fail together
less than once in ten million."""


def _fin_ambigue(donnees: bytes) -> bool:
    """Whether Flate data of ``donnees`` ends with a carriage return, whatever the compressor: it
    ends with their Adler-32 checksum, whose last byte is the sum of their bytes plus 1, modulo
    65521 then 256.

    qpdf writes a line feed before ``endstream`` (PDF/A): data ending with CR then reads as ended by
    a CR LF marker, one byte short of its /Length, and PDF/A checkers (page-validation) reject the
    file. Compressing otherwise (another zlib level or strategy) cannot change it."""
    return zlib.adler32(donnees) & 0xFF == 0x0D


def _fins_univoques(doc: pikepdf.Pdf) -> None:
    """The streams LibreOffice and the finishing wrote that would end with a carriage return once
    compressed (``_fin_ambigue``), given a byte more that changes nothing: a page's content a
    final line feed, a font program eight bytes (``BOURRAGE_DE_POLICE``), a zip archive attached
    (the sources) a one-character comment. Those qpdf makes itself (object streams) are seen to after saving
    (``_numerotation_suivante``)."""
    vus: set[tuple[int, int]] = set()
    for page in doc.pages:
        contenus = page.obj.get("/Contents")
        for flux in contenus if isinstance(contenus, pikepdf.Array) else [contenus]:
            if isinstance(flux, pikepdf.Stream) and _fin_ambigue(donnees := flux.read_bytes()):
                while _fin_ambigue(donnees):
                    donnees += b"\n"
                flux.write(donnees)  # compressed again by qpdf on saving
        for programme in _programmes_de_polices(page, vus):
            donnees = programme.read_bytes()
            if not _fin_ambigue(donnees):
                continue
            donnees += b"\0" * (-len(donnees) % 4)
            while _fin_ambigue(donnees):
                donnees += BOURRAGE_DE_POLICE
            programme.write(donnees)
            if "/Length1" in programme.stream_dict:
                programme.Length1 = len(donnees)
    for piece in doc.attachments.values():
        fichiers = piece.obj.get("/EF")
        fichier = fichiers.get("/F") if isinstance(fichiers, pikepdf.Dictionary) else None
        if isinstance(fichier, pikepdf.Stream) and _fin_ambigue(donnees := fichier.read_bytes()):
            commentee = _zip_commente(donnees)
            if commentee is not None:
                fichier.write(commentee)
                _parametres(fichier, commentee)


BOURRAGE_DE_POLICE = b"\0\0\0\1\xff\xff\xff\xff"
"""What a font program takes after its end (TrueType and CFF read their tables from a directory: what
follows is not read): two 32-bit words whose sum is 0 modulo 2**32, so that TrueType's checksum of
the whole file (its head table's checkSumAdjustment) still holds; their bytes' sum (1021) changes
where the Flate data ends. Zero bytes would not: they add nothing to the checksum."""


def _programmes_de_polices(page: pikepdf.Page, vus: set[tuple[int, int]]) -> Iterator[pikepdf.Stream]:
    """The TrueType and CFF programs of the page's fonts (not Type 1: its length is in three
    parts), each once."""
    ressources = page.obj.get("/Resources")
    polices = ressources.get("/Font") if isinstance(ressources, pikepdf.Dictionary) else None
    for police in polices.values() if isinstance(polices, pikepdf.Dictionary) else ():
        if not isinstance(police, pikepdf.Dictionary):
            continue
        descendantes = police.get("/DescendantFonts")
        for f in (list(descendantes) if isinstance(descendantes, pikepdf.Array) else [police]):
            descripteur = f.get("/FontDescriptor") if isinstance(f, pikepdf.Dictionary) else None
            for cle in ("/FontFile2", "/FontFile3"):
                programme = descripteur.get(cle) if isinstance(descripteur, pikepdf.Dictionary) else None
                if isinstance(programme, pikepdf.Stream) and programme.objgen not in vus:
                    vus.add(programme.objgen)
                    yield programme


def _zip_commente(archive: bytes) -> bytes | None:
    """A zip archive without comment given the shortest one (spaces) that changes where its Flate
    data ends (``_fin_ambigue``); None if it is no such archive."""
    if len(archive) < 22 or archive[-22:-18] != b"PK\x05\x06" or archive[-2:] != b"\0\0":
        return None
    for n in range(1, 8):
        commentee = archive[:-2] + struct.pack("<H", n) + b" " * n
        if not _fin_ambigue(commentee):
            return commentee
    return None


def _parametres(fichier: pikepdf.Stream, donnees: bytes) -> None:
    """An embedded file's size and MD5 checksum (its /Params) set for ``donnees``."""
    parametres = fichier.get("/Params")
    if isinstance(parametres, pikepdf.Dictionary):
        parametres.Size = len(donnees)
        if "/CheckSum" in parametres:
            parametres.CheckSum = pikepdf.String(hashlib.md5(donnees).digest())


def _flux_generes_ambigus(sortie: Path) -> bool:
    """Whether a stream qpdf generated in the saved file (an object stream, the cross-reference
    stream) ends with a carriage return."""
    with pikepdf.open(sortie) as relu:
        return any(isinstance(o, pikepdf.Stream) and o.get("/Type") in (pikepdf.Name.ObjStm, pikepdf.Name.XRef)
                   and o.read_raw_bytes().endswith(b"\r") for o in relu.objects)


def _numerotation_suivante(doc: pikepdf.Pdf) -> bool:
    """One more object made indirect, the same one for the same document (a direct dictionary
    of the catalog, of a page, in that order): qpdf spreads one more object over the object
    streams and numbers the objects after it otherwise, so their data change; what a reader
    reads does not. Whether there was one to make indirect."""
    for conteneur in (doc.Root, *(p.obj for p in doc.pages)):
        for cle in sorted(conteneur.keys()):
            valeur = conteneur[cle]
            if isinstance(valeur, pikepdf.Dictionary) and not valeur.is_indirect and cle != "/Type":
                conteneur[cle] = doc.make_indirect(valeur)
                return True
    return False


def _polices_en_ordre(doc: pikepdf.Pdf) -> None:
    """Every embedded font made again as new objects, in the order of its name, and the pages
    pointed to the new ones (the old ones, left unused, are not saved).

    LibreOffice numbers the objects of its fonts (font, descriptor, glyphs, ToUnicode) in an order
    that changes from run to run (it keeps them in a map keyed by memory addresses), and qpdf
    writes objects in the order of their numbers: about one build in ten gave other bytes from
    the same sources, and ``verify`` called the PDF modified. The names are stable (subset tags
    BAAAAA, CAAAAA... in the order LibreOffice first used each font)."""
    usages: list[tuple[pikepdf.Dictionary, str]] = []
    polices: dict[tuple[int, int], pikepdf.Object] = {}
    vus: set[tuple[int, int]] = set()

    def parcourir(ressources: pikepdf.Object | None) -> None:
        if not isinstance(ressources, pikepdf.Dictionary):
            return
        table = ressources.get("/Font")
        if isinstance(table, pikepdf.Dictionary):
            for cle, police in table.items():
                if police.is_indirect:
                    polices[police.objgen] = police
                    usages.append((table, cle))
        for xobjet in (ressources.get("/XObject") or {}).values():
            if xobjet.is_indirect and xobjet.objgen not in vus and xobjet.get("/Subtype") == pikepdf.Name.Form:
                vus.add(xobjet.objgen)
                parcourir(xobjet.get("/Resources"))

    for page in doc.pages:
        parcourir(page.obj.get("/Resources"))
    copies: dict[tuple[int, int], pikepdf.Object] = {}
    for police in sorted(polices.values(), key=lambda p: (str(p.get("/BaseFont", "")), p.objgen)):
        _copier(doc, police, copies)
    for table, cle in usages:
        ancienne = table[cle]
        if ancienne.is_indirect and ancienne.objgen in polices:
            table[cle] = copies[ancienne.objgen]


def _copier(doc: pikepdf.Pdf, objet: Any, copies: dict[tuple[int, int], pikepdf.Object]) -> Any:
    """``objet`` made again in ``doc`` with every indirect object it reaches, numbered in the order
    met (keys in sorted order); streams keep their encoded bytes."""
    if not isinstance(objet, pikepdf.Object) or not objet.is_indirect:  # numbers come as Python's
        if isinstance(objet, pikepdf.Dictionary):
            return pikepdf.Dictionary({cle: _copier(doc, valeur, copies) for cle, valeur in objet.items()})
        if isinstance(objet, pikepdf.Array):
            return pikepdf.Array([_copier(doc, valeur, copies) for valeur in objet])
        return objet
    if objet.objgen in copies:
        return copies[objet.objgen]
    if isinstance(objet, pikepdf.Stream):
        flux = copies[objet.objgen] = doc.make_stream(b"")
        for cle, valeur in objet.stream_dict.items():
            if cle not in ("/Length", "/Filter", "/DecodeParms"):
                flux[cle] = _copier(doc, valeur, copies)
        flux.write(objet.read_raw_bytes(), filter=cast("pikepdf.Name | pikepdf.Array | None", objet.get("/Filter")),
                   decode_parms=cast("pikepdf.Dictionary | pikepdf.Array | None", objet.get("/DecodeParms")))
        return flux
    if isinstance(objet, pikepdf.Dictionary):
        nouveau = copies[objet.objgen] = doc.make_indirect(pikepdf.Dictionary())
        for cle, valeur in objet.items():
            nouveau[cle] = _copier(doc, valeur, copies)
        return nouveau
    if isinstance(objet, pikepdf.Array):
        tableau = copies[objet.objgen] = doc.make_indirect(pikepdf.Array())
        for valeur in objet:
            tableau.append(_copier(doc, valeur, copies))
        return tableau
    copies[objet.objgen] = doc.make_indirect(objet)
    return copies[objet.objgen]


def inserer_pdf_externes(doc: pikepdf.Pdf, pdf: bytes, contrat: Contrat, dossier: Path | None,
                         documents: list[Document] | None = None) -> list[str]:
    """Replace the pages of ``doc`` (read from ``pdf``) reserved for external PDF annexes by their
    pages, numbered like the document; gives what was removed from them (active content).
    ``documents``: those reserved (an avenant joins some); None: every external PDF of ``contrat``.

    The reserved pages were counted by LibreOffice, so the sommaire and page numbers stay right.
    """
    externes = [d for d in (*contrat.annexes, *contrat.contributions) if d.pdf] if documents is None else documents
    rapport: list[str] = []
    if not externes:
        return rapport
    if dossier is None:
        raise ErreurRendu("annexes PDF déclarées mais dossier des sources inconnu")
    from pypdf import PdfReader  # only for contracts with PDF annexes (0.07 s to load)

    textes = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    non_pdfa: list[str] = []
    non_balisees: list[Document] = []
    sans_unicode: list[str] = []
    police = _police_de_pied(doc)
    for externe in externes:
        # Not qpdf's page walk (it raises on a cyclic tree): the bounded one ``check`` ran.
        with pikepdf.open(io.BytesIO(_annexe_verifiee(dossier, externe)), inherit_page_attributes=False) as source:
            feuilles, parcours = _feuilles(source, externe.titre, externe.pdf_pages), Parcours()
            inserees: list[tuple[int, pikepdf.Dictionary, int]] = []  # (index, reserved page, rank in the annex)
            for k in range(externe.pdf_pages):
                marque = marque_reservee(contrat, externe.code, k).strip("\u2063")
                index = next((i for i, t in enumerate(textes) if marque in t), None)
                if index is None:
                    raise ErreurRendu(f"page réservée {k + 1} de l'annexe « {externe.titre} » introuvable dans le PDF")
                page, retires = page_sure(doc, source, k, feuilles, parcours)
                inserees.append((index, doc.pages[index].obj, k))
                doc.pages[index] = page
                for retire in retires:
                    rapport.append(f"annexe « {externe.titre} », page {k + 1} : {retire} retiré(e)")
                illisibles = polices_sans_unicode(doc.pages[index])
                if illisibles:
                    sans_unicode.append(f"« {externe.pdf} » page {k + 1} : polices sans table Unicode "
                                        f"({', '.join(sorted(set(illisibles)))})")
                manquantes = polices_non_incorporees(doc.pages[index])
                if manquantes:
                    non_pdfa.append(f"« {externe.pdf} » page {k + 1} : polices non incorporées "
                                    f"({', '.join(sorted(set(manquantes)))})")
            # Tagged by the annex's own structure when it has one, else each page as a figure.
            if not greffer_structure(doc, source, typographier(externe.titre),
                                     [(feuilles[k].objet, reservee, doc.pages[i]) for i, reservee, k in inserees]):
                for index, reservee, k in inserees:
                    if not page_en_figure(doc, reservee, doc.pages[index], alternative(externe, k)):
                        non_balisees.append(externe)
            for index, _, _ in inserees:  # numbered once tagged: the number is an artifact of its own
                if not _numeroter(doc, index, police):
                    rapport.append(f"page {index + 1} (annexe PDF) : numéro non apposé, police du document incomplète")
    # A page rebuilt from what it shows is tagged by the annex's structure (``greffer_structure``) or
    # as one figure (``page_en_figure``). One that could not be (the document untagged) is untagged content, which a screen reader cannot read in
    # order (PDF/UA-1, 7.1): the file can no longer claim PDF/UA, nor PDF/A level A (ISO 19005-3,
    # 6.8: a logical structure for all content), only B (``finition_pdfua.declarer_niveau_a``
    # claims A only while PDF/UA is claimed).
    # Text whose fonts map no character to Unicode cannot be read either (PDF/UA-1 7.21.7, PDF/A-3a
    # 6.2.11.7.2), even in a figure: page-validation rejects both.
    with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
        if (non_balisees or sans_unicode) and "pdfuaid:part" in meta:
            del meta["pdfuaid:part"]
            if non_balisees:
                noms = ", ".join(dict.fromkeys(f"« {x.pdf} »" for x in non_balisees))
                rapport.append(f"annexe(s) PDF {noms} : pages insérées sans balisage (lecteurs d'écran) : le PDF ne se "
                               "déclare plus PDF/UA (accessible) ni PDF/A-3a (seulement PDF/A-3b)")
            rapport.extend(f"{x} : le PDF ne se déclare plus PDF/UA (accessible) ni PDF/A de niveau A (fournir "
                           "l'annexe avec des polices à table Unicode, ToUnicode)" for x in sans_unicode)
    if non_pdfa:
        # A reader would substitute those fonts: the file can no longer claim PDF/A.
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            for cle in ("pdfaid:part", "pdfaid:conformance"):
                if cle in meta:
                    del meta[cle]
        rapport.extend(f"{x} : le PDF ne se déclare plus PDF/A (fournir l'annexe avec ses polices "
                       "incorporées)" for x in non_pdfa)
    return rapport


def alternative(externe: Document, rang: int) -> str:
    """What a screen reader says of page ``rang`` of an external PDF annex, tagged as one figure:
    its title, and that it is a document attached as it was given (scanned or laid out elsewhere),
    whose text is not tagged to be read."""
    return typographier(f"« {externe.titre} », page {rang + 1} sur {externe.pdf_pages} : document joint en PDF, "
                        "reproduit tel qu'il a été fourni (document numérisé ou mis en page hors du contrat) ; "
                        "son texte n'est pas balisé pour être lu par un lecteur d'écran.")


def _annexe_verifiee(dossier: Path, externe: Document) -> bytes:
    """The bytes of an external PDF annex, read confined and identical to those the check read
    (its fingerprint): a link swapped since cannot put another file's pages in the document."""
    assert externe.pdf is not None, externe.titre  # only the documents that are external PDFs come here
    try:
        octets = lire_confine(dossier, dossier / externe.pdf, externe.pdf)
    except HorsSources as exc:
        raise ErreurRendu(f"annexe « {externe.titre} » : {exc}") from None
    if externe.pdf_empreinte and hashlib.sha256(octets).hexdigest() != externe.pdf_empreinte:
        raise ErreurRendu(f"le fichier « {externe.pdf} » a changé depuis la vérification des sources : rien n'est "
                          "publié, relancer la construction")
    return octets


def _feuilles(source: pikepdf.Pdf, titre: str, attendues: int) -> list[Feuille]:
    try:
        feuilles = pages(source, attendues)
    except PdfHostile as exc:
        raise ErreurRendu(f"annexe « {titre} » : {exc}") from None
    if len(feuilles) < attendues:
        raise ErreurRendu(f"annexe « {titre} » : {len(feuilles)} page(s) au lieu des {attendues} lues par la "
                          "vérification (fichier changé entre-temps ?)")
    return feuilles


def page_sure(doc: pikepdf.Pdf, source: pikepdf.Pdf, rang: int, feuilles: list[Feuille] | None = None,
              parcours: Parcours | None = None) -> tuple[pikepdf.Page, list[str]]:
    """Page ``rang`` of an external PDF rebuilt from what it shows only: its content stream,
    an allow-list of resources and its boxes. Annotations (links, forms, media), actions,
    JavaScript and attached files are left behind at any depth (``lecture/pdf_externe.py``,
    which walks the annex with a bound); also what was left (for the build's report).
    ``feuilles``: the annex's pages, when already walked; ``parcours``: what the walks over its
    earlier pages have pruned already."""
    if feuilles is None:
        feuilles = _feuilles(source, Path(source.filename).name, rang + 1)
    try:
        nouvelle, retires = page_montree(feuilles[rang], parcours)
        dessins_acycliques(nouvelle, parcours)  # the annex passed check: its decoded size is bounded
        # Built in the source, then copied with exactly what it references: nothing else comes along.
        return pikepdf.Page(doc.copy_foreign(source.make_indirect(nouvelle))), retires
    except PdfHostile as exc:
        raise ErreurRendu(f"annexe « {Path(source.filename).name} », page {rang + 1} : {exc}") from None
    except pikepdf.PdfError as exc:  # qpdf's own walks of the annex (copying it walks its page tree)
        raise ErreurRendu(f"annexe « {Path(source.filename).name} », page {rang + 1} : fichier illisible "
                          f"({type(exc).__name__})") from None


def polices_non_incorporees(page: pikepdf.Page) -> list[str]:
    """Fonts a page uses whose glyphs are not in the file (a reader substitutes them: not PDF/A);
    forms are followed at any depth, each once, without recursion (a form may draw itself)."""
    manquantes: list[str] = []
    vues: set[tuple[int, int]] = set()
    a_voir = [page.obj.get("/Resources")]
    while a_voir:
        ressources = a_voir.pop()
        if not isinstance(ressources, pikepdf.Dictionary):
            continue
        polices = ressources.get("/Font")
        for police in polices.values() if isinstance(polices, pikepdf.Dictionary) else ():
            if not isinstance(police, pikepdf.Dictionary) or police.objgen in vues:
                continue
            if police.is_indirect:
                vues.add(police.objgen)
            if _police_manquante(police):
                manquantes.append(str(police.get("/BaseFont", "?")).lstrip("/"))
        xobjets = ressources.get("/XObject")
        for xobjet in xobjets.values() if isinstance(xobjets, pikepdf.Dictionary) else ():
            if isinstance(xobjet, pikepdf.Stream) and xobjet.get("/Subtype") == pikepdf.Name.Form \
                    and xobjet.objgen not in vues:
                vues.add(xobjet.objgen)
                a_voir.append(xobjet.get("/Resources"))
    return manquantes


def _police_manquante(police: pikepdf.Dictionary) -> bool:
    sous_type = police.get("/Subtype")
    if sous_type == pikepdf.Name.Type3:
        return False  # glyphs drawn by the file's own procedures
    descripteur = police.get("/FontDescriptor")
    if sous_type == pikepdf.Name.Type0:
        descendantes = police.get("/DescendantFonts")
        premiere = descendantes[0] if isinstance(descendantes, pikepdf.Array) and len(descendantes) else None
        descripteur = premiere.get("/FontDescriptor") if isinstance(premiere, pikepdf.Dictionary) else None
    return not isinstance(descripteur, pikepdf.Dictionary) or not any(
        k in descripteur for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _police_de_pied(doc: pikepdf.Pdf) -> tuple[pikepdf.Object, dict[str, int]] | None:
    """The regular text font LibreOffice embedded, with its character -> code table (ToUnicode)."""
    vide: dict[str, pikepdf.Object] = {}
    for page in doc.pages:
        for police in page.obj.get("/Resources", vide).get("/Font", vide).values():
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
    # A page number is pagination, not content: an artifact (PDF/UA), as LibreOffice's own are.
    flux = b"/Artifact <</Type /Pagination>> BDC q BT /FContrat 9 Tf %.2f %.2f Td (" % (x, y) + chaine + b") Tj ET Q EMC"
    page.contents_add(doc.make_stream(flux), prepend=False)
    return True


def metadonnees(pdf: bytes, contrat: Contrat, options: OptionsRendu, titre: str | None = None) -> bytes:
    """``pdf`` with its metadata set (see ``poser_metadonnees``)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc, tempfile.TemporaryDirectory(prefix="contrat-") as tmp:
        poser_metadonnees(doc, contrat, options, titre)
        return enregistrer_sous(doc, Path(tmp) / "contrat.pdf")


def poser_metadonnees(doc: pikepdf.Pdf, contrat: Contrat, options: OptionsRendu, titre: str | None = None) -> None:
    """Title, subject, version and source commit in Info and XMP, kept in sync (PDF/A); the
    rendering environment (LibreOffice's version, the fingerprint of its fonts) in Info; the
    PDF/UA-1 finishing (``rendu/finition_pdfua.py``: its identification declared for PDF/A)."""
    epci = contrat.organisation(contrat.territoire.epci)
    sujet = objet_du_contrat(contrat)
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
    finir_pdfua(doc)
    doc.docinfo["/CreationDate"] = date
    doc.docinfo["/ModDate"] = date
    doc.docinfo["/Version"] = options.version
    doc.docinfo["/Commit"] = options.commit
    # What a rebuild must share to give the same bytes: ``verify`` tells « cannot be reproduced
    # here » (another LibreOffice, other fonts) from « modified ».
    for cle, valeur in environnement_de_rendu().items():
        doc.docinfo[f"/{cle}"] = valeur
    if options.en_vigueur_au:
        doc.docinfo["/EnVigueurAu"] = options.en_vigueur_au
    # LibreOffice's checksum and the trailer ID change at every run.
    if "/DocChecksum" in doc.trailer:
        del doc.trailer["/DocChecksum"]
    if "/ID" in doc.trailer:
        del doc.trailer["/ID"]


def _dater_profils_icc(doc: pikepdf.Pdf, date: dt.datetime) -> None:
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
    """Fonts of the pages' own resources (an inserted annex page's resources are allow-listed
    dictionaries: ``lecture/pdf_externe.py``)."""
    noms: set[str] = set()
    for page in doc.pages:
        ressources = page.obj.get("/Resources")
        polices = ressources.get("/Font") if isinstance(ressources, pikepdf.Dictionary) else None
        for police in polices.values() if isinstance(polices, pikepdf.Dictionary) else ():
            if isinstance(police, pikepdf.Dictionary):
                noms.add(str(police.get("/BaseFont", "")).split("+")[-1].lstrip("/"))
    return sorted(n for n in noms if not n.startswith(POLICES_ADMISES))
