"""The sommaire, written as Word writes its own: in the template's TOC field, one paragraph per
heading, each a link to a bookmark on its heading followed by a PAGEREF field to that bookmark.

LibreOffice computes PAGEREF fields while it lays the document out, so the PDF's sommaire is
right at the first conversion, with no index to update (updating an index lays the whole document
out again: 6 s of a 10x contract's conversion). LibreOffice reads the entries of a TOC field as
plain text, though: the document it converts has the field's markers taken out (``pour_libreoffice``),
the one published keeps them, with the page numbers the PDF printed (``a_paginer``, ``pour_word``).

Works on the DOCX's main part with lxml: no second rendering, no python-docx reload.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from lxml import etree

from contrat.erreurs import ErreurGabarit, ErreurRendu
from contrat.impression.numerotation import Intitule
from contrat.impression.typographie import typographier
from contrat.rendu.paquet import Paquet, Parties, serialiser, zipper

if TYPE_CHECKING:
    import pikepdf

PARTIE = "word/document.xml"
TITRES = {"heading 1": 1, "heading 2": 2}
"""Word's built-in names of the heading styles the sommaire lists (their ids vary with Word's language)."""
ENTREES = {"toc 1": 1, "toc 2": 2}
W_VAL, W_P = qn("w:val"), qn("w:p")
"""Word's built-in names of the sommaire's entry styles."""


@dataclass
class DocxAvecSommaire:
    """The rendered DOCX with its sommaire inscribed (page numbers still to be printed)."""

    parties: Parties
    racine: etree._Element
    entrees: tuple[Intitule, ...]
    marques: list[etree._Element]
    """The runs of the TOC field's markers (begin, code, separate, end)."""
    nom: str = PARTIE
    """The main part's name."""


def signet_sommaire(rang: int) -> str:
    return f"_Toc{rang + 1:08d}"


def inscrire_sommaire(paquet: Paquet, entrees: list[Intitule]) -> DocxAvecSommaire:
    """Bookmarks on the headings ``entrees`` lists (in order) and the TOC field's result replaced
    by one paragraph per heading: link, text, tab, PAGEREF (in ``paquet``'s tree itself)."""
    parties, racine = paquet.parties, paquet.document
    styles = parties.get("word/styles.xml", b"")
    champ, marques = _champ_sommaire(racine)
    _poser_signets(racine, champ, entrees, _niveaux_des_styles(styles, TITRES) or {"Heading1": 1, "Heading2": 2})
    entree_de = {n: s for s, n in _niveaux_des_styles(styles, ENTREES).items()}
    _ecrire_entrees(champ, marques, entrees, {n: entree_de.get(n, f"TOC{n}") for n in (1, 2)})
    return DocxAvecSommaire(parties, racine, tuple(entrees), marques, paquet.nom)


def pour_libreoffice(document: DocxAvecSommaire) -> bytes:
    """The DOCX LibreOffice converts: the sommaire without the TOC field's markers, so that its
    PAGEREF fields stay fields (stored, not compressed: it is read once, at once)."""
    places = [(m.getparent(), m.getparent().index(m), m) for m in document.marques]
    for parent, _, marque in places:
        parent.remove(marque)
    try:
        xml = serialiser(document.racine)
    finally:
        for parent, rang, marque in sorted(places, key=lambda p: p[1]):
            parent.insert(rang, marque)
    return zipper({**document.parties, document.nom: xml}, zipfile.ZIP_STORED)


