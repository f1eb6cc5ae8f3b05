"""Shared fixtures: the real contract built once per test session, read back."""

from __future__ import annotations

import contextlib
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
    """Run ``build.py ARGS`` in this process, through the same entry point as the script (same
    messages, same exit codes), from ``cwd``; with ``env``, in a separate process."""
    if env is not None:
        return lancer_processus(*args, cwd=cwd, env=env)
    from click.testing import CliRunner

    from contrat.cli.principal import lancer as point_d_entree

    with CliRunner().isolation() as (sortie, erreurs, _), contextlib.chdir(cwd):
        try:
            point_d_entree(list(args))
            code = 0
        except SystemExit as fin:
            code = fin.code if isinstance(fin.code, int) else 1
        return sans_erreur_interne(subprocess.CompletedProcess(
            ["build.py", *args], code, sortie.getvalue().decode("utf-8"), erreurs.getvalue().decode("utf-8")))


def lancer_processus(*args: str, cwd: Path = RACINE, env: dict | None = None,
                     **options: object) -> subprocess.CompletedProcess:
    """Run build.py as a user would: a new Python process (for what only a process shows: the
    script itself, environment variables, signals, imports), starting its own LibreOffice.
    ``options`` go to subprocess.run (``timeout``, ``preexec_fn``...)."""
    options = {"timeout": 600, **options}
    return sans_erreur_interne(subprocess.run([sys.executable, str(RACINE / "build.py"), *args], cwd=cwd,
                                              capture_output=True, text=True, env=env, **options))


def sans_erreur_interne(fini: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """Every run of build.py in the tests, hostile inputs included, fails the test at once if it
    ends as an internal error (exit 70) or prints a traceback: those are reserved for bugs, never
    for an input."""
    if fini.returncode == 70 or "Traceback (most recent call last)" in (fini.stderr or ""):
        pytest.fail(f"erreur interne pour build.py {' '.join(map(str, fini.args[2:]))} (code {fini.returncode}) :\n"
                    f"{(fini.stderr or '')[-3000:]}", pytrace=False)
    return fini


@dataclass
class Construit:
    dist: Path
    pdf: Path
    docx: Path
    pages: list[str]
    """Text of each PDF page, without the running header and footer."""
    lecteur: PdfReader
    document: object


def textes_pdf(pdf: Path, pages: slice = slice(None)) -> list[str]:
    """The text of the pages of ``pdf`` (all, or the ``pages`` slice: extracting only what a test
    reads saves seconds on a 59-page contract)."""
    return [page.extract_text() for page in PdfReader(pdf).pages[pages]]


def _texte_pages(lecteur: PdfReader) -> list[str]:
    """Pages as pypdf reads them (the fidelity tests compare them line by line with the reference
    in pypdf's reading order)."""
    pages = []
    for texte in (page.extract_text() for page in lecteur.pages):
        # Running headers and footers left out (their spaces read as spaces, whatever their kind).
        lignes = [l for l in texte.splitlines()
                  if not re.match(r"^\s*Page \d+ / \d+", l)
                  and "Engagements Quartiers 2030 » de la" not in " ".join(l.split())]
        pages.append("\n".join(lignes))
    return pages


def libreoffice_present() -> bool:
    """LibreOffice and a Python that can drive it, as the build looks for them (CONTRAT_SOFFICE...)."""
    from contrat.erreurs import LibreOfficeIntrouvable
    from contrat.rendu.libreoffice import python_uno, soffice

    try:
        soffice()
        python_uno()
    except LibreOfficeIntrouvable:
        return False
    return True


def pytest_configure(config: pytest.Config) -> None:
    """In-process builds share one LibreOffice per test process (its start costs 0.7 s a
    conversion); builds run as processes (lancer_processus) start their own, as a user's does.
    The kinds of annex are registered, as the application does before reading sources: tests that
    validate a contract themselves (``Contrat.model_validate``) see the same model."""
    from contrat.rendu.libreoffice import garder_libreoffice
    from contrat.sortes import inscrire

    garder_libreoffice()
    inscrire()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``pdf`` need LibreOffice: without it they are skipped, saying why."""
    if libreoffice_present():
        return
    raison = pytest.mark.skip(reason="LibreOffice absent (./construire l'installe) : test de bout en bout")
    for item in items:
        if "pdf" in item.keywords:
            item.add_marker(raison)


@pytest.fixture(scope="session")
def construit(tmp_path_factory: pytest.TempPathFactory) -> Construit:
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
