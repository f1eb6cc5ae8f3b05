"""A territory with several QPV in several communes (``exemples/rives-de-l-exemple``): its figures
per QPV, as printed (the DOCX read back), and its build into a PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from contrat.controles.dossier import valider_dossier
from contrat.rendu.docx import OptionsRendu, rendre_docx

from conftest import RACINE, lancer

EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple" / "sources"


def _texte(cellule) -> str:  # noqa: ANN001 - python-docx cell
    return " ".join(cellule.text.split())


def _nombre(texte: str) -> Decimal:
    """The figure a cell starts with (« 11 300 hab. », « 1 519 »)."""
    trouve = re.match(r"[\d\s]+(,\d+)?", texte)
    assert trouve, texte
    return Decimal("".join(trouve.group(0).split()).replace(",", "."))


@pytest.fixture(scope="module")
def tableaux() -> list[list[list[str]]]:
    """Every table of the rendered DOCX, as rows of cell texts."""
    contrat = valider_dossier(EXEMPLE).contrat
    options = OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx", dossier_sources=EXEMPLE)
    document = Document(BytesIO(rendre_docx(contrat, options)))
    return [[[_texte(c) for c in rang.cells] for rang in t.rows] for t in document.tables]


def _tableau(tableaux: list[list[list[str]]], entetes: list[str]) -> list[list[str]]:
    return next(t for t in tableaux if t[0] == entetes)


def test_les_quartiers_sont_dans_un_tableau_dont_la_population_vient_des_donnees(tableaux) -> None:
    quartiers = _tableau(tableaux, ["Quartier", "Code", "Commune", "Statut", "Superficie", "Population"])
    population = _tableau(tableaux, ["", "Habitants", "Moins de 25 ans", "Taux de pauvreté"])
    # The official name, then the usual one where the QPV has one.
    assert [r[0] for r in quartiers[1:]] == ["Les Hauts de Bellerive (« Les Hauts »)", "Le Moulin", "Les Peupliers",
                                              "La Croix-Verte (« Croix-Verte – Gare »)", "Centre ancien"]
    assert [r[1] for r in quartiers[1:]] == ["QN09901M", "QN09902I", "QN09903M", "QN09904N", "QN09905N"]
    assert [r[2] for r in quartiers[1:]] == ["Bellerive", "Bellerive", "Montclair", "Montclair", "Saint-Fictif"]
    assert [r[3] for r in quartiers[1:]] == ["maintenu", "maintenu", "périmètre modifié", "nouvel entrant",
                                              "nouvel entrant"]
    # Typed once, in the table of figures: the identity card prints the same figure.
    habitants = {r[0]: r[1] for r in population[1:]}
    for nom, pop in ((r[0].split(" (« ")[0], r[5]) for r in quartiers[1:]):
        assert pop == habitants[nom] and pop.endswith("hab.")
    # An area nobody gave is said unknown, never « 0 ».
    assert quartiers[4][4] == "non communiquée"
    assert quartiers[1][4] == "38 ha"


def test_chaque_colonne_porte_son_unite_et_le_total_est_la_somme_des_lignes(tableaux) -> None:
    population = _tableau(tableaux, ["", "Habitants", "Moins de 25 ans", "Taux de pauvreté"])
    lignes, total = population[1:-1], population[-1]
    # A missing figure prints its mark, without unit (« n.c. », « s »).
    assert all(r[2].endswith("%") or r[2] == "n.c." for r in lignes)
    assert all(r[3].endswith("%") or r[3] == "s" for r in lignes)
    assert lignes[0][3] == "48,5 %" and lignes[1][2] == "n.c." and lignes[4][3] == "s"
    # Beside the typed total above the table, the computed line says it is the lines' sum.
    assert total[0] == "Ensemble des quartiers (somme des lignes)"
    assert _nombre(total[1]) == sum(_nombre(r[1]) for r in lignes) == Decimal(11300)
    assert total[1].endswith("hab.") and total[2:] == ["", ""]  # rates are not summed


def test_un_tableau_trop_large_s_imprime_en_blocs_qui_repetent_la_premiere_colonne(tableaux) -> None:
    blocs = [t for t in tableaux if [r[0] for r in t[1:]] == ["Demandeurs d'emploi", "dont moins de 26 ans",
                                                             "dont inscrits depuis plus d'un an"]]
    assert len(blocs) == 2
    assert all(len(t[0]) - 1 <= 5 for t in blocs)
    entetes = [h for t in blocs for h in t[0][1:]]
    assert entetes == ["Les Hauts de Bellerive", "Le Moulin", "Les Peupliers", "La Croix-Verte", "Centre ancien",
                       "Ensemble"]
    # The sum is computed, never typed: each row's « Ensemble » adds its five QPV; a row holding
    # a secret figure (« s ») has no sum (it would give the secret away).
    for k in range(1, 4):
        cellules = [v for t in blocs for v in t[k][1:]]
        if "s" in cellules:
            assert cellules[-1] == "s"
            continue
        valeurs = [_nombre(v) for v in cellules]
        assert valeurs[-1] == sum(valeurs[:-1])


def test_l_exemple_a_plusieurs_quartiers_se_construit_en_pdf(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(EXEMPLE, sources)
    fini = lancer("--sources", str(sources), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 0, fini.stderr
    texte = subprocess.run(["pdftotext", "-layout", str(tmp_path / "dist" / "contrat-de-ville.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    for attendu in ("Les quartiers prioritaires", "La Croix-Verte", "non communiquée", "Ensemble des quartiers",
                    "11 300 hab.", "48,5 %", "en 21 exemplaires originaux",
                    # The enjeux' six columns are wide enough for their longest words: none cut.
                    "individualisé", "accompagnées", "Département", "d'entreprises",
                    # The cover: a count, then the QPV of each commune on a line of their own.
                    "5 quartiers prioritaires dans 3 communes Bellerive : Les Hauts de Bellerive, Le Moulin "
                    "Montclair : Les Peupliers, La Croix-Verte Saint-Fictif : Centre ancien"):
        assert attendu in " ".join(texte.split()).replace("\u202f", " "), attendu
    assert valider_dossier(EXEMPLE).contrat.territoire.communes_qpv == ("Bellerive", "Montclair", "Saint-Fictif")
    from typographie_imprimee import fautes_docx, fautes_pdf

    fautes = fautes_pdf(tmp_path / "dist" / "contrat-de-ville.pdf") + fautes_docx(tmp_path / "dist" /
                                                                                "contrat-de-ville.docx")
    assert not fautes, "\n".join(fautes[:10])


def test_la_couverture_nomme_les_quartiers_comme_le_contrat_le_demande() -> None:
    from contrat.impression.unites import mention_quartiers
    from contrat.modele.contrat import Couverture

    contrat = valider_dossier(EXEMPLE).contrat
    resume = contrat.model_copy(update={"couverture": Couverture(quartiers="resume")})
    assert mention_quartiers(resume) == "5 quartiers prioritaires dans 3 communes"
    liste = contrat.model_copy(update={"couverture": Couverture(quartiers="liste")})
    assert mention_quartiers(liste).startswith("Quartier prioritaire Les Hauts de Bellerive (Bellerive) – Quartier")
    un = contrat.model_copy(update={"quartiers": contrat.quartiers[:1]})
    assert mention_quartiers(un) == "Quartier prioritaire Les Hauts de Bellerive (Bellerive)"
