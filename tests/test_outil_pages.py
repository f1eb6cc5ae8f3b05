"""outils/pages.py, the page-by-page comparison of two builds: its comparison on tiny PDFs made
here (a changed word, a moved line, an added page) and its refusal of an unknown commit. The
builds themselves (four documents on both sides, about a minute) are not run here."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pikepdf
import pytest

from conftest import RACINE

OUTIL = RACINE / "outils" / "pages.py"


@pytest.fixture(scope="module")
def pages() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("outil_pages", OUTIL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def pdf(chemin: Path, *pages: tuple[str, int]) -> Path:
    """One page per (text, height of its line in points), in Helvetica."""
    document = pikepdf.new()
    police = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                       BaseFont=pikepdf.Name.Helvetica))
    for texte, hauteur in pages:
        contenu = document.make_stream(f"BT /F1 24 Tf 72 {hauteur} Td ({texte}) Tj ET".encode())
        document.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=contenu,
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)))))
    document.save(chemin)
    return chemin


def test_pages_identiques(pages: ModuleType, tmp_path: Path) -> None:
    a = pdf(tmp_path / "a.pdf", ("Contrat de ville", 700), ("Article 2", 700))
    b = pdf(tmp_path / "b.pdf", ("Contrat de ville", 700), ("Article 2", 700))
    resultat = pages.comparer("essai", a, b, 30, tmp_path / "images")
    assert resultat.identique()
    assert pages.rapport(resultat, 30) == ["essai : 2 pages, texte identique, images identiques (30 dpi)"]


def test_un_mot_change_le_texte_et_l_image_de_sa_page(pages: ModuleType, tmp_path: Path) -> None:
    a = pdf(tmp_path / "a.pdf", ("Contrat de ville", 700), ("Article 2", 700))
    b = pdf(tmp_path / "b.pdf", ("Contrat de ville", 700), ("Article 3", 700))
    garder = tmp_path / "garde"
    garder.mkdir()
    resultat = pages.comparer("essai", a, b, 30, tmp_path / "images", garder)
    assert not resultat.identique()
    assert list(resultat.textes) == [2] and list(resultat.images) == [2] and resultat.images[2] > 0
    lignes = pages.rapport(resultat, 30)
    assert lignes[0].startswith("essai : 2 pages, texte différent sur 1 page(s) (2), images différentes sur 1 page(s) "
                                "à 30 dpi (p. 2 : ")
    assert "-Article 2" in [ligne.strip() for ligne in lignes] and "+Article 3" in [ligne.strip() for ligne in lignes]
    assert [p.name for p in garder.iterdir()] == ["essai-page-002.png"]


def test_une_ligne_deplacee_ne_change_que_l_image(pages: ModuleType, tmp_path: Path) -> None:
    a = pdf(tmp_path / "a.pdf", ("Contrat de ville", 700))
    b = pdf(tmp_path / "b.pdf", ("Contrat de ville", 650))
    resultat = pages.comparer("essai", a, b, 30, tmp_path / "images")
    assert not resultat.textes and list(resultat.images) == [1]


def test_une_page_ajoutee(pages: ModuleType, tmp_path: Path) -> None:
    a = pdf(tmp_path / "a.pdf", ("Contrat de ville", 700))
    b = pdf(tmp_path / "b.pdf", ("Contrat de ville", 700), ("Annexe", 700))
    resultat = pages.comparer("essai", a, b, 30, tmp_path / "images")
    assert resultat.pages == (1, 2) and list(resultat.textes) == [2] and resultat.images == {2: -1}
    assert pages.rapport(resultat, 30)[0] == ("essai : 1 pages → 2 pages, texte différent sur 1 page(s) (2), images "
                                              "différentes sur 1 page(s) à 30 dpi (p. 2 : absente d'un côté)")


def test_commit_inconnu(tmp_path: Path) -> None:
    fini = subprocess.run([sys.executable, str(OUTIL), "pas-un-commit"], cwd=tmp_path, capture_output=True, text=True)
    assert fini.returncode == 2
    assert "commit introuvable" in fini.stderr and "pas-un-commit" in fini.stderr and "Traceback" not in fini.stderr
