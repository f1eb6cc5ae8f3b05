"""The engine knows no territory: no name of either example contract (its EPCI, communes, QPV,
partners) appears in the engine's code, its skeleton or its templates' text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contrat.controles.dossier import valider_dossier

from conftest import RACINE

EXEMPLES = [RACINE / "sources", RACINE / "exemples" / "rives-de-l-exemple" / "sources"]


def _noms(sources: Path) -> set[str]:
    """The proper names a contract is made of: its communes, QPV and territory's organisations."""
    c = valider_dossier(sources).contrat
    noms = {*c.territoire.communes_qpv, *(q.nom for q in c.quartiers),
            c.organisation(c.territoire.epci).nom_complet}
    # A commune or QPV name, not the generic words around it (« Ville de », « Les »).
    return {n for n in noms if len(n) > 3}


@pytest.mark.parametrize("sources", EXEMPLES, ids=lambda p: p.parent.name)
def test_aucun_nom_du_territoire_n_est_dans_le_moteur(sources: Path) -> None:
    moteur = [f for f in (RACINE / "contrat").rglob("*") if f.is_file() and f.suffix in (".py", ".yaml", ".md")]
    assert len(moteur) > 50
    for nom in _noms(sources):
        motif = re.compile(rf"\b{re.escape(nom)}\b", re.IGNORECASE)
        trouves = [str(f.relative_to(RACINE)) for f in moteur if motif.search(f.read_text(encoding="utf-8"))]
        assert not trouves, f"« {nom} » dans {trouves}"
