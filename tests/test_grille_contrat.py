"""The contract's own evaluation grid: a chapter ``inclure: indicateurs`` prints the indicator
sheets (one table per enjeu, a row per sheet). What prints is the contract: a changed target is a
contract change an avenant states, in printed terms; yearly values and actions are not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import RACINE, lancer, textes_pdf
from depots import depot_signe

EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple" / "sources"
CHAPITRE = '  - {code: grille, titre: "Grille d\'évaluation", inclure: indicateurs}\n'


def _avec_la_grille(sources: Path) -> None:
    contrat = sources / "contrat.yaml"
    texte = contrat.read_text(encoding="utf-8")
    apres = '  - {code: gouvernance, titre: "La gouvernance", texte: textes/gouvernance.md}\n'
    assert apres in texte
    contrat.write_text(texte.replace(apres, apres + CHAPITRE), encoding="utf-8")


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second example with its grid, signed; its build into ``dist``."""
    racine = tmp_path_factory.mktemp("grille")
    shutil.copytree(EXEMPLE.parent, racine / "exemple")
    _avec_la_grille(racine / "exemple" / "sources")
    depot = depot_signe(racine / "depot", racine / "exemple" / "sources", "2024-06-14")
    fini = lancer("--dist", str(racine / "dist"), cwd=depot)
    assert fini.returncode == 0, fini.stderr
    return depot


@pytest.mark.pdf
def test_la_grille_imprime_chaque_fiche_sous_son_enjeu(depot: Path) -> None:
    dist = depot.parent / "dist"
    texte = " ".join(" ".join(textes_pdf(dist / "contrat-de-ville.pdf")).split())
    assert "Grille d'évaluation" in texte
    # The chapter itself (the sommaire and the table of conformity name it too).
    debut = texte.rindex("Grille d'évaluation", 0, texte.rindex("Tableau de conformité aux textes"))
    grille = texte[debut:]
    for libelle in ("Jeunes accompagnés sortis en emploi durable", "Entreprises créées par des habitants des quartiers",
                    "Habitants satisfaits de leur cadre de vie"):
        assert libelle in grille, libelle
    # The baseline and targets as the sheet gives them, the data's supplier by name.
    assert "170 en 2027, 200 en 2030 (à la hausse)" in grille
    tables = [t for t in Document(str(dist / "contrat-de-ville.docx")).tables
              if [c.text for c in t.rows[0].cells][:2] == ["Indicateur", "Critère d'évaluation"]]
    assert tables and all(len(t.columns) == 6 for t in tables)
    lignes = sum(len(t.rows) - 1 for t in tables)
    assert lignes == 7  # the example's seven sheets, each once
    # The web edition prints it too, a real table with header cells.
    page = (dist / "web" / "chapitre-grille.html").read_text(encoding="utf-8")
    assert "<th scope=\"col\">Référence et cibles</th>" in page and "Jeunes accompagnés sortis en emploi durable" in page


@pytest.mark.pdf
def test_une_cible_changee_est_un_changement_du_contrat_que_l_avenant_enonce(depot: Path) -> None:
    fiches = depot / "sources" / "indicateurs.yaml"
    texte = fiches.read_text(encoding="utf-8")
    assert 'cibles: {sens: hausse, "2027": "170", "2030": "200"}' in texte
    fiches.write_text(texte.replace('"2030": "200"', '"2030": "210"', 1), encoding="utf-8")
    try:
        fini = lancer("diff", "--format", "json", cwd=depot)
    finally:
        fiches.write_text(texte, encoding="utf-8")
    assert fini.returncode == 0, fini.stderr
    articles = json.loads(fini.stdout)["articles"]
    assert len(articles) == 1, articles
    assert articles[0]["texte"] == ["Au chapitre IV « Grille d'évaluation », dans le tableau des indicateurs « L'emploi et "
                                    "l'insertion professionnelle », la ligne « Jeunes accompagnés sortis en emploi "
                                    "durable » est ainsi rédigée :"]
    assert "référence : 140 (2023) ; cibles : 170 en 2027, 210 en 2030 (à la hausse)" in articles[0]["cite"][0]
    comparaison = articles[0]["comparaison"][0]
    assert "200 en 2030" in comparaison["redaction_en_vigueur"] and "210 en 2030" in comparaison["redaction_modifiee"]


def test_une_grille_sans_fiches_est_une_erreur_placee(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(EXEMPLE, sources)
    _avec_la_grille(sources)
    (sources / "indicateurs.yaml").unlink()
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1
    assert "contrat.yaml:81:" in fini.stderr and "« indicateurs » est inclus mais absent des sources" in fini.stderr
    assert "Traceback" not in fini.stderr
