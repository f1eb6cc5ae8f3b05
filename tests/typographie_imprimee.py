"""French spacing checked on what prints: the PDF's text (as pypdf reads it) and a DOCX's
paragraphs. Shared by the tests of the contract and of the avenants."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from pypdf import PdfReader

GROUPE = re.compile(r"(?<![\w,.\u2212-])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)")
"""A number written in digit groups (« 56 595 », « 1 480 000 »)."""


def fautes_pdf(pdf: Path) -> list[str]:
    """Spacing faults of a PDF's text: an ordinary space before ; ! ? » or after «, a line that
    starts with : ; ! ? » % or ends with « (a break where a no-break space should hold). LibreOffice
    writes U+00A0 as a plain space in the text layer, U+202F as itself: a colon's no-break space
    is seen in the layout (no line starts with it), its kind in the DOCX (``fautes_docx``)."""
    texte = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    fautes = [f"espace ordinaire avant « {m.group(1)} » : …{texte[max(0, m.start() - 30):m.end()]}"
              for m in re.finditer(r" ([;!?»])", texte)]
    fautes += [f"espace ordinaire après « « » : {texte[m.start():m.end() + 30]}…" for m in re.finditer(r"« ", texte)]
    for ligne in texte.splitlines():
        if re.match(r"^\s*[:;!?»%]", ligne):
            fautes.append(f"ligne qui commence par une ponctuation : {ligne[:60]}")
        if ligne.rstrip().endswith("«"):
            fautes.append(f"ligne qui finit par « : {ligne[-60:]}")
    return fautes


def paragraphes_docx(docx: Path) -> list[str]:
    """Every paragraph of a DOCX, its tables' cells included, as written (spaces kept)."""
    document = Document(str(docx))
    return [p.text for p in document.paragraphs] + [
        p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]


def fautes_docx(docx: Path) -> list[str]:
    """Spacing faults of a DOCX's paragraphs: before : a space that is not U+00A0; before ; ! ?
    and inside « » one that is not U+202F; digit groups separated by anything but U+202F."""
    fautes = []
    for p in paragraphes_docx(docx):
        for m in re.finditer(r"([ \u202f]):|([ \u00a0])[;!?»]|«([ \u00a0])", p):
            fautes.append(f"espace {m.group(0)!r} : {p[max(0, m.start() - 30):m.end() + 10]}")
        for m in GROUPE.finditer(p):
            if set(re.findall(r"[ \u00a0\u202f]", m.group(0))) != {"\u202f"}:
                fautes.append(f"groupes de chiffres {m.group(0)!r} : {p[max(0, m.start() - 20):m.end() + 10]}")
    return fautes
