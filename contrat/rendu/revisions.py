"""Tracked changes: the signed contract compared with the consolidated one, as a DOCX whose
insertions and deletions show in Word and LibreOffice (w:ins / w:del).

Both documents come from the same renderer and template, so their structures align: the
comparison walks the body, then table rows and cells, then words, and never skips a table,
a header or a footer (what generic comparers are known to drop).
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from collections.abc import Callable, Hashable, Sequence

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from contrat.rendu.docx_bas_niveau import Element, element_conteneur, element_corps
from contrat.rendu.paquet import zip_deterministe
from contrat.rendu.tableaux import sous_element

MOTS = re.compile(r"\s+|[\w’'-]+|[^\w\s]")


class Marqueur:
    """Numbering and attributes of revision marks."""

    def __init__(self, auteur: str, date: str) -> None:
        self.auteur, self.date, self.n = auteur, date, 0

    def element(self, nature: str) -> Element:
        self.n += 1
        e = OxmlElement(f"w:{nature}")
        e.set(qn("w:id"), str(self.n))
        e.set(qn("w:author"), self.auteur)
        e.set(qn("w:date"), self.date)
        return e


def comparer(ancien: bytes, nouveau: bytes, auteur: str, date: str) -> bytes:
    """The new document with, as tracked changes, everything that differs from the old one."""
    da, db = Document(io.BytesIO(ancien)), Document(io.BytesIO(nouveau))
    m = Marqueur(auteur, date)
    _fusionner_conteneur(element_corps(da), element_corps(db), m)
    for sa, sb in zip(da.sections, db.sections):
        for nom in ("header", "footer", "first_page_header", "first_page_footer"):
            pa, pb = getattr(sa, nom), getattr(sb, nom)
            if not pb.is_linked_to_previous and not pa.is_linked_to_previous:
                _fusionner_conteneur(element_conteneur(pa), element_conteneur(pb), m)
    sortie = io.BytesIO()
    db.save(sortie)
    return zip_deterministe(sortie.getvalue())


# --- containers (body, cell, header) ---------------------------------------------------


def _enfants(conteneur: Element) -> list[Element]:
    return [e for e in conteneur if e.tag in (qn("w:p"), qn("w:tbl"))]


def _texte(e: Element) -> str:
    return "".join(t.text or "" for t in e.iter(qn("w:t")))


def _signature(e: Element) -> tuple[str | tuple[str, ...], ...]:
    if e.tag == qn("w:tbl"):
        return ("t", tuple(_texte(r) for r in e.iter(qn("w:tr"))))
    return ("p", _style(e), _texte(e))


def _style(p: Element) -> str:
    ps = p.find(qn("w:pPr"))
    s = ps.find(qn("w:pStyle")) if ps is not None else None
    return s.get(qn("w:val")) if s is not None else ""


def _aligner(ea: list[Element], eb: list[Element], sa: Sequence[Hashable], sb: Sequence[Hashable],
             paire: Callable[[Element | None, Element | None], list[Element]]) -> list[Element]:
    """Elements of ``b`` in order: unchanged ones as they are, the others through ``paire(old, new)``
    (either side may be None: a deletion or an insertion)."""
    resultat: list[Element] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
        if op == "equal":
            resultat.extend(eb[j1:j2])
            continue
        vieux, neufs = ea[i1:i2], eb[j1:j2]
        for k in range(max(len(vieux), len(neufs))):
            resultat.extend(paire(vieux[k] if k < len(vieux) else None, neufs[k] if k < len(neufs) else None))
    return resultat


def _fusionner_conteneur(a: Element, b: Element, m: Marqueur) -> None:
    """Rebuild container ``b``: its elements, plus ``a``'s deleted ones, with marks."""
    ea, eb = _enfants(a), _enfants(b)
    resultat = _aligner(ea, eb, [_signature(e) for e in ea], [_signature(e) for e in eb],
                        lambda x, y: _paire(x, y, m))
    fin = [e for e in b if e.tag not in (qn("w:p"), qn("w:tbl"))]
    for e in list(b):
        b.remove(e)
    for e in resultat:
        b.append(e)
    for e in fin:  # sectPr stays last
        b.append(e)


