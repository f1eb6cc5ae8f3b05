"""``build.py init``: a new territory's project that builds at once."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import lancer, textes_pdf


def test_init_cree_un_projet_qui_se_construit_aussitot(tmp_path: Path) -> None:
    projet = tmp_path / "mon-territoire"
    fini = lancer("init", str(projet))
    assert fini.returncode == 0, fini.stderr
    assert "dépôt Git créé" in fini.stdout
    # Nothing to fix before the first check but the placeholders, each a warning (tests/test_schema_corpus.py).
    verification = lancer("check", "--sources", str(projet / "sources"))
    assert verification.returncode == 0, verification.stderr
    # Every criterion already has its indicator sheet, by sex: the annual report can follow.
    assert "2/2 critères mesurés, 2 par sexe" in verification.stdout
    construction = lancer("--sources", str(projet / "sources"), "--dist", str(projet / "dist"))
    assert construction.returncode == 0, construction.stderr
    texte = " ".join(" ".join(textes_pdf(projet / "dist" / "contrat-de-ville.pdf")).split())
    assert "Quartier prioritaire Quartier A (Commune A) – Quartier prioritaire Quartier B (Commune B)" in texte
    assert "non communiquée" in texte and "Ensemble des quartiers" in texte
    # Its own templates (to restyle), schemas named by its files, a first commit in Git.
    assert (projet / "templates" / "contrat.docx").is_file()
    assert (projet / "schemas" / "contrat.schema.json").is_file()
    premiere = (projet / "sources" / "contrat.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert (projet / "sources" / premiere.split("$schema=")[1]).resolve() == (projet / "schemas" /
                                                                              "contrat.schema.json").resolve()
    journal = subprocess.run(["git", "-C", str(projet), "log", "--oneline"], capture_output=True, text=True)
    assert "Squelette du contrat de ville" in journal.stdout
    etat = subprocess.run(["git", "-C", str(projet), "status", "--porcelain"], capture_output=True, text=True)
    assert etat.stdout == ""  # the build's dist/ is ignored by Git


def test_init_refuse_un_dossier_qui_n_est_pas_vide(tmp_path: Path) -> None:
    (tmp_path / "fichier.txt").write_text("déjà là", encoding="utf-8")
    fini = lancer("init", str(tmp_path))
    assert fini.returncode != 0
    assert "n'est pas un dossier vide" in fini.stderr and "Traceback" not in fini.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fichier.txt"]
