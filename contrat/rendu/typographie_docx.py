"""French spacing over a rendered Word document: every paragraph's text retouched in place, its
runs kept (``impression.typographie`` changes spaces for spaces, one for one)."""

from __future__ import annotations

from typing import Any

from lxml import etree

from contrat.impression.typographie import CARACTERES, typographier

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_T, W_DELTEXT = f"{W}p", f"{W}t", f"{W}delText"


def typographier_partie(racine: etree._Element) -> None:
    """Every paragraph of a part (body, cells, header, footer): its texts, inserted or deleted
    (a comparison's tracked changes), as French typography spaces them, across its runs."""
    for p in racine.iter(W_P):
        textes = [t for t in p.iter(W_T, W_DELTEXT) if t.text]
        if not textes:
            continue
        avant = "".join(t.text for t in textes)
        if not CARACTERES.intersection(avant):
            continue
        apres = typographier(avant)
        if apres == avant:
            continue
        k = 0
        for t in textes:
            n = len(t.text)
            t.text = apres[k:k + n]
            k += n


def typographier_document(docx: Any) -> None:
    """Every part of a rendered python-docx document that prints text: body, headers, footers."""
    typographier_partie(docx.element)
    for part in docx.part.package.parts:
        nom = str(part.partname)
        if nom.startswith(("/word/header", "/word/footer")) and hasattr(part, "element"):
            typographier_partie(part.element)
