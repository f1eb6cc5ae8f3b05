"""French spacing over a rendered Word document: every paragraph's text retouched in place, its
runs kept (``impression.typographie`` changes spaces for spaces, one for one)."""

from __future__ import annotations

import re

from docx.document import Document as DocumentCorps
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


def typographier_document(docx: DocumentCorps) -> None:
    """Every part of a rendered python-docx document that prints text: body, headers, footers."""
    typographier_partie(docx.element)
    exposants_ordinaux(docx.element)
    for part in docx.part.package.parts:
        nom = str(part.partname)
        if nom.startswith(("/word/header", "/word/footer")) and hasattr(part, "element"):
            typographier_partie(part.element)


ORDINAL = re.compile(r"(?<![\w.,])(\d+)(er|re|es|e)(?!\w)")
"""An ordinal written with its digits: « 1er », « 2e », « 4e » (its suffix goes up)."""
W_R, W_RPR, W_VERTALIGN, W_VAL = f"{W}r", f"{W}rPr", f"{W}vertAlign", f"{W}val"


def exposants_ordinaux(racine: etree._Element) -> None:
    """The suffix of every ordinal in superscript (« 1er » → 1 + « er » raised), as the sources'
    ``1^er^`` prints: the ones a text types plainly and the ones the engine writes (« le 1er
    juillet »). A run is split around the suffix; its other properties are kept."""
    for t in list(racine.iter(W_T)):
        texte = t.text
        r = t.getparent()
        if not texte or not ORDINAL.search(texte) or r is None or r.tag != W_R:
            continue
        if len([e for e in r if e.tag != W_RPR]) != 1:
            continue  # a run holding more than its text (a tab, a break): left as it is
        rpr = r.find(W_RPR)
        if rpr is not None and rpr.find(W_VERTALIGN) is not None:
            continue  # already raised or lowered
        morceaux: list[tuple[str, bool]] = []
        k = 0
        for m in ORDINAL.finditer(texte):
            morceaux += [(texte[k:m.start(2)], False), (m.group(2), True)]
            k = m.end(2)
        morceaux.append((texte[k:], False))
        precedent = r
        for morceau, exposant in morceaux:
            if not morceau:
                continue
            nouveau = _run(r, morceau, exposant)
            precedent.addnext(nouveau)
            precedent = nouveau
        r.getparent().remove(r)


def _run(modele: etree._Element, texte: str, exposant: bool) -> etree._Element:
    """A copy of run ``modele`` holding ``texte`` (raised if ``exposant``)."""
    import copy

    r = modele.makeelement(W_R, modele.attrib)
    rpr = modele.find(W_RPR)
    if rpr is not None or exposant:
        rpr = copy.deepcopy(rpr) if rpr is not None else r.makeelement(W_RPR, {})
        if exposant:
            rpr.append(rpr.makeelement(W_VERTALIGN, {W_VAL: "superscript"}))
        r.append(rpr)
    t = r.makeelement(W_T, {})
    t.text = texte
    if texte[:1].isspace() or texte[-1:].isspace():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r
