"""The printed lines of a rendered DOCX, read back as a reader sees them."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.oxml.ns import qn

_T, _FLD, _R = qn("w:t"), qn("w:fldChar"), qn("w:r")


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
                morceaux.extend(t.text or "" for t in r.iter(_T))
        texte = " ".join("".join(morceaux).split())
        if texte and not texte.startswith("\u2063"):
            resultat.append(texte)
    return resultat
