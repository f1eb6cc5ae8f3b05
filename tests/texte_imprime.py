"""The printed lines of a rendered DOCX, read back as a reader sees them."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.oxml.ns import qn

_T, _FLD, _R, _BR, _TAB = qn("w:t"), qn("w:fldChar"), qn("w:r"), qn("w:br"), qn("w:tab")


def lignes_docx(contenu: bytes) -> list[str]:
    """Every non-empty paragraph of the body (table cells included), in order, whitespace
    normalised; computed field results (sommaire, page numbers) and reserved-page markers left out."""
    document = Document(BytesIO(contenu))
    resultat = []
    champs: list[str] = []  # open fields (a sommaire spans paragraphs and holds PAGEREF fields)
    for p in document.element.body.iter(qn("w:p")):
        morceaux = []
        for r in p.iter(_R):
            champ = r.find(_FLD)
            if champ is not None:
                genre = champ.get(qn("w:fldCharType"))
                if genre == "begin":
                    champs.append("code")
                elif genre == "separate" and champs:
                    champs[-1] = "resultat"
                elif genre == "end" and champs:
                    champs.pop()
                continue
            if "resultat" not in champs:
                # A line break or a tab separates words as a space does.
                morceaux.extend((e.text or "") if e.tag == _T else " " for e in r.iter(_T, _BR, _TAB))
        texte = " ".join("".join(morceaux).split())
        if texte and not texte.startswith("\u2063"):
            resultat.append(texte)
    return resultat


def textes_marques(docx: bytes) -> tuple[str, str]:
    """(inserted text, deleted text) of a DOCX with tracked changes, body, headers and footers."""
    import re
    import zipfile

    from lxml import etree

    inseres, supprimes = [], []
    with zipfile.ZipFile(BytesIO(docx)) as z:
        for nom in z.namelist():
            if not re.match(r"word/(document|header\d*|footer\d*)\.xml$", nom):
                continue
            racine = etree.fromstring(z.read(nom))
            for ins in racine.iter(qn("w:ins")):
                inseres.append("".join(t.text or "" for t in ins.iter(qn("w:t"))))
            for d in racine.iter(qn("w:del")):
                supprimes.append("".join(t.text or "" for t in d.iter(qn("w:delText"))))
    return " ".join(inseres), " ".join(supprimes)


def lignes_imprimees_docx(contenu: bytes) -> list[str]:
    """What the document prints, as the printed tree lists it: the running header of its pages
    (once), then the body's lines."""
    document = Document(BytesIO(contenu))
    entete = [" ".join(p.text.split()) for p in document.sections[0].header.paragraphs if p.text.strip()]
    return entete + lignes_docx(contenu)
