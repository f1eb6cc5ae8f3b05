"""``build.py conformite``: the sources read, checked, and the contract reviewed against the texts
in force on its signing date (the référentiel of contrat/conformite); the printed page of each
chapter when dist/ holds a PDF built from these very sources."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from contrat.application.sources import lire
from contrat.conformite.revue import FORMATS, Ligne, jour_des_textes, reviser

NOM_PDF = "contrat-de-ville.pdf"


@dataclass(frozen=True)
class Revue:
    lignes: list[Ligne]
    date: dt.date
    texte: str


def revue_de_conformite(dossier: Path, format_: str = "texte", date: dt.date | None = None,
                        dist: Path | None = None) -> Revue:
    """The table in ``format_`` (raises ErreurSource on invalid sources or declarations)."""
    lecture = lire(dossier)
    lecture.juger()
    jour = jour_des_textes(lecture.contrat, date)
    pages = pages_des_chapitres(dist / NOM_PDF, dict(lecture.positions.contenus)) if dist else {}
    lignes = reviser(lecture.contrat, lecture.positions, jour.quand, pages)
    return Revue(lignes, jour.quand, FORMATS[format_](lignes, jour))


def pages_des_chapitres(pdf: Path, contenus: dict[str, bytes]) -> dict[str, int]:
    """Bookmark title -> page (from 1) of ``pdf``, when it embeds exactly these sources (else
    nothing: the pages of another version would mislead)."""
    if not pdf.is_file():
        return {}
    import pikepdf

    from contrat.confiance.archive import ArchiveInvalide, extraire_sources

    with tempfile.TemporaryDirectory(prefix="contrat-conformite-") as tmp:
        try:
            jointes = extraire_sources(pdf, Path(tmp))
        except (ArchiveInvalide, pikepdf.PdfError, OSError):
            return {}
        if jointes is None:
            return {}
        embarquees = {f.relative_to(jointes).as_posix(): f.read_bytes() for f in jointes.rglob("*") if f.is_file()}
    propres = {nom.split("/", 1)[1] if "/" in nom else nom: v for nom, v in contenus.items()}
    if embarquees != propres and embarquees != contenus:
        return {}
    with pikepdf.open(pdf) as doc:
        return _signets(doc)


def _signets(doc: object) -> dict[str, int]:
    """Bookmark title -> its first page (the sommaire's reading of the outline)."""
    import pikepdf

    from contrat.rendu.sommaire import signets

    assert isinstance(doc, pikepdf.Pdf)
    trouves: dict[str, int] = {}
    for titre, page in signets(doc):
        trouves.setdefault(titre, page)
    return trouves
