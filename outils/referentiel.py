"""Write the référentiel's table into docs/conformite.md (section « Le référentiel ») from
contrat/conformite/referentiel.py, its only description; tests/test_conformite.py checks that the
page is up to date.

    python outils/referentiel.py
"""

from __future__ import annotations

import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from contrat.conformite.referentiel import tableau_markdown  # noqa: E402

PAGE = RACINE / "docs" / "conformite.md"
DEBUT, FIN = "\n| id | exigence |", "\n## Ce que regarde chaque règle"
"""The table starts at its header and ends before the next section."""


def page_a_jour(texte: str) -> str:
    """The page with its table replaced by the référentiel's."""
    avant, reste = texte.split(DEBUT, 1)
    _, apres = reste.split(FIN, 1)
    return f"{avant}\n{tableau_markdown()}{FIN}{apres}"


if __name__ == "__main__":
    ancien = PAGE.read_text(encoding="utf-8")
    nouveau = page_a_jour(ancien)
    PAGE.write_text(nouveau, encoding="utf-8")
    print("docs/conformite.md : " + ("tableau du référentiel mis à jour" if nouveau != ancien else "déjà à jour"))
