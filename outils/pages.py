"""Are the printed pages the same as at an earlier commit? Builds four documents with that
commit's code and with this working tree's, then compares them page by page.

Usage: .venv/bin/python outils/pages.py COMMIT [--resolution 60] [--garder DOSSIER]
  COMMIT      the reference (a hash, a tag, HEAD~3...), checked out in a temporary Git worktree
  --resolution  dots per inch of the page images compared (default 60)
  --garder    keep in DOSSIER both PDFs of each document, the images of the pages that differ
              (reference | current | differing pixels in red) and the full diff of their text

The four documents, each built by both sides from that side's own sources, with the same Python:
- the Grand Dole contract (``sources/``, a full build);
- the second example (``exemples/rives-de-l-exemple/sources``);
- an avenant and the consolidated contract: the sources in a new Git repository, the contract
  signed (``figer``), then one fixed edit (a reworded alinéa, a reworded item of an enjeu table
  cell, a changed key figure that an alinéa with bold words quotes, a new axe of an enjeu: the
  avenant quotes a table row, a paragraph and an enjeu table row) and its
  ``avenants/avenant-01.yaml``, then ``build.py avenant`` and ``build.py``.

Compared: the text layer of every page exactly, its characters (pypdf, no-break and narrow
no-break spaces included, shown as ⍽ and · in the diff) and their layout (``pdftotext -layout``:
line breaks, where words stand), the first differing lines shown; and every page as an image
(``pdftoppm`` at the stated resolution) pixel by pixel, the count of differing pixels shown.
Exit 0 when every page of every document is identical, 1 when a page differs, 2 for a commit
that does not exist, 3 when a document could not be built on one side (said, with the command's
last words; the other documents are still compared).

Only PDF pages are compared: the DOCX files and the avenant's comparison document
(``avenant-01-comparaison.docx``) are not. Builds of the two sides run at the same time, the
documents of one side one after the other; the time of both phases is printed.

What legitimately differs between two builds is kept off the pages rather than filtered out of
the comparison, so nothing on a page is ever ignored:
- metadata (Info, XMP, the embedded sources, the source commit) are not on the page and are not
  compared;
- the cover's version line prints the Git description of the sources and their date (« Version des
  sources : <commit> du <date> »): the Grand Dole contract and the second example are built from a
  copy of the sources outside Git (it prints « fichiers hors Git ») and both sides use the same
  SOURCE_DATE_EPOCH; the avenant's repository is made with fixed author, committer and dates, and
  the consolidated contract's version line names the avenant, not a commit.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops
from pypdf import PdfReader

RACINE = Path(__file__).resolve().parent.parent
EPOQUE = "1719532800"  # 28 June 2024, 00:00 UTC: the date every build of both sides prints
DATE_GIT = "2024-06-28T10:00:00+00:00"
DOCUMENTS = {  # name printed -> PDF, relative to the side's work folder
    "contrat Grand Dole": "grand-dole/dist/contrat-de-ville.pdf",
    "deuxième exemple": "rives/dist/contrat-de-ville.pdf",
    "contrat consolidé": "depot/consolide/contrat-de-ville.pdf",
    "avenant": "depot/avenant/avenant-01.pdf",
}
LIGNES_DE_DIFF = 8  # shown per page: enough to see what changed
PAGES_DETAILLEES = 6  # pages whose diff is shown per document (all of them in --garder's .diff file)


class EchecConstruction(Exception):
    """A build of one side failed: the message says which command, where, and its last words."""


def _environnement(code: Path) -> dict[str, str]:
    """The same environment for both sides: that side's ``contrat`` package, the same date,
    a Git that reads no user configuration and writes the same commits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PYTHONPATH=str(code), SOURCE_DATE_EPOCH=EPOQUE, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Outil pages", GIT_AUTHOR_EMAIL="pages@exemple.fr", GIT_AUTHOR_DATE=DATE_GIT,
               GIT_COMMITTER_NAME="Outil pages", GIT_COMMITTER_EMAIL="pages@exemple.fr", GIT_COMMITTER_DATE=DATE_GIT)
    return env


