"""The preview a pull request's reviewers open without installing anything: the avenant (PDF
and page images), its comparison, the consolidated contract, and images of the consolidated
contract's pages whose text differs from the signed contract's.

Usage: python outils/apercu.py DIST SORTIE [SIGNE.pdf]
  DIST       where build.py wrote the avenant and the consolidated contract
  SORTIE     the preview folder (uploaded as the workflow's artifact)
  SIGNE.pdf  the signed contract built by the same engine (its pages are compared)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

PAGES_MAX = 40
"""Images of changed pages kept at most (a change early in the document shifts every page after)."""


def textes(pdf: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


def pages_changees(signe: Path, consolide: Path) -> list[int]:
    """Pages (from 1) of the consolidated contract whose text is not the signed one's at that place."""
    avant, apres = textes(signe), textes(consolide)
    return [k + 1 for k, texte in enumerate(apres) if k >= len(avant) or texte != avant[k]]


def image(pdf: Path, page: int, cible: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(cible)], check=True)


def main(dist: Path, sortie: Path, signe: Path | None) -> list[str]:
    sortie.mkdir(parents=True, exist_ok=True)
    lignes = []
    for fichier in sorted(dist.glob("avenant-*")) + sorted(dist.glob("contrat-de-ville.pdf")):
        if fichier.is_dir():  # the avenant's web page (its links lead to the consolidated contract's site)
            shutil.copytree(fichier.resolve(), sortie / fichier.name, dirs_exist_ok=True)
            lignes.append(f"{fichier.name}/index.html : l'avenant en page web")
            continue
        shutil.copy(fichier.resolve(), sortie / fichier.name)
        lignes.append(f"{fichier.name}")
    for avenant in sorted(dist.glob("avenant-*.pdf")):
        n = len(PdfReader(avenant).pages)
        for k in range(1, n + 1):
            image(avenant, k, sortie / f"{avenant.stem}-page-{k:02d}")
        lignes.append(f"{avenant.stem}-page-*.png : les {n} pages de l'avenant")
    consolide = dist / "contrat-de-ville.pdf"
    if signe is not None and signe.is_file() and consolide.is_file():
        changees = pages_changees(signe, consolide)
        for k in changees[:PAGES_MAX]:
            image(consolide, k, sortie / f"contrat-page-{k:03d}")
        lignes.append(f"contrat-page-*.png : les pages du contrat consolidé qui diffèrent du contrat signé "
                      f"({len(changees)} page(s), {min(len(changees), PAGES_MAX)} image(s))")
    (sortie / "LISEZMOI.txt").write_text("Aperçu de la demande de fusion\n\n" + "\n".join(lignes) + "\n",
                                         encoding="utf-8")
    return lignes


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    for ligne in main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) == 4 else None):
        print(ligne)
