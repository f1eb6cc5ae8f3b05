"""A project around its sources: the schemas and the reference page written beside them
(``build.py schema``), a new territory's skeleton (``build.py init``)."""

from __future__ import annotations

from pathlib import Path

from contrat.application.publication import ecrire_durablement

REFERENCE = Path("docs") / "reference-des-sources.md"
SCHEMAS = Path("schemas")


def fichiers_du_schema() -> dict[Path, str]:
    """Path (relative to the project) -> content of every file ``build.py schema`` writes."""
    from contrat.modele.schema import reference, textes_des_schemas

    fichiers = {SCHEMAS / nom: texte for nom, texte in textes_des_schemas().items()}
    fichiers[REFERENCE] = reference()
    return fichiers


def ecrire_schemas(projet: Path) -> list[Path]:
    """Write the JSON Schemas and the reference page into ``projet``; the paths written."""
    ecrits = []
    for relatif, texte in fichiers_du_schema().items():
        chemin = projet / relatif
        chemin.parent.mkdir(parents=True, exist_ok=True)
        ecrire_durablement(chemin, texte.encode("utf-8"))
        ecrits.append(chemin)
    return ecrits
