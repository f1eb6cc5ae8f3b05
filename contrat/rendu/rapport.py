"""The annual report written to Word from its printed tree (``impression.rapport``), in its own
template (``templates/rapport.docx``, the contract's styles: restyling it restyles the report),
then to PDF/A through the contract's pipeline: LibreOffice, the opinions' PDF inserted in their
reserved pages, metadata, the sources and follow-up data attached, saved reproducibly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from contrat.erreurs import ErreurGabarit
from contrat.impression.arbre import Genre, Noeud, Role
from contrat.modele.contrat import Contrat, Document
from contrat.rendu.arbre_docx import ecrire_suite
from contrat.rendu.docx import OptionsRendu, proprietes_du_document
from contrat.rendu.ecriture import EcritureDocx, GabaritDocx, sous_document
from contrat.rendu.paquet import parties, zipper
from contrat.rendu.typographie_docx import typographier_document


def rendre_rapport(arbre: Noeud, options: OptionsRendu) -> bytes:
    """The report as DOCX bytes (the same tree, the same bytes)."""
    tpl = GabaritDocx(str(options.gabarit))
    couverture = next(n for n in arbre.enfants if n.genre == Genre.PARTIE)
    mentions = {x.role: x.texte for x in couverture.enfants}
    intitule = next(n.texte for n in arbre.enfants if n.role == Role.ENTETE_PAGES)
    contexte = {
        "titre": mentions[Role.TITRE],
        "sous_titre": mentions[Role.SOUS_TITRE],
        "territoire": mentions[Role.TERRITOIRE],
        "quartiers": mentions[Role.QUARTIERS],
        "base_legale": mentions[Role.VERSION],
        "avertissement": mentions.get(Role.AVERTISSEMENT, ""),
        "intitule": intitule,
        "parties": [{"intitule": n.ligne, "contenu": _contenu(tpl, n)} for n in arbre.enfants
                    if n.genre == Genre.CHAPITRE],
    }
    try:
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        tpl.render(contexte, jinja_env=env, autoescape=True)
    except (jinja2.TemplateError, ValueError, KeyError) as exc:
        raise ErreurGabarit(f"{options.gabarit}: gabarit du rapport inutilisable : {exc}") from None
    typographier_document(tpl.docx)
    proprietes_du_document(tpl, intitule, mentions[Role.SOUS_TITRE], options)
    return zipper(parties(tpl))


def _contenu(tpl: GabaritDocx, partie: Noeud) -> object:
    """A part's content, in a sub-document that begins right under its heading (which opens a
    page: a first opinion annexed does not open another)."""
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    r.haut_de_page = True
    ecrire_suite(r, partie.enfants)
    return sd


@dataclass(frozen=True)
class AvisJoint:
    """An opinion given as PDF, for the finishing: where to read it and the pages it replaces."""

    dossier: Path
    """The year's folder, which the opinion's path is relative to (read confined to it)."""
    document: Document


def document_joint(code: str, titre: str, fichier: str, pages: int, empreinte: str) -> Document:
    """An opinion's PDF as the finishing knows external documents (the contract's PDF annexes)."""
    return Document.model_construct(code=code, titre=titre, pdf=fichier, pdf_pages=pages, pdf_empreinte=empreinte)


def pdf_rapport(docx: bytes, contrat: Contrat, options: OptionsRendu, titre: str, archive: Callable[[], bytes],
                avis: list[AvisJoint], pendant: Callable[[], object] | None = None) -> tuple[bytes, list[str]]:
    """The report's PDF/A: converted by LibreOffice, the opinions' PDF in their reserved pages,
    the contract's metadata under the report's title, ``archive()`` (sources and follow-up data)
    attached; and what the finishing had to say (fonts substituted, content removed).
    ``pendant``: work done while LibreOffice converts (the contract's rules; an exception it
    raises stops the conversion and is raised), then the archive is zipped."""
    from contrat.rendu.libreoffice import Conversion, verifier_libreoffice

    verifier_libreoffice()
    conversion = Conversion(docx)
    try:
        from contrat.confiance.archive import attacher_sources
        from contrat.rendu import finition

        if pendant is not None:
            pendant()
        sources = archive()
        brut = conversion.resultat()
    except BaseException:
        conversion.annuler()
        raise
    with finition.ouvrir(brut) as doc:
        rapport: list[str] = []
        if avis:
            rapport += finition.inserer_pdf_externes(doc, brut, contrat, avis[0].dossier, [a.document for a in avis])
        finition.poser_metadonnees(doc, contrat, options, titre)
        attacher_sources(doc, sources, options.date)
        rapport += [f"police « {police} » utilisée dans le PDF du rapport : une police du gabarit est absente de "
                    "cette machine et a été remplacée" for police in finition.polices_du_document(doc)]
        return finition.enregistrer(doc), rapport


