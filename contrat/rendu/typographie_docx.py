"""French spacing over a rendered Word document: every paragraph's text retouched in place, its
runs kept (``impression.typographie`` changes spaces for spaces, one for one)."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from contrat.impression.typographie import typographier

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_T, W_DELTEXT = f"{W}p", f"{W}t", f"{W}delText"


_CANDIDAT = re.compile(r"[«»;:!?%‰€°]|\d[ \u00a0]\d")
"""What a run's text holds when its paragraph may need retouching (most hold none of it)."""


def typographier_partie(racine: etree._Element) -> None:
    """Every paragraph of a part (body, cells, header, footer): its texts, inserted or deleted
    (a comparison's tracked changes), as French typography spaces them, across its runs. Only
    the paragraphs with a run that calls for it are read whole (a tenth of a 470-page render)."""
    faits: set[etree._Element] = set()
    for t in racine.iter(W_T, W_DELTEXT):
        if not (t.text and _CANDIDAT.search(t.text)):
            continue
        p = t.getparent()
        while p is not None and p.tag != W_P:
            p = p.getparent()
        if p is not None and p not in faits:
            faits.add(p)
            _typographier_paragraphe(p)


def _typographier_paragraphe(p: etree._Element) -> None:
    textes = [t for t in p.iter(W_T, W_DELTEXT) if t.text]
    avant = "".join(t.text for t in textes)
    apres = typographier(avant)
    if apres == avant:
        return
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