def _lancer(commande: list[str], cwd: Path, env: dict[str, str]) -> None:
    fini = subprocess.run(commande, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if fini.returncode != 0:
        raise EchecConstruction(f"« {' '.join(commande[1:])} » dans {cwd} a échoué (code {fini.returncode}) :\n"
                                f"{(fini.stderr or fini.stdout)[-1500:]}")


def _remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    if texte.count(avant) != 1:
        raise EchecConstruction(f"{fichier} : le passage à modifier pour l'avenant est introuvable ou en plusieurs "
                                f"exemplaires : {avant!r}")
    fichier.write_text(texte.replace(avant, apres), encoding="utf-8")


AVENANT = '''numero: "1"
modifie: "contrat-signe"
comite_pilotage: "2025-06-12"
objet: "actualiser le niveau de vie médian du quartier, préciser un levier de l'enjeu 2, ajouter un axe à l'enjeu 4 et préciser le calendrier de l'évaluation"
expose_motifs: |
  Le comité de pilotage du 12 juin 2025 a souhaité actualiser les données et préciser l'évaluation.
signature:
  lieu: "Dole"
'''


NOUVEL_AXE = '''      - code: "tranquillite-residentielle"
        titre: "Tranquillité résidentielle"
        objectifs:
          - code: "mediation-soiree"
            texte: "Déployer la médiation sociale en soirée dans les halls d'immeubles"
          - code: "ecoute-locataires"
            texte: "Renforcer l'écoute des locataires"
        partenaires:
          - "bailleurs-sociaux"
          - "forces-ordre"
        leviers:
          - code: "adultes-relais"
            texte: "Postes d'adultes-relais"
          - code: "financements-politique-ville-tranquillite"
            texte: "Financements Politique de la Ville"
        criteres_evaluation:
          - code: "interventions-mediation-soiree"
            texte: "Nombre d'interventions de médiation en soirée"
'''


def modifier_pour_l_avenant(sources: Path) -> None:
    """The fixed edit both sides make to their signed Grand Dole sources: one change of each kind
    an avenant states and quotes (a reworded alinéa, a reworded item of an enjeu table cell, a key
    figure whose table row and quoting alinéa, bold at its start, are rewritten, a new axe whose
    row of the enjeu table is quoted with its header)."""
    _remplacer(sources / "textes" / "evaluation.md",
               "Le Contrat de ville fera l'objet d'une évaluation intermédiaire et finale en 2030.",
               "Le Contrat de ville fera l'objet d'une évaluation intermédiaire en 2027 et d'une évaluation finale "
               "en 2030.")
    _remplacer(sources / "enjeux.yaml", 'texte: "Centre de santé polyvalent"',
               'texte: "Centre de santé polyvalent de la Mutualité du Jura (ouvert en 2025)"')
    _remplacer(sources / "chiffres_cles.yaml", 'valeurs: {qpv: "8 262"}', 'valeurs: {qpv: "8 310"}')
    with (sources / "enjeux.yaml").open("a", encoding="utf-8") as enjeux:  # after enjeu 4's last axe
        enjeux.write(NOUVEL_AXE)
    (sources / "avenants").mkdir(exist_ok=True)
    (sources / "avenants" / "avenant-01.yaml").write_text(AVENANT, encoding="utf-8")


def preparer_depot(code: Path, depot: Path) -> None:
    """``depot``: the Grand Dole sources of ``code`` signed (``figer``) in a new Git repository,
    then changed by ``modifier_pour_l_avenant`` and committed (an avenant in progress)."""
    env = _environnement(code)
    shutil.copytree(code / "sources", depot / "sources")
    _remplacer(depot / "sources" / "contrat.yaml", '  # date: "2024-06-28"', '  date: "2024-06-28"')
    _lancer(["git", "init", "-q"], depot, env)
    _lancer(["git", "add", "-A"], depot, env)
    _lancer(["git", "commit", "-q", "-m", "Contrat de ville signé"], depot, env)
    _lancer([sys.executable, str(code / "build.py"), "figer", "--date", "2024-06-28"], depot, env)
    modifier_pour_l_avenant(depot / "sources")
    _lancer(["git", "add", "-A"], depot, env)
    _lancer(["git", "commit", "-q", "-m", "Avenant n° 1"], depot, env)


def construire(code: Path, travail: Path) -> dict[str, str]:
    """The four documents built by the code in ``code``, one after the other, in ``travail``;
    returns why each document that could not be built was not (the others are still compared)."""
    env = _environnement(code)
    build = [sys.executable, str(code / "build.py")]
    depot = travail / "depot"

    def grand_dole() -> None:
        shutil.copytree(code / "sources", travail / "grand-dole" / "sources")
        _lancer([*build, "--force", "--dist", "dist"], travail / "grand-dole", env)

    def exemple() -> None:
        shutil.copytree(code / "exemples" / "rives-de-l-exemple", travail / "rives")
        _lancer([*build, "--force", "--sources", "sources", "--dist", "dist"], travail / "rives", env)

    def depot_signe_puis_modifie() -> None:
        preparer_depot(code, depot)

    etapes: list[tuple[tuple[str, ...], Callable[[], None]]] = [
        (("contrat Grand Dole",), grand_dole),
        (("deuxième exemple",), exemple),
        (("contrat consolidé", "avenant"), depot_signe_puis_modifie),
        (("avenant",), lambda: _lancer([*build, "avenant", "--dist", "avenant"], depot, env)),
        (("contrat consolidé",), lambda: _lancer([*build, "--force", "--dist", "consolide"], depot, env)),
    ]
    echecs: dict[str, str] = {}
    for documents, etape in etapes:
        if any(d in echecs for d in documents):
            continue
        try:
            etape()
        except (EchecConstruction, subprocess.TimeoutExpired, OSError) as exc:
            echecs.update(dict.fromkeys(documents, str(exc)))
    return echecs


def disposition(pdf: Path) -> subprocess.Popen[str]:
    """Starts ``pdftotext -layout``: the text as laid out on the page (line breaks, where words
    stand), though it turns no-break and narrow no-break spaces into plain ones."""
    return subprocess.Popen(["pdftotext", "-layout", str(pdf), "-"], stdout=subprocess.PIPE, text=True)


def textes(pdf: Path, mise_en_page: subprocess.Popen[str]) -> list[tuple[str, str]]:
    """The text layer, page by page, twice: its characters exactly as the page's fonts map them
    (pypdf: no-break and narrow no-break spaces kept), and as ``disposition`` laid it out."""
    caracteres = [page.extract_text() for page in PdfReader(pdf).pages]
    sortie, _ = mise_en_page.communicate()
    if mise_en_page.returncode != 0:
        raise EchecConstruction(f"pdftotext n'a pas pu lire le texte de {pdf} (code {mise_en_page.returncode})")
    pages = sortie.split("\f")[:-1]  # every page ends with a form feed
    return list(zip(caracteres, pages + [""] * (len(caracteres) - len(pages))))


def difference(avant: str, apres: str) -> list[str]:
    """A unified diff without its file header, the invisible spaces made visible."""
    def visibles(texte: str) -> list[str]:
        return texte.replace("\u00a0", "⍽").replace("\u202f", "·").splitlines()

    diff = difflib.unified_diff(visibles(avant), visibles(apres), "référence", "actuel", n=0, lineterm="")
    return [ligne for ligne in diff if not ligne.startswith(("---", "+++"))]


def images(pdf: Path, resolution: int, dossier: Path) -> subprocess.Popen[bytes]:
    """Starts drawing one image per page at ``resolution`` dots per inch in ``dossier`` (PPM:
    no compression to pay for, the comparison reads them once)."""
    dossier.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(["pdftoppm", "-r", str(resolution), str(pdf), str(dossier / "p")])


def pages_dessinees(dessin: subprocess.Popen[bytes], pdf: Path, dossier: Path) -> list[Path]:
    """The images ``images`` drew, in page order, once it has finished."""
    if dessin.wait() != 0:
        raise EchecConstruction(f"pdftoppm n'a pas pu dessiner les pages de {pdf} (code {dessin.returncode})")
    return sorted(dossier.glob("p-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def pixels_differents(a: Image.Image, b: Image.Image) -> tuple[int, Image.Image]:
    """How many pixels differ (any channel), and the mask of them (white where they differ)."""
    if a.size != b.size:
        masque = Image.new("L", (max(a.width, b.width), max(a.height, b.height)), 255)
        return masque.width * masque.height, masque
    r, g, b_ = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).split()
    masque = ImageChops.lighter(ImageChops.lighter(r, g), b_).point(lambda v: 255 if v else 0)
    return masque.histogram()[255], masque


def cote_a_cote(a: Image.Image, b: Image.Image, masque: Image.Image) -> Image.Image:
    """Reference | current | the current page greyed with the differing pixels in red."""
    largeur, hauteur = max(a.width, b.width), max(a.height, b.height)
    rouge = Image.new("RGB", masque.size, (220, 0, 0))
    fond = b.convert("L").convert("RGB").point(lambda v: 155 + v * 100 // 255)
    fond = fond.crop((0, 0, *masque.size))
    marque = Image.composite(rouge, fond, masque)
    planche = Image.new("RGB", (3 * largeur + 20, hauteur), (255, 255, 255))
    for i, image in enumerate((a.convert("RGB"), b.convert("RGB"), marque)):
        planche.paste(image, (i * (largeur + 10), 0))
    return planche


@dataclass
class Comparaison:
    nom: str
    pages: tuple[int, int]
    textes: dict[int, list[str]] = field(default_factory=dict)  # page -> its diff
    images: dict[int, int] = field(default_factory=dict)  # page -> differing pixels

    def identique(self) -> bool:
        return self.pages[0] == self.pages[1] and not self.textes and not self.images


def comparer(nom: str, avant: Path, apres: Path, resolution: int, travail: Path,
             garder: Path | None = None) -> Comparaison:
    """Both PDFs of one document, page by page: text exactly, images pixel by pixel. A page
    present on one side only counts as differing in text and image."""
    # pdftoppm and pdftotext on both sides run while pypdf reads the characters.
    dessins = images(avant, resolution, travail / "avant"), images(apres, resolution, travail / "apres")
    mises_en_page = disposition(avant), disposition(apres)
    textes_avant, textes_apres = textes(avant, mises_en_page[0]), textes(apres, mises_en_page[1])
    images_avant = pages_dessinees(dessins[0], avant, travail / "avant")
    images_apres = pages_dessinees(dessins[1], apres, travail / "apres")
    pages = (len(textes_avant), len(textes_apres))
    resultat = Comparaison(nom, pages)
    for i in range(max(pages)):
        page = i + 1
        t_avant = textes_avant[i] if i < len(textes_avant) else ("", "")
        t_apres = textes_apres[i] if i < len(textes_apres) else ("", "")
        if t_avant[0] != t_apres[0] or i >= min(pages):  # the characters differ: their diff says which
            resultat.textes[page] = difference(t_avant[0], t_apres[0])
        elif t_avant[1] != t_apres[1]:  # same characters, laid out otherwise
            resultat.textes[page] = ["(mêmes caractères, autre disposition)", *difference(t_avant[1], t_apres[1])]
        if i >= min(len(images_avant), len(images_apres)):
            resultat.images[page] = -1  # the page exists on one side only
            continue
        with Image.open(images_avant[i]) as a, Image.open(images_apres[i]) as b:
            compte, masque = pixels_differents(a, b)
            if compte:
                resultat.images[page] = compte
                if garder is not None:
                    cote_a_cote(a, b, masque).save(garder / f"{_fichier(nom)}-page-{page:03d}.png")
    return resultat


def _fichier(nom: str) -> str:
    return nom.replace(" ", "-").replace("è", "e").replace("é", "e")


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def rapport(c: Comparaison, resolution: int) -> list[str]:
    """One line for the document, then the first differing lines of the first pages that differ."""
    pages = f"{c.pages[0]} pages" if c.pages[0] == c.pages[1] else f"{c.pages[0]} pages → {c.pages[1]} pages"
    texte = ("texte identique" if not c.textes else
             f"texte différent sur {len(c.textes)} page(s) ({_liste(sorted(c.textes))})")
    image = (f"images identiques ({resolution} dpi)" if not c.images else
             f"images différentes sur {len(c.images)} page(s) à {resolution} dpi ("
             + _liste(sorted(c.images), lambda p: f"p. {p} : " + ("absente d'un côté" if c.images[p] < 0 else
                                                                   f"{_nombre(c.images[p])} pixels")) + ")")
    lignes = [f"{c.nom} : {pages}, {texte}, {image}"]
    for page, diff in sorted(c.textes.items())[:PAGES_DETAILLEES]:
        lignes.append(f"    page {page} :")
        lignes.extend(f"      {ligne.rstrip()}" for ligne in diff[:LIGNES_DE_DIFF])
        if len(diff) > LIGNES_DE_DIFF:
            lignes.append(f"      … ({len(diff) - LIGNES_DE_DIFF} lignes de plus)")
    if len(c.textes) > PAGES_DETAILLEES:
        lignes.append(f"    … ({len(c.textes) - PAGES_DETAILLEES} autres pages au texte différent)")
    return lignes


def diff_complet(c: Comparaison) -> str:
    """Every differing line of every page, for --garder."""
    return "".join(f"page {page} :\n" + "".join(f"{ligne}\n" for ligne in diff) for page, diff in sorted(c.textes.items()))


def _liste(pages: list[int], forme: Callable[[int], str] = str, au_plus: int = 12) -> str:
    texte = ", ".join(forme(p) for p in pages[:au_plus])
    return texte + (f", … ({len(pages) - au_plus} de plus)" if len(pages) > au_plus else "")


def _construire_en_fond(code: Path, travail: Path, echecs: dict[Path, dict[str, str]]) -> threading.Thread:
    fil = threading.Thread(target=lambda: echecs.__setitem__(code, construire(code, travail)), daemon=True)
    fil.start()
    return fil


def main(arguments: list[str] | None = None) -> int:
    analyse = argparse.ArgumentParser(prog="outils/pages.py", description=__doc__.split("\n\n")[0])
    analyse.add_argument("commit")
    analyse.add_argument("--resolution", type=int, default=60)
    analyse.add_argument("--garder", type=Path)
    args = analyse.parse_args(arguments)
    if args.resolution <= 0:
        analyse.error("--resolution : un nombre de points par pouce positif est attendu")
    reference = subprocess.run(["git", "-C", str(RACINE), "rev-parse", "--verify", "--quiet", f"{args.commit}^{{commit}}"],
                               capture_output=True, text=True).stdout.strip()
    if not reference:
        print(f"outils/pages.py : commit introuvable dans {RACINE} : {args.commit}", file=sys.stderr)
        return 2
    if args.garder is not None:
        args.garder.mkdir(parents=True, exist_ok=True)
    debut = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="contrat-pages-") as tmp:
        ancien = Path(tmp) / "code-reference"
        ajout = subprocess.run(["git", "-C", str(RACINE), "worktree", "add", "--detach", "-q", str(ancien), reference],
                               capture_output=True, text=True)
        if ajout.returncode != 0:
            print(f"outils/pages.py : le commit {args.commit} ne peut pas être extrait : {ajout.stderr.strip()}",
                  file=sys.stderr)
            return 2
        try:
            cotes = {ancien: Path(tmp) / "reference", RACINE: Path(tmp) / "actuel"}
            echecs: dict[Path, dict[str, str]] = {}
            # The two sides at once (each builds its four documents one after the other).
            for fil in [_construire_en_fond(code, travail, echecs) for code, travail in cotes.items()]:
                fil.join()
        finally:
            subprocess.run(["git", "-C", str(RACINE), "worktree", "remove", "--force", str(ancien)], check=False)
        construction = time.perf_counter() - debut
        print(f"Pages au commit {args.commit} ({reference[:12]}) → arbre de travail actuel :")
        identiques, construits = True, True
        for nom, chemin in DOCUMENTS.items():
            pourquoi = [(f"au commit {args.commit}" if code == ancien else "dans l'arbre de travail", e[nom])
                        for code, e in echecs.items() if nom in e]
            if pourquoi or len(echecs) < len(cotes):
                construits = False
                for cote, message in pourquoi or [("", "construction interrompue")]:
                    print(f"{nom} : construction impossible {cote} : {message}")
                continue
            avant, apres = cotes[ancien] / chemin, cotes[RACINE] / chemin
            try:
                resultat = comparer(nom, avant, apres, args.resolution, Path(tmp) / "images" / _fichier(nom),
                                    args.garder)
            except (EchecConstruction, subprocess.CalledProcessError, OSError) as exc:
                print(f"{nom} : comparaison impossible : {exc}")
                construits = False
                continue
            identiques &= resultat.identique()
            print("\n".join(rapport(resultat, args.resolution)))
            if args.garder is not None:
                shutil.copyfile(avant, args.garder / f"{_fichier(nom)}-reference.pdf")
                shutil.copyfile(apres, args.garder / f"{_fichier(nom)}-actuel.pdf")
                if resultat.textes:
                    (args.garder / f"{_fichier(nom)}-texte.diff").write_text(diff_complet(resultat), encoding="utf-8")
    verdict = ("Toutes les pages sont identiques" if identiques and construits else
               "Des pages diffèrent" if construits else "Des documents n'ont pas pu être construits")
    duree = time.perf_counter() - debut
    print(f"{verdict} ({duree:.0f} s : constructions {construction:.0f} s, comparaison {duree - construction:.0f} s)"
          + (f" ; gardé dans {args.garder}" if args.garder else ""))
    return 3 if not construits else 0 if identiques else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the builds got the same Ctrl-C; the temporary worktree is removed
        print("outils/pages.py : interrompu", file=sys.stderr)
        sys.exit(130)
