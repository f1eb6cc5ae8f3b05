"""PDF renderer: the DOCX, its sommaire inscribed, converted by LibreOffice (which computes the
sommaire's page numbers as it lays the document out), then one pikepdf pass (``rendu/finition.py``:
external annexes, metadata, attached sources).

Composes like Pandoc's makePDF: DOCX writer + external program, in a temporary folder.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from contrat.confiance.archive import zip_sources
from contrat.impression.numerotation import Intitule, plan
from contrat.impression.unites import TITRE_SIGNATURES
from contrat.modele.contrat import Contrat
from contrat.rendu.docx import OptionsRendu, rendre_paquet
from contrat.rendu.libreoffice import Conversion, convertir, verifier_libreoffice
from contrat.rendu.paquet import Paquet
from contrat.rendu.sommaire import a_paginer, inscrire_sommaire, pages_des_titres, pour_libreoffice, pour_word


@dataclass(frozen=True)
class ResultatPdf:
    pdf: bytes
    docx: bytes
    """The DOCX with its sommaire pre-filled with the PDF's page numbers."""
    sommaire: tuple[tuple[Intitule, int], ...]
    rapport: tuple[str, ...] = ()
    """What was removed from external annexes or could not be stamped."""


def rendre_pdf(contrat: Contrat, options: OptionsRendu, docx: Paquet | None = None,
               pendant: Callable[[], object] | None = None) -> ResultatPdf:
    """Render the contract as PDF (and the DOCX with the same sommaire); ``docx``: its parts, if
    already rendered (its tree receives the sommaire); ``pendant``: work done while LibreOffice
    converts (an exception it raises stops the conversion and is raised)."""
    verifier_libreoffice()  # without it, ``docx`` stays as rendered: the DOCX published alone
    docx = docx if docx is not None else rendre_paquet(contrat, options)
    document = inscrire_sommaire(docx, plan(contrat, TITRE_SIGNATURES))
    with ThreadPoolExecutor(max_workers=1) as fond:
        # Zipped while LibreOffice converts (this process only waits for it meanwhile).
        archive = fond.submit(zip_sources, options.dossier_sources, options.fichiers_sources) \
            if options.dossier_sources is not None else None
        conversion = Conversion(pour_libreoffice(document))
        try:
            # pikepdf loads while LibreOffice converts: only what follows the conversion needs it.
            from contrat.confiance.archive import attacher_sources
            from contrat.rendu import finition

            if pendant is not None:
                pendant()
            publie = a_paginer(document)
            brut = conversion.resultat()
        except BaseException:
            conversion.annuler()
            raise
        with finition.ouvrir(brut) as doc:
            pages = pages_des_titres(doc, document.entrees)
            # The published DOCX is finished beside qpdf: its compression (zlib lets go of the
            # interpreter) can run while qpdf works; the rest of it is a few milliseconds.
            docx_publie = fond.submit(pour_word, publie, pages)
            rapport = finition.inserer_pdf_externes(doc, brut, contrat, options.dossier_sources)
            finition.poser_metadonnees(doc, contrat, options)
            if archive is not None:
                attacher_sources(doc, archive.result(), options.date)
            rapport += [f"police « {police} » utilisée dans le PDF : une police du gabarit est absente de "
                        "cette machine et a été remplacée" for police in finition.polices_du_document(doc)]
            rapport += [f"police « {police} » du gabarit : ni déclarée ni remplaçable par une police déclarée de "
                        "mêmes métriques, elle est imprimée en Liberation Sans (la déclarer dans POLICES_DECLAREES, "
                        "contrat/rendu/polices.py, avec son paquet)" for police in _polices_du_gabarit(docx)]
            pdf = finition.enregistrer(doc)
        return ResultatPdf(pdf=pdf, docx=docx_publie.result(), sommaire=tuple(zip(document.entrees, pages)),
                           rapport=tuple(rapport))


def pdf_avenant(docx: bytes, contrat: Contrat, options: OptionsRendu, titre: str) -> bytes:
    """The avenant's PDF: same conversion and metadata as the contract (no sommaire)."""
    from contrat.rendu.finition import metadonnees

    return metadonnees(convertir(docx), contrat, options, titre)


def _polices_du_gabarit(document: Paquet) -> list[str]:
    """Fonts the rendered Word document names that LibreOffice cannot print as such (the engine sets
    no font: they are the template's)."""
    from lxml import etree

    from contrat.rendu.polices import polices_non_declarees

    polices = document.document.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    return polices_non_declarees(document.parties, (etree.tostring(p) for p in polices))