def signets(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """(title with its spaces normalised, page from 1) of each bookmark of ``pdf``, in reading
    order; a bookmark pointing nowhere in the file is left out, a cyclic outline read once."""
    import pikepdf  # loaded while LibreOffice converts (see rendu/pdf.py)

    rang_de = {page.obj.objgen: k + 1 for k, page in enumerate(pdf.pages)}
    trouves: list[tuple[str, int]] = []
    # The outline's dictionaries walked in reading order (pikepdf's Outline object makes one Python
    # object per item and writes the outline back on leaving: three times slower at 470 pages).
    racine = pdf.Root.get("/Outlines")
    pile = [racine.get("/First")] if isinstance(racine, pikepdf.Dictionary) else []
    vus: set[tuple[int, int]] = set()
    while pile:
        item = pile.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in vus:
            continue
        vus.add(item.objgen)
        pile.append(item.get("/Next"))
        pile.append(item.get("/First"))  # popped first: an item's children before its next sibling
        destination = item.get("/Dest")
        if destination is None and isinstance(item.get("/A"), pikepdf.Dictionary):
            destination = item.A.get("/D")
        if isinstance(destination, pikepdf.Array) and len(destination) and destination[0].objgen in rang_de:
            trouves.append((_normal(str(item.get("/Title", ""))), rang_de[destination[0].objgen]))
    return trouves


def pages_des_titres(pdf: pikepdf.Pdf, entrees: tuple[Intitule, ...]) -> tuple[int, ...]:
    """The page (from 1) where each heading of the sommaire is printed, read from the PDF's outline
    (one bookmark per heading, in order)."""
    signets_ = signets(pdf)
    pages: list[int] = []
    k = 0
    for entree in entrees:
        texte = _normal(entree.texte)
        while k < len(signets_) and signets_[k][0] != texte:
            k += 1
        if k == len(signets_):
            raise ErreurRendu(f"sommaire : le titre « {entree.texte} » n'est pas dans les signets du PDF")
        pages.append(signets_[k][1])
        k += 1
    return tuple(pages)


@dataclass(frozen=True)
class DocxAPaginer:
    """The published DOCX but for its page numbers: its parts, the main one serialized with a mark
    where each page number will be (made while LibreOffice converts, finished by ``pour_word``)."""

    parties: Parties
    xml: bytes
    marque: re.Pattern[bytes]
    """A mark: its group is the rank of the sommaire's entry whose page it stands for."""
    nom: str = PARTIE


def a_paginer(document: DocxAvecSommaire) -> DocxAPaginer:
    """The TOC field kept, every PAGEREF field pointing at a heading of the sommaire (its own and
    any other) given a mark where its page number goes."""
    noms_du_paragraphe: dict[etree._Element, list[str]] = {}
    for signet in document.racine.iter(qn("w:bookmarkStart")):
        paragraphe = next(signet.iterancestors(qn("w:p")), None)
        if paragraphe is not None and signet.get(qn("w:name")):
            noms_du_paragraphe.setdefault(paragraphe, []).append(signet.get(qn("w:name")))
    # Private-use characters and a random token: no text of the contract can hold a mark.
    jeton = os.urandom(6).hex()
    marque_du_signet: dict[str, str] = {}
    for noms in noms_du_paragraphe.values():
        rang = next((int(n[4:]) - 1 for n in noms if n.startswith("_Toc") and n[4:].isdigit()), None)
        if rang is not None and rang < len(document.entrees):
            marque_du_signet.update({n: f"\ue000{jeton}:{rang}\ue001" for n in noms})
    _resultats_des_renvois(document.racine, marque_du_signet)
    return DocxAPaginer(document.parties, serialiser(document.racine),
                        re.compile(f"\ue000{jeton}:([0-9]+)\ue001".encode()), document.nom)


def pour_word(document: DocxAPaginer, pages: tuple[int, ...]) -> bytes:
    """The published DOCX: every PAGEREF field showing the page the PDF printed, as Word shows
    them before any update."""
    xml = document.marque.sub(lambda m: str(pages[int(m.group(1))]).encode("ascii"), document.xml)
    return zipper({**document.parties, document.nom: xml})


# --- inside -------------------------------------------------------------------------------


def _normal(texte: str) -> str:
    return " ".join(texte.split())


def _texte(p: etree._Element) -> str:
    return _normal("".join(t.text or "" for t in p.iter(qn("w:t"))))


def _niveaux_des_styles(styles: bytes, noms: dict[str, int]) -> dict[str, int]:
    """Style id -> level, for the built-in styles ``noms`` (by name: their ids vary with Word's language)."""
    niveaux: dict[str, int] = {}
    for style in etree.fromstring(styles).iter(qn("w:style")) if styles else ():
        nom = style.find(qn("w:name"))
        niveau = noms.get((nom.get(qn("w:val")) or "").lower()) if nom is not None else None
        if niveau:
            niveaux[style.get(qn("w:styleId"))] = niveau
    return niveaux


def _fldchar(run: etree._Element) -> str | None:
    f = run.find(qn("w:fldChar"))
    return f.get(qn("w:fldCharType")) if f is not None else None


def _champ_sommaire(racine: etree._Element) -> tuple[etree._Element, list[etree._Element]]:
    """The paragraph holding the template's TOC field, and the field's begin, code and separate runs."""
    for code in racine.iter(qn("w:instrText")):
        p = next(code.iterancestors(qn("w:p")), None)
        if " TOC " in f" {code.text or ''} " and p is not None:
            runs = p.findall(qn("w:r"))
            debut = next((r for r in runs if _fldchar(r) == "begin"), None)
            separe = next((r for r in runs if _fldchar(r) == "separate"), None)
            if debut is None or separe is None:
                break
            return p, runs[runs.index(debut):runs.index(separe) + 1]
    raise ErreurGabarit("le gabarit ne contient pas de sommaire (champ TOC complet dans un paragraphe)")


def _poser_signets(racine: etree._Element, champ: etree._Element, entrees: list[Intitule],
                   niveaux: dict[str, int]) -> None:
    identifiant = 1 + max((int(b.get(qn("w:id"), "0")) for b in racine.iter(qn("w:bookmarkStart"))
                           if (b.get(qn("w:id")) or "").isdigit()), default=0)
    # Headings found from their style references (fewer than the paragraphs, and found by lxml).
    titres = ((p, niveaux[style.get(W_VAL)]) for style in racine.iter(qn("w:pStyle")) if style.get(W_VAL) in niveaux
              and (p := style.getparent().getparent()) is not champ and p.tag == W_P)
    for rang, entree in enumerate(entrees):
        texte = _normal(entree.texte)
        titre = next((p for p, niveau in titres if niveau == entree.niveau and _texte(p) == texte), None)
        if titre is None:
            raise ErreurRendu(f"sommaire : le titre « {entree.texte} » est introuvable dans le document")
        debut, fin = etree.Element(qn("w:bookmarkStart")), etree.Element(qn("w:bookmarkEnd"))
        debut.set(qn("w:id"), str(identifiant + rang))
        debut.set(qn("w:name"), signet_sommaire(rang))
        fin.set(qn("w:id"), str(identifiant + rang))
        ppr = titre.find(qn("w:pPr"))
        titre.insert(titre.index(ppr) + 1 if ppr is not None else 0, debut)
        titre.append(fin)


def _ecrire_entrees(champ: etree._Element, marques: list[etree._Element], entrees: list[Intitule],
                    styles: dict[int, str]) -> None:
    """The field's result: one paragraph per entry; the field's end closes the last one."""
    runs = champ.findall(qn("w:r"))
    separe = marques[-1]
    fin = next((r for r in runs[runs.index(separe):] if _fldchar(r) == "end"), None)
    if fin is None:
        raise ErreurGabarit("le champ TOC du gabarit doit se terminer dans son paragraphe")
    for r in runs[runs.index(separe) + 1:]:
        champ.remove(r)
    paragraphe = champ
    for rang, entree in enumerate(entrees):
        if rang > 0:
            nouveau = etree.Element(qn("w:p"))
            paragraphe.addnext(nouveau)
            paragraphe = nouveau
        _poser_style(paragraphe, styles[entree.niveau])
        lien = etree.SubElement(paragraphe, qn("w:hyperlink"))
        lien.set(qn("w:anchor"), signet_sommaire(rang))
        lien.set(qn("w:history"), "1")
        _run(lien, texte=typographier(entree.texte))
        _run(lien, tab=True)
        _run(lien, champ="begin")
        _run(lien, code=f" PAGEREF {signet_sommaire(rang)} \\h ")
        _run(lien, champ="separate")
        _run(lien, texte="?")
        _run(lien, champ="end")
    paragraphe.append(fin)
    marques.append(fin)


def _poser_style(p: etree._Element, style: str) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    pstyle = ppr.find(qn("w:pStyle"))
    if pstyle is None:
        pstyle = etree.Element(qn("w:pStyle"))
        ppr.insert(0, pstyle)
    pstyle.set(qn("w:val"), style)


def _run(parent: etree._Element, texte: str | None = None, tab: bool = False, champ: str | None = None,
         code: str | None = None) -> None:
    r = etree.SubElement(parent, qn("w:r"))
    if tab:
        etree.SubElement(r, qn("w:tab"))
    elif champ:
        etree.SubElement(r, qn("w:fldChar")).set(qn("w:fldCharType"), champ)
    else:
        t = etree.SubElement(r, qn("w:instrText" if code is not None else "w:t"))
        t.set(qn("xml:space"), "preserve")
        t.text = code if code is not None else texte


def _resultats_des_renvois(racine: etree._Element, page_du_signet: dict[str, str]) -> None:
    """The cached result of every PAGEREF field whose bookmark is in ``page_du_signet``: the first
    text of the runs that follow the field's code, before its end."""
    for code in racine.iter(qn("w:instrText")):
        mots = (code.text or "").split()
        if len(mots) < 2 or mots[0] != "PAGEREF" or mots[1] not in page_du_signet:
            continue
        run = code.getparent().getnext()
        while run is not None and _fldchar(run) != "end":
            resultat = run.find(qn("w:t"))
            if resultat is not None:
                resultat.text = page_du_signet[mots[1]]
                break
            run = run.getnext()
