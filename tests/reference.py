"""The reference contract (signed text) as lines to find in the built PDF."""

from __future__ import annotations

import html
import re
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_fefbfb3c8c06c703.txt"
REFERENCE_LOCALE = Path(__file__).resolve().parent / "donnees" / "reference.txt"


def chemin_reference() -> Path:
    """The seed beside the project, else the copy kept in tests/donnees (clean CI clones)."""
    return REFERENCE if REFERENCE.exists() else REFERENCE_LOCALE


def normaliser(texte: str) -> str:
    """Markup and whitespace removed, typographic variants unified: what a reader compares."""
    texte = html.unescape(texte)
    texte = re.sub(r"<[^>]+>", " ", texte)
    texte = re.sub(r"\^\{([^}]*)\}", r"\1", texte)
    texte = texte.replace("**", "").replace("*", "")
    texte = texte.replace("’", "'").replace("\u00ad", "")
    texte = re.sub(r"\.{3,}", "", texte)  # leader dots of a table of contents: layout
    texte = re.sub(r"^[\s•➤\-–>]+", "", texte)
    return re.sub(r"[\s\u00a0\u202f•\uf0b7]+", "", texte)


def lignes_reference(debut: str, fin: str | None) -> list[tuple[int, str]]:
    """Non-empty content lines between the line starting with ``debut`` and the one with ``fin``.

    Table rows are split into cells, and cells into their <p>/<li> items. The page numbers
    of the original sommaire ("Page 12") are layout, not content: the build computes its own.
    """
    lignes = chemin_reference().read_text(encoding="utf-8").splitlines()
    i0 = next(i for i, l in enumerate(lignes) if l.strip().startswith(debut))
    i1 = next((i for i, l in enumerate(lignes) if fin and l.strip() == fin and i > i0), len(lignes))
    resultat = []
    for n in range(i0, i1):
        for morceau in _morceaux(lignes[n]):
            if normaliser(morceau) and not re.fullmatch(r"\s*Page \d+\s*", morceau):
                resultat.append((n + 1, morceau.strip()))
    return resultat


def _morceaux(ligne: str) -> list[str]:
    """Cells, then paragraphs and list items of HTML cells (« <p> », « <li> », inline « - » items)."""
    morceaux = []
    for cellule in ligne.split("\t"):
        if "<" in cellule:
            for fragment in re.split(r"</?(?:p|li|ul|i|b|strong)(?:\s[^>]*)?>", cellule):
                morceaux.extend(re.split(r"\s+-\s+", " " + fragment))
        else:
            morceaux.append(cellule)
    return morceaux
