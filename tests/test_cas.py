"""Error cases as data (as Black's and Pandoc's goldens): one folder per case under ``tests/cas/``.

A case is the minimal contract (``tests/fixtures/minimal/sources``) changed by
- ``remplacements.yaml``: a list of ``{fichier, remplacer, par}`` edits of the base's files, and/or
- ``sources/``: files added or replacing the base's whole;
and ``attendu.txt``: the exit code of ``build.py check`` (first line, ``# sortie : N``) then exactly
what it prints on the error output. ``CONTRAT_REGENERER=1 pytest tests/test_cas.py`` rewrites the
expected files that differ, and those cases fail saying so (to review with ``git diff``, then run
again without it): a regenerating run can never pass a changed case.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import RACINE, lancer

CAS = Path(__file__).resolve().parent / "cas"
BASE = RACINE / "tests" / "fixtures" / "minimal" / "sources"


def preparer(cas: Path, cible: Path) -> Path:
    sources = cible / "sources"
    shutil.copytree(BASE, sources)
    if (cas / "sources").is_dir():
        shutil.copytree(cas / "sources", sources, dirs_exist_ok=True)
    remplacements = cas / "remplacements.yaml"
    for r in yaml.safe_load(remplacements.read_text(encoding="utf-8")) if remplacements.is_file() else []:
        fichier = sources / r["fichier"]
        texte = fichier.read_text(encoding="utf-8")
        assert r["remplacer"] in texte, f"{cas.name} : « {r['remplacer']} » absent de {r['fichier']}"
        fichier.write_text(texte.replace(r["remplacer"], r["par"], 1), encoding="utf-8")
    return sources


def obtenu(cas: Path, tmp_path: Path) -> str:
    preparer(cas, tmp_path)
    fini = lancer("check", "--sources", "sources", cwd=tmp_path)
    # The one variable part of the output: the time check took.
    erreurs = re.sub(r"\(\d+[.,]\d+ s\)", "(… s)", fini.stderr)
    return f"# sortie : {fini.returncode}\n{erreurs}"


@pytest.mark.parametrize("cas", sorted(p.name for p in CAS.iterdir() if p.is_dir()))
def test_cas(cas: str, tmp_path: Path) -> None:
    dossier = CAS / cas
    texte = obtenu(dossier, tmp_path)
    attendu = dossier / "attendu.txt"
    assert "Traceback" not in texte
    if os.environ.get("CONTRAT_REGENERER"):
        # Regenerating is never a pass: the case is rewritten only when it differs, and the run
        # fails saying so (to review with git diff); an unchanged case is compared as usual.
        if not attendu.is_file() or attendu.read_text(encoding="utf-8") != texte:
            attendu.write_text(texte, encoding="utf-8")
            pytest.fail(f"{cas} : attendu.txt régénéré, à relire (git diff) avant de relancer sans CONTRAT_REGENERER")
    assert texte == attendu.read_text(encoding="utf-8")


def test_chaque_cas_est_complet() -> None:
    """Every case folder changes something and says what it expects."""
    for dossier in (p for p in CAS.iterdir() if p.is_dir()):
        assert (dossier / "attendu.txt").is_file(), f"{dossier.name} : attendu.txt manquant"
        assert (dossier / "remplacements.yaml").is_file() or (dossier / "sources").is_dir(), dossier.name
