"""Pages a reader would find badly laid out (issue 22, « Pages »): a chapter's heading alone on its
page, a table's last row alone at the top of a page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from conftest import RACINE, Construit, lancer


def test_un_chapitre_sans_texte_commence_par_son_premier_document(construit: Construit) -> None:
    """« VIII/ Contributions des partenaires » has no text of its own: its first contribution
    follows its heading on the same page, as in the signed contract, instead of a page holding the
    heading alone."""
    page = next(p for p in construit.pages if p.startswith("VIII/ Contributions des partenaires"))
    assert page.split("\n")[1:3] == ["Les dispositifs de l'Etat", "DDETSPP"], page[:300]
    # The next contribution still opens a page of its own.
    assert any(p.startswith("Contribution de la SDJES") for p in construit.pages)


def test_la_derniere_ligne_d_un_tableau_n_est_jamais_seule_en_haut_d_une_page(construit: Construit) -> None:
    """The last row but one of every table written from the printed tree keeps with the next
    (LibreOffice applies « keep with next » to table rows: measured, a 6-row table whose last row
    fell alone on the next page moves its last two rows instead)."""
    corps = construit.document.element.body  # type: ignore[attr-defined]
    verifies = 0
    for tbl in corps.iter(qn("w:tbl")):
        rangs = tbl.findall(qn("w:tr"))
        entetes = sum(1 for tr in rangs if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
        style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        if (style is None or len(rangs) - entetes < 3
                or tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}") is not None):
            continue  # short tables; the signature page's grid and the enjeux' tables are the template's
        avant_derniere = rangs[-2]
        paragraphes = list(avant_derniere.iter(qn("w:p")))
        assert paragraphes and all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphes)
        derniere = list(rangs[-1].iter(qn("w:p")))
        assert not all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in derniere)
        verifies += 1
    assert verifies == 5  # the Grand Dole's tables of three rows or more (figures, acronyms, typed tables)


def _premieres_lignes_des_tableaux_d_enjeux(document: object) -> list[str]:
    """The text of the first row of each enjeu table (the template's caption marks them)."""
    lignes = []
    for tbl in document.element.body.iter(qn("w:tbl")):  # type: ignore[attr-defined]
        legende = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if legende is not None:
            premiere = tbl.find(qn("w:tr"))
            cellules = premiere.iter(qn("w:tc"))
            lignes.append(" | ".join("".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in cellules))
    return lignes


def test_le_titre_de_l_enjeu_dans_son_tableau_se_choisit(construit: Construit, tmp_path: Path) -> None:
    """The Grand Dole prints each enjeu's title above its table and as its first row (the signed
    contract does); the second example, organised by piliers, says ``titre_dans_le_tableau: non``:
    its tables begin with their headers."""
    grand_dole = _premieres_lignes_des_tableaux_d_enjeux(construit.document)
    assert len(grand_dole) == 4
    assert grand_dole[0] == "Aménagements du quartier - Vie du quartier – Lien avec la ville – Transitions"
    fini = lancer("--sources", str(RACINE / "exemples" / "rives-de-l-exemple" / "sources"), "--dist", str(tmp_path))
    assert fini.returncode == 0, fini.stderr
    exemple = _premieres_lignes_des_tableaux_d_enjeux(Document(str(tmp_path / "contrat-de-ville.docx")))
    assert len(exemple) >= 4
    assert all(l.startswith("Orientations | Objectifs opérationnels | Pilote") for l in exemple), exemple


def test_une_colonne_de_chiffres_est_assez_large_pour_ses_valeurs(tmp_path: Path) -> None:
    """« 34 756 habitants » in a grid of four columns: each value column is as wide as its widest
    value (2.3 cm cut it « 34 756 habita|nts »), every value on one line of the PDF."""
    import shutil

    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "tests" / "fixtures" / "minimal" / "sources", sources)
    with (sources / "chiffres_cles.yaml").open("a", encoding="utf-8") as f:
        f.write('''  - code: population-communes
    titre: "Population des communes"
    source: insee-2020
    colonnes: [{code: "2010", libelle: "2010", unite: "habitants"}, {code: "2014", libelle: "2014", unite: "habitants"},
               {code: "2018", libelle: "2018", unite: "habitants"}, {code: "2020", libelle: "2020", unite: "habitants"}]
    lignes:
      - {code: fictiville, libelle: "Fictiville", valeurs: {"2010": "34 756", "2014": "35 102", "2018": "35 877", "2020": "36 010"}}
      - {code: tilleuls, libelle: "Les Tilleuls", valeurs: {"2010": "1 610", "2014": "1 600", "2018": "1 520", "2020": "1 480"}}
''')
    fini = lancer("--sources", str(sources), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 0, fini.stderr
    texte = subprocess.run(["pdftotext", "-layout", str(tmp_path / "dist" / "contrat-de-ville.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    # Too wide for one grid at that width, the table prints in two blocks of columns, side by side
    # with their labels: every value whole on its line.
    valeurs = [v.replace("\u00a0", " ") for l in texte.splitlines() if "Fictiville" in l
               for v in re.findall(r"\d[\d \u00a0\u202f]*\d\s?habitants", l)]
    assert valeurs == ["34 756 habitants", "35 102 habitants", "35 877 habitants", "36 010 habitants"], texte


def test_un_tableau_peut_ne_pas_repeter_la_source_de_la_fiche_au_dessus(construit: Construit) -> None:
    """As the signed contract prints it: the Grand Dole's « Répartition en pourcentage » follows
    its QPV card, whose source line covers both (``repeter_source: non``); the next table, of
    another source, prints its own."""
    page = next(p for p in construit.pages if "Répartition en pourcentage :" in p)
    lignes = page.split("\n")
    k = lignes.index("Répartition en pourcentage :")
    assert lignes[k - 1].startswith("Population :") and "3025" in lignes[k - 1]
    assert lignes.count("(source SIG 2019)") == 1
