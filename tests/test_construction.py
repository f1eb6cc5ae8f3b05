"""The build as a user runs it: another territory, failures that keep dist/ intact, no LibreOffice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from conftest import RACINE, lancer

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"


def test_un_autre_territoire_se_construit_sans_rien_de_dole(tmp_path: Path) -> None:
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path))
    assert fini.returncode == 0, fini.stderr
    texte = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "contrat-de-ville.pdf").pages)
    assert "Les Tilleuls" in texte and "Val Fictif" in texte
    assert "−7,5 %" in texte  # 1 600 -> 1 480, computed
    assert "Fait à Fictiville, le 1er juillet 2024" in texte
    for mot in ("Dole", "Mesnils", "Jura", "LUTHER"):
        assert mot not in texte, mot
    document = Document(str(tmp_path / "contrat-de-ville.docx"))
    assert any("Accompagner les jeunes vers l'emploi & la formation" in c.text
               for t in document.tables for r in t.rows for c in r.cells)
    numerotes = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numerotes == ["Premier point", "Second point"]


def test_un_echec_ne_detruit_pas_la_sortie_precedente(tmp_path: Path, sources: Path) -> None:
    dist = tmp_path / "dist"
    assert lancer("--sources", str(MINIMAL), "--dist", str(dist)).returncode == 0
    avant = {p.name: p.read_bytes() for p in dist.iterdir()}
    casse = tmp_path / "casse"
    shutil.copytree(MINIMAL, casse)
    (casse / "contrat.yaml").write_text((casse / "contrat.yaml").read_text(encoding="utf-8").replace(
        "criteres_evaluation: [{code: sorties, texte: \"Nombre de sorties positives\"}]", "criteres_evaluation: []"),
        encoding="utf-8")
    fini = lancer("--sources", str(casse), "--dist", str(dist))
    assert fini.returncode == 1
    assert "aucun critère d'évaluation" in fini.stderr
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == avant


def test_sans_libreoffice_le_docx_est_produit_et_l_installation_expliquee(tmp_path: Path) -> None:
    env = dict(os.environ, CONTRAT_SOFFICE=str(tmp_path / "pas-de-soffice"))
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path), env=env)
    assert fini.returncode == 4
    assert "LibreOffice est introuvable" in fini.stderr
    assert "apt-get install" in fini.stderr
    assert (tmp_path / "contrat-de-ville.docx").exists()
    assert not (tmp_path / "contrat-de-ville.pdf").exists()
    assert "Traceback" not in fini.stderr
