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
    for p in document.element.body.iter(qn("w:p")):
        morceaux, etat = [], "hors"
        for r in p.iter(_R):
            champ = r.find(_FLD)
            if champ is not None:
                etat = {"begin": "code", "separate": "resultat", "end": "hors"}[champ.get(qn("w:fldCharType"))]
                continue
            if etat != "resultat":
                morceaux.extend(t.text or "" for t in r.iter(_T))
        texte = " ".join("".join(morceaux).split())
        if texte and not texte.startswith("\u2063"):
            resultat.append(texte)
    return resultat