def _paire(x: Element, y: Element, m: Marqueur) -> list[Element]:
    if x is not None and y is not None and x.tag == y.tag == qn("w:p") and _comparables(x, y):
        return [_paragraphe_mots(x, y, m)]
    if x is not None and y is not None and x.tag == y.tag == qn("w:tbl"):
        _tableau(x, y, m)
        return [y]
    sortie = []
    if x is not None:
        sortie.append(_marquer(copy.deepcopy(x), "del", m))
    if y is not None:
        sortie.append(_marquer(y, "ins", m))
    return sortie


def _comparables(x: Element, y: Element) -> bool:
    """Same kind of paragraph, no field inside: a word-level comparison makes sense."""
    champs = any(True for _ in x.iter(qn("w:fldChar"))) or any(True for _ in y.iter(qn("w:fldChar")))
    return not champs and _style(x) == _style(y)


# --- marking whole elements --------------------------------------------------------------


def _marquer(e: Element, nature: str, m: Marqueur) -> Element:
    """Every run of ``e`` inserted (or deleted), paragraph marks and table rows included."""
    for p in list(e.iter(qn("w:p"))):
        _marquer_paragraphe(p, nature, m)
    for tr in e.iter(qn("w:tr")):
        sous_element(tr, "w:trPr", en_tete=True).append(m.element(nature))
    return e


def _marquer_paragraphe(p: Element, nature: str, m: Marqueur) -> None:
    ppr = sous_element(p, "w:pPr", en_tete=True)
    sous_element(ppr, "w:rPr").append(m.element(nature))
    for r in [r for r in p if r.tag in (qn("w:r"), qn("w:hyperlink"))]:
        enveloppe = m.element(nature)
        r.addprevious(enveloppe)
        enveloppe.append(r)
        if nature == "del":
            _en_texte_supprime(r)


def _en_texte_supprime(e: Element) -> None:
    for t in list(e.iter(qn("w:t"))):
        t.tag = qn("w:delText")
    for t in list(e.iter(qn("w:instrText"))):
        t.tag = qn("w:delInstrText")


# --- tables ------------------------------------------------------------------------------


def _tableau(a: Element, b: Element, m: Marqueur) -> None:
    """Rows matched by their text; a changed row with the same cells is compared cell by cell."""
    ra, rb = a.findall(qn("w:tr")), b.findall(qn("w:tr"))

    def rangs(x: Element, y: Element) -> list[Element]:
        if x is not None and y is not None and len(x.findall(qn("w:tc"))) == len(y.findall(qn("w:tc"))):
            for ca, cb in zip(x.findall(qn("w:tc")), y.findall(qn("w:tc"))):
                _fusionner_conteneur(ca, cb, m)
            return [y]
        return ([_marquer(copy.deepcopy(x), "del", m)] if x is not None else []) + (
            [_marquer(y, "ins", m)] if y is not None else [])

    resultat = _aligner(ra, rb, [_texte(r) for r in ra], [_texte(r) for r in rb], rangs)
    for r in rb:
        b.remove(r)
    for r in resultat:
        b.append(r)


# --- words -------------------------------------------------------------------------------


def _paragraphe_mots(a: Element, b: Element, m: Marqueur) -> Element:
    """One paragraph with deleted and inserted words marked (formatting of the new text)."""
    ta, tb = _texte(a), _texte(b)
    if ta == tb:
        return b
    mots_a, mots_b = MOTS.findall(ta), MOTS.findall(tb)
    premier_run = b.find(qn("w:r"))  # its formatting is given to the new words
    rpr = premier_run.find(qn("w:rPr")) if premier_run is not None else None
    p = copy.deepcopy(b)
    for r in [r for r in p if r.tag in (qn("w:r"), qn("w:hyperlink"), qn("w:ins"), qn("w:del"))]:
        p.remove(r)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mots_a, mots_b, autojunk=False).get_opcodes():
        if op == "equal":
            p.append(_run("".join(mots_b[j1:j2]), rpr))
            continue
        if i2 > i1:
            suppression = m.element("del")
            suppression.append(_run("".join(mots_a[i1:i2]), rpr, supprime=True))
            p.append(suppression)
        if j2 > j1:
            insertion = m.element("ins")
            insertion.append(_run("".join(mots_b[j1:j2]), rpr))
            p.append(insertion)
    return p


def _run(texte: str, rpr: Element, supprime: bool = False) -> Element:
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = OxmlElement("w:delText" if supprime else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = texte
    r.append(t)
    return r
