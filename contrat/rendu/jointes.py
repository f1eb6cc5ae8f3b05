"""The documents an avenant joins (an annex PDF added or replaced), in its own PDF: each from a
new page under its title, its pages numbered « Page X / Y » like the avenant's, Y counting them.

As the contract does for its PDF annexes: pages are reserved in the DOCX (one invisible mark
each), so that LibreOffice lays them out and counts them in every footer; then each reserved page
is replaced by the document's page, rebuilt from what it shows (``finition.page_sure``).
"""

from __future__ import annotations

import io

from docx import Document as DocumentWord
from docx.enum.text import WD_BREAK

from contrat.impression.numerotation import marques_reservees
from contrat.impression.typographie import espaces_insecables
from contrat.modele.contrat import Contrat, Document
from contrat.rendu.docx import OptionsRendu

STYLE_TITRE = "Heading 2"
"""The style of « Annexe – Tableau comparatif », the avenant's other annex."""


def intitule_joint(rang: int, document: Document) -> str:
    """« Document joint n° 1 – Diagnostic 2027 » (the heading of its first page)."""
    return f"Document joint n° {rang} – {document.titre}"


def reserver(docx: bytes, contrat: Contrat, documents: list[Document]) -> bytes:
    """The avenant's DOCX ending with each joined document: a new page with its heading, then one
    reserved page per page of the PDF."""
    word = DocumentWord(io.BytesIO(docx))
    for rang, document in enumerate(documents, start=1):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        word.add_paragraph(espaces_insecables(intitule_joint(rang, document)), style=STYLE_TITRE)
        for marque in marques_reservees(contrat, document.code, document.pdf_pages):
            p = word.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
            p.add_run(marque)
    sortie = io.BytesIO()
    word.save(sortie)
    return sortie.getvalue()


def pdf_avec_documents_joints(docx: bytes, contrat: Contrat, documents: list[Document], options: OptionsRendu,
                              titre: str) -> bytes:
    """The avenant's PDF (``docx`` converted, its metadata set) with ``documents`` joined at the end."""
    from contrat.rendu import finition
    from contrat.rendu.libreoffice import convertir

    brut = convertir(reserver(docx, contrat, documents))
    with finition.ouvrir(brut) as doc:
        finition.inserer_pdf_externes(doc, brut, contrat, options.dossier_sources, documents)
        finition.poser_metadonnees(doc, contrat, options, titre)
        return finition.enregistrer(doc)
