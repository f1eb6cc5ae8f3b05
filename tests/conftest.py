"""Shared fixtures: the real contract built once per test session, read back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def lancer(*args: str, cwd: Path = RACINE, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run build.py as a user would."""
    return subprocess.run([sys.executable, str(RACINE / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=600)


@dataclass
class Construit:
    dist: Path
    pdf: Path
    docx: Path
    pages: list[str]
    """Text of each PDF page, without the running header and footer."""
    lecteur: PdfReader
    document: object


def _texte_pages(lecteur: PdfReader) -> list[str]:
    pages = []
    for page in lecteur.pages:
        lignes = [l for l in page.extract_text().splitlines()
                  if not re.match(r"^\s*Page \d+ / \d+", l) and "Engagements Quartiers 2030 » de la" not in l]
        pages.append("\n".join(lignes))
    return pages


@pytest.fixture(scope="session")
def construit(tmp_path_factory: pytest.TempPathFactory) -> Construit:
    if not shutil.which("soffice"):
        pytest.fail("LibreOffice est requis pour les tests de bout en bout (./construire l'installe)")
    dist = tmp_path_factory.mktemp("dist")
    fini = lancer("--dist", str(dist))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    pdf, docx = dist / "contrat-de-ville.pdf", dist / "contrat-de-ville.docx"
    lecteur = PdfReader(pdf)
    return Construit(dist, pdf, docx, _texte_pages(lecteur), lecteur, Document(str(docx)))


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A writable copy of the real sources, to break in a test."""
    cible = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", cible)
    return cible
