"""Hostile sources, second round (issue 20): what the sources write through escapes and character
references, forged page markers, inputs unbounded within the size caps, paths named by a signed
version's manifest, texts printed into the CI log and the pull-request comment, links swapped or
hard-linked, a broken logo, a huge unrelated file.

Each case ends as documented: exit 1 (or 2 for a signed version's manifest), the French message,
no traceback nor internal error, within 1 Go of memory and 60 s, and never a byte of a file outside
the sources read or printed.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hostiles import (
    FIN,
    MINIMAL,
    SECRET,
    _ajouter,
    _ajouter_a_la_prose,
    _annexe,
    _annexe_piegee,
    _export,
    _limiter,
    _remplacer,
    _texte_du_preambule,
    verifier,
    verifier_par_lot,
)

from conftest import RACINE, lancer_processus, textes_pdf
from depots import depot_signe

ZWSP = "&#8203;"


def _csv_19_mo(s: Path) -> None:
    (s / "donnees").mkdir(exist_ok=True)
    ligne = "ligne-{n};Libellé de la ligne {n};" + ";".join(["12 345"] * 40) + "\n"
    with (s / "donnees" / "gros.csv").open("w", encoding="utf-8") as f:
        f.write("code;libelle;" + ";".join(f"c{k}" for k in range(40)) + "\n")
        for n in range(55_000):  # 18 Mo
            f.write(ligne.format(n=n))
    _export(s, "donnees/gros.csv")


def _csv(s: Path, contenu: str) -> None:
    (s / "donnees").mkdir(exist_ok=True)
    (s / "donnees" / "export.csv").write_text(contenu, encoding="utf-8")
    _export(s, "donnees/export.csv")


def _xlsx_bombe(s: Path) -> None:
    """A workbook whose sheet inflates to 300 Mo from a few hundred Ko."""
    from openpyxl import Workbook

    tampon = io.BytesIO()
    classeur = Workbook()
    classeur.active.append(["code", "libelle", "2022"])
    classeur.save(tampon)
    (s / "donnees").mkdir(exist_ok=True)
    with zipfile.ZipFile(tampon) as source, zipfile.ZipFile(s / "donnees" / "bombe.xlsx", "w",
                                                              zipfile.ZIP_DEFLATED) as cible:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                cible.writestr(info, source.read(info))
                continue
            with cible.open(info.filename, "w", force_zip64=True) as f:
                f.write(source.read(info)[:-len("</worksheet>")])
                bloc = b" " * (1 << 20)
                for _ in range(300):
                    f.write(bloc)
                f.write(b"</worksheet>")
    _export(s, "donnees/bombe.xlsx")


def _nom_propre(k: int) -> str:
    """A name of its own for each ``k`` (its first four letters differ from the others')."""
    return f"{chr(65 + k // 676 % 26)}{chr(97 + k // 26 % 26)}{chr(97 + k % 26)}ine Martin"


def _noms_propres(s: Path, n: int) -> None:
    """``n`` proper names, and 800 Ko of prose citing them, each also misspelled."""
    noms = [_nom_propre(k) for k in range(n)]
    _remplacer(s / "contrat.yaml", 'non_sigles: ["CONTRAT", "DE", "VILLE"]',
               'non_sigles: ["CONTRAT", "DE", "VILLE"]\nnoms_propres: [' + ", ".join(f'"{x}"' for x in noms) + "]")
    phrase = " ".join(f"La salle {x} et la salle {x}n ouvrent." for x in noms)
    lignes = []
    while sum(map(len, lignes)) < 800_000:
        lignes.append(phrase[: 2000] + "\n")
        phrase = phrase[2000:] + phrase[:2000]
    _ajouter_a_la_prose(s, "\n".join(lignes))


def _logo(s: Path, octets: bytes, nom: str = "images/logo.png") -> None:
    (s / nom).parent.mkdir(parents=True, exist_ok=True)
    (s / nom).write_bytes(octets)
    _ajouter(s / "contrat.yaml", f"couverture:\n  logo: {nom}\n")


def _jpeg_tronque() -> bytes:
    from PIL import Image

    tampon = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(tampon, "JPEG")
    return tampon.getvalue()[: len(tampon.getvalue()) // 2]


def _lien_physique(s: Path) -> None:
    os.link(s.parent / "secret.md", s / "textes" / "copie.md")
    _texte_du_preambule(s, "textes/copie.md")


CAS: list[tuple[str, Callable[[Path], None], str]] = [
    # 5. Control and bidi characters written as escapes (YAML) or character references (Markdown)
    ("yaml-echappement-rlo", lambda s: _remplacer(s / "contrat.yaml", 'nom: "Les Tilleuls"', 'nom: "Les \\u202eTilleuls"'),
     "contrat.yaml:11:15: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("yaml-echappement-long", lambda s: _remplacer(s / "contrat.yaml", 'nom: "Les Tilleuls"', 'nom: "Les \\U0000202ETilleuls"'),
     "contrat.yaml:11:15: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("yaml-echappement-rlm", lambda s: _ajouter(s / "contrat.yaml", 'x: "ab\\u200fc"\n'),
     f"contrat.yaml:{FIN}:7: caractère de contrôle bidirectionnel RLM (U+200F) interdit"),
    ("yaml-echappement-nul", lambda s: _ajouter(s / "contrat.yaml", 'x: "a\\0b"\n'),
     f"contrat.yaml:{FIN}:6: caractère de contrôle U+0000 interdit"),
    ("yaml-echappement-ansi", lambda s: _ajouter(s / "contrat.yaml", 'x: "\\\\ \\e[31mrouge"\n'),
     f"contrat.yaml:{FIN}:8: caractère de contrôle U+001B interdit"),
    ("yaml-echappement-nel", lambda s: _ajouter(s / "contrat.yaml", 'x: "a\\Nb"\n'),
     f"contrat.yaml:{FIN}:6: caractère de contrôle U+0085 interdit"),
    ("yaml-marque-reservee-echappee", lambda s: _ajouter(s / "contrat.yaml", 'x: "\\u2063réservé:carte:0\\u2063"\n'),
     f"contrat.yaml:{FIN}:5: caractère de contrôle U+2063 interdit"),
    ("yaml-cle-echappee", lambda s: _ajouter(s / "contrat.yaml", '"a\\u202eb": 1\n'),
     f"contrat.yaml:{FIN}:3: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("yaml-cle-saut-de-ligne", lambda s: _ajouter(s / "contrat.yaml", '"x\\n::error::pirate": 1\n'),
     f"contrat.yaml:{FIN}:3: saut de ligne ou tabulation (U+000A) interdit dans une clé"),
    ("yaml-cle-bloc", lambda s: _ajouter(s / "contrat.yaml", "? |\n  a\n  b\n: 1\n"),
     f"contrat.yaml:{FIN}:3: saut de ligne ou tabulation (U+000A) interdit dans une clé"),
    ("yaml-lecteur-pur", lambda s: _ajouter(s / "contrat.yaml", 'x: "\\u202e"\n? [a]\n: 1\n'),
     f"contrat.yaml:{FIN}:5: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("markdown-entite-hexa", lambda s: _ajouter_a_la_prose(s, "Montant : &#x202E;0001&#x202C; euros"),
     "textes/preambule.md:6:11: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("markdown-entite-decimale", lambda s: _ajouter_a_la_prose(s, "Montant : &#8238;0001 euros"),
     "textes/preambule.md:6:11: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("markdown-entite-nulle", lambda s: _ajouter_a_la_prose(s, "Texte &#x0; caché"),
     "textes/preambule.md:6:7: caractère de contrôle U+0000 interdit"),
    ("markdown-entite-nommee", lambda s: _ajouter_a_la_prose(s, "Texte &rlm;inversé"),
     "textes/preambule.md:6:7: caractère de contrôle bidirectionnel RLM (U+200F) interdit"),
    ("markdown-entite-isolat", lambda s: _ajouter_a_la_prose(s, "Texte &#x2067;inversé&#x2069;"),
     "caractère de contrôle bidirectionnel RLI (U+2067) interdit"),
    ("markdown-entite-separateur", lambda s: _ajouter_a_la_prose(s, "Texte &#x2063;réservé:carte:0&#x2063;"),
     "textes/preambule.md:6:7: caractère de contrôle U+2063 interdit"),
    ("markdown-dans-le-yaml", lambda s: _ajouter(s / "contrat.yaml", 'epigraphe: {texte: "Un &#x202E;mot", auteur: "X"}\n'),
     "caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    # 10. Unbounded within the size caps
    ("csv-19-mo", _csv_19_mo, "55000 lignes : au-delà de 2000, ce n'est plus un tableau de chiffres clés"),
    # csv.Sniffer's regular expression backtracks over such a line for minutes
    ("csv-premiere-ligne-200-ko", lambda s: _csv(s, "code;libelle" + ';"a' * 66_000 + "\nx;y;1\n"),
     "donnees/export.csv:1:1: ligne démesurée (198012 caractères)"),
    ("csv-cellule-longue", lambda s: _csv(s, "code;libelle;2020\nx;" + "y" * 5000 + ";1\n"),
     "donnees/export.csv:2:1: cellule de 5000 caractères, maximum 1000"),
    ("csv-150-colonnes", lambda s: _csv(s, "code;libelle;" + ";".join(str(k) for k in range(148)) + "\n"),
     "donnees/export.csv:1:1: 150 colonnes, maximum 100"),
    ("csv-bidi", lambda s: _csv(s, "code;libelle;2020\nx;Montant \u202e0001;1\n"),
     "donnees/export.csv:2:2: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("xlsx-bombe", _xlsx_bombe, "classeur démesuré une fois décompressé (plus de 100 Mo"),
    ("noms-propres-400", lambda s: _noms_propres(s, 400),
     "400 noms propres : maximum 200"),
    # 11. Hard links
    ("lien-physique", _lien_physique,
     "« textes/copie.md » est un lien physique (2 noms pour un même fichier) : refusé"),
    # 12. A logo that is not an image
    ("logo-png-tronque", lambda s: _logo(s, b"\x89PNG\r\n\x1a\n" + os.urandom(2000)),
     "« images/logo.png » n'est pas une image PNG ou JPEG lisible (décodage impossible"),
    ("logo-jpeg-tronque", lambda s: _logo(s, _jpeg_tronque(), "images/logo.jpg"),
     "« images/logo.jpg » n'est pas une image PNG ou JPEG lisible (décodage impossible"),
]


@pytest.fixture(scope="module")
def hostiles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess, float]]:
    """Every case's sources prepared, then checked one after the other in one process limited to
    1 Go (a case that got through would bring it down, and every case with it)."""
    return verifier_par_lot(CAS, tmp_path_factory.mktemp, delai=60)


@pytest.mark.parametrize("nom, attendu", [(c[0], c[2]) for c in CAS], ids=[c[0] for c in CAS])
def test_source_hostile(hostiles: dict[str, tuple[subprocess.CompletedProcess, float]], nom: str, attendu: str) -> None:
    fini, duree = hostiles[nom]
    assert fini.returncode == 1, (fini.returncode, fini.stdout, fini.stderr[-2000:])
    assert attendu in fini.stderr, fini.stderr[-2000:]
    assert SECRET not in fini.stdout + fini.stderr
    assert "Traceback" not in fini.stderr and "Erreur interne" not in fini.stderr
    assert duree < 60


# --- legitimate but large: accepted, within bounds ---------------------------------------------------


def test_un_export_et_des_noms_propres_aux_plafonds_passent_check_en_peu_de_temps(tmp_path: Path) -> None:
    """2 000 rows of 20 figures, 200 proper names over 800 Ko of prose: check accepts them (with
    the misspellings reported), within 1 Go and in seconds."""
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _csv(sources, "code\tlibelle\t" + "\t".join(str(2010 + k) for k in range(20)) + "\n" + "".join(
        f"ligne-{n}\tLigne {n}\t" + "\t".join(["1 234"] * 20) + "\n" for n in range(2000)))
    _noms_propres(sources, 200)
    debut = time.monotonic()
    fini = verifier(sources)
    duree = time.monotonic() - debut
    assert fini.returncode == 0, fini.stderr[-2000:]
    nom = _nom_propre(199)
    assert f"« {nom}n » : graphie différente de « {nom} » (noms_propres)" in fini.stderr
    assert duree < 30, duree


def test_la_construction_refuse_un_export_demesure_avant_de_le_lire(tmp_path: Path) -> None:
    """The caps apply before a build reads: ``build.py`` (not only check) ends at once, bounded."""
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _csv_19_mo(sources)
    debut = time.monotonic()
    fini = lancer_processus("--sources", str(sources), "--dist", str(tmp_path / "dist"), timeout=60,
                            preexec_fn=_limiter)
    assert fini.returncode == 1, fini.stderr[-2000:]
    assert "55000 lignes : au-delà de 2000" in fini.stderr
    assert "Traceback" not in fini.stderr and "Erreur interne" not in fini.stderr
    assert time.monotonic() - debut < 60
    assert not (tmp_path / "dist" / "contrat-de-ville.pdf").exists()


def test_les_separateurs_sont_reconnus_sans_sniffer(tmp_path: Path) -> None:
    from contrat.lecture.dossier import _lire_tableur

    for separateur in (";", ",", "\t"):
        texte = separateur.join(["code", "libelle", "2022"]) + "\n" + separateur.join(["a", "Ligne A", "12"]) + "\n"
        entetes, rangs = _lire_tableur(tmp_path / "x.csv", texte.encode("utf-8"))
        assert entetes == ["code", "libelle", "2022"] and rangs == [{"code": "a", "libelle": "Ligne A", "2022": "12"}]


def test_une_cellule_garde_ses_sauts_de_ligne_entre_guillemets(tmp_path: Path) -> None:
    """A quoted cell's line break, or a U+2028 in a cell, stays in its cell: the rows (and the
    lines findings name) are those of the file."""
    from contrat.lecture.dossier import _lire_tableur

    texte = 'code;libelle;2022\r\na;"Ligne\nsur deux";12\nb;Texte\u2028suivi;13\n'
    entetes, rangs = _lire_tableur(tmp_path / "x.csv", texte.encode("utf-8"))
    assert [r["code"] for r in rangs] == ["a", "b"] and [r["2022"] for r in rangs] == ["12", "13"]
    assert rangs[0]["libelle"] == "Ligne\nsur deux"


# --- 9. the reserved page of an external PDF annex cannot be forged ---------------------------------


@pytest.mark.pdf
def test_le_texte_d_une_marque_de_page_reservee_ne_remplace_pas_la_page_qui_l_ecrit(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _annexe_piegee(sources / "annexes" / "carte.pdf")
    _annexe(sources, "annexes/carte.pdf")
    _ajouter_a_la_prose(sources, "Preambule-visible réservé:carte:0")
    dist = tmp_path / "dist"
    fini = lancer_processus("--sources", str(sources), "--dist", str(dist), timeout=300)
    assert fini.returncode == 0, fini.stderr[-2000:]
    textes = textes_pdf(dist / "contrat-de-ville.pdf")
    preambule = [n for n, t in enumerate(textes) if "Preambule-visible" in t]
    annexe = [n for n, t in enumerate(textes) if "ANNEXE PIEGEE 1" in t]
    assert len(preambule) == 1 and len(annexe) == 1, textes
    assert "réservé:carte:0" in textes[preambule[0]]  # the preamble's page shows the preamble
    assert annexe[0] > preambule[0]  # the annex is where the annexes are, after the preamble


# --- 11. a signed version's manifest, the CI log, the pull-request comment ---------------------------


def _git(depot: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(depot), *args], capture_output=True, text=True, check=True).stdout


def _lancer(depot: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """build.py bounded in time (Git maps its packs in windows of 1 Go: not under the memory cap)."""
    return lancer_processus(*args, timeout=60, cwd=depot, env=env)


def _signe(racine: Path, preparer: Callable[[Path], object] = lambda s: None) -> Path:
    """The minimal contract in a Git repository, signed (``figer``): its tag and its manifest."""
    depot_signe(racine, MINIMAL, "2024-07-01", preparer)
    (racine.parent / "secret.txt").write_text(SECRET, encoding="utf-8")
    return racine


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    return _signe(tmp_path / "depot")


@pytest.mark.parametrize("nom, attendu", [
    ("../../secret.txt", "versions/contrat-signe.json : chemin « ../../secret.txt » refusé : il sort du dossier "
                         "des sources (« .. »)"),
    ("/etc/passwd", "versions/contrat-signe.json : chemin absolu « /etc/passwd » refusé"),
    ("lien.yaml", "la version « contrat-signe » contient « sources/lien.yaml », un lien ou un chemin qui sort du "
                  "dossier des sources : refusée"),
])
def test_le_manifeste_d_une_version_signee_ne_fait_rien_lire_hors_des_sources(depot: Path, nom: str,
                                                                               attendu: str) -> None:
    if nom == "lien.yaml":  # a link committed in the signed version itself
        depot = _signe(depot.parent / "depot-lien",
                       lambda s: (s / "lien.yaml").symlink_to(s.parent.parent / "secret.txt"))
    manifeste = depot / "versions" / "contrat-signe.json"
    contenu = json.loads(manifeste.read_text(encoding="utf-8"))
    contenu["sources"][nom] = "0" * 64
    manifeste.write_text(json.dumps(contenu), encoding="utf-8")
    fini = _lancer(depot, "diff")
    assert fini.returncode == 2, fini.stdout + fini.stderr
    assert attendu in fini.stderr, fini.stderr
    assert SECRET not in fini.stdout + fini.stderr
    assert "Traceback" not in fini.stderr and "Erreur interne" not in fini.stderr


def test_un_rapport_markdown_ne_porte_ni_html_ni_mention_ni_lien(depot: Path) -> None:
    """Nor, in either format, a line of its own (a runner would take « ::error » for its command)."""
    hostile = "<img src=x onerror=alert(1)> @admin [x](https://evil) `code` | # titre\n::error::pirate"
    _remplacer(depot / "sources" / "contrat.yaml", '"Nombre de sorties positives"', json.dumps(hostile))
    _git(depot, "commit", "-q", "-am", "Critère")
    fini = _lancer(depot, "diff", "--format", "markdown")
    assert fini.returncode == 0, fini.stderr
    md = fini.stdout
    assert "img src=x onerror=alert(1)" in md  # the change is reported, as text
    assert "<img" not in md and "@admin" not in md and "](https://evil)" not in md and "https://evil" not in md
    assert "`code`" not in md and "| #" not in md
    assert f"&lt;img src=x onerror=alert(1)&gt; @{ZWSP}admin \\[x\\](" in md
    for rapport in (md, _lancer(depot, "diff").stdout):
        assert "::error::pirate" in rapport and not [x for x in rapport.splitlines() if x.lstrip().startswith("::")]


def test_une_cle_avec_un_saut_de_ligne_ne_fait_qu_une_annotation(tmp_path: Path) -> None:
    """A key « x\\n::error::… » printed in the CI log: one annotation per finding (GitHub's escaping),
    and outside annotations no line a runner would take for one of its commands."""
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _ajouter(sources / "contrat.yaml", '"x\\n::error file=a.py::pirate, 100 %": 1\n')
    fini = _lancer(tmp_path, "--sources", str(sources), "check", env=dict(os.environ, CONTRAT_ANNOTATIONS="github"))
    assert fini.returncode == 1, fini.stderr
    annotations = [ligne for ligne in fini.stderr.splitlines() if ligne.lstrip().startswith("::")]
    assert annotations == [f"::error file=sources/contrat.yaml,line={FIN},col=3::sources/contrat.yaml:{FIN}:3: saut de "
                           "ligne ou tabulation (U+000A) interdit dans une clé"], fini.stderr
    fini = _lancer(tmp_path, "--sources", str(sources), "check")
    assert fini.returncode == 1 and not [x for x in fini.stderr.splitlines() if x.lstrip().startswith("::")]


def test_un_message_qui_cite_une_valeur_multiligne_reste_sur_sa_ligne(tmp_path: Path) -> None:
    """A value the sources wrote with a line break, quoted by a message: the finding is one line,
    one annotation, its « % » and line breaks escaped as GitHub says."""
    from contrat.cli.reglages import annotation, sur_une_ligne
    from contrat.erreurs import Probleme

    p = Probleme("sources/a,b:c.yaml", 3, 0, "", "valeur « 1\n::error::pirate » à 50 %")
    assert annotation(p) == ("::error file=sources/a%2Cb%3Ac.yaml,line=3,col=1::sources/a,b:c.yaml:3:0: valeur "
                             "« 1%0A::error::pirate » à 50 %25")
    assert sur_une_ligne(str(p)) == "sources/a,b:c.yaml:3:0: valeur « 1\\n::error::pirate » à 50 %"


# --- 11. links swapped between the check and the read; the bytes embedded are the bytes read ---------


def test_un_lien_echange_apres_la_verification_ne_fait_pas_lire_un_autre_fichier(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    from contrat.confiance.archive import zip_sources
    from contrat.controles.dossier import lire_dossier
    from contrat.lecture import confinement

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    (tmp_path / "secret.md").write_text(f"{SECRET}\n", encoding="utf-8")
    (sources / "textes" / "vrai.md").write_text("Le vrai préambule.\n", encoding="utf-8")
    (sources / "textes" / "lien.md").symlink_to("vrai.md")
    _texte_du_preambule(sources, "textes/lien.md")
    verifie = confinement._reel_confine
    verifications: list[str] = []

    def puis_echanger(dossier: Path, chemin: Path, nom: str) -> Path:
        reel = verifie(dossier, chemin, nom)
        verifications.append(nom)
        if verifications.count("textes/lien.md") == 1:  # the attacker swaps the link once it is checked
            (sources / "textes" / "lien.md").unlink()
            (sources / "textes" / "lien.md").symlink_to(tmp_path / "secret.md")
        return reel

    monkeypatch.setattr(confinement, "_reel_confine", puis_echanger)
    lecture = lire_dossier(sources)
    monkeypatch.undo()
    assert verifications.count("textes/lien.md") == 1  # checked once: the swap came after the check
    assert (sources / "textes" / "lien.md").resolve() == tmp_path / "secret.md"
    assert lecture.contrat.chapitres[0].texte.blocs[0].segments[0].texte == "Le vrai préambule."
    archive = zipfile.ZipFile(io.BytesIO(zip_sources(sources, lecture.fichiers)))
    assert archive.read("sources/textes/lien.md") == b"Le vrai pr\xc3\xa9ambule.\n"  # what was read
    assert all(SECRET.encode() not in archive.read(n) for n in archive.namelist())


def test_un_dossier_echange_apres_la_verification_est_refuse(tmp_path: Path, monkeypatch) -> None:
    from contrat.controles.dossier import lire_dossier
    from contrat.erreurs import ErreurSource
    from contrat.lecture import confinement

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    (sources / "textes").rename(sources / "vrais-textes")  # « textes » a link inside: checked, then walked
    (sources / "textes").symlink_to("vrais-textes")
    (tmp_path / "ailleurs").mkdir()
    (tmp_path / "ailleurs" / "preambule.md").write_text(f"{SECRET}\n", encoding="utf-8")
    verifie = confinement._reel_confine
    verifications: list[str] = []

    def puis_echanger(dossier: Path, chemin: Path, nom: str) -> Path:
        reel = verifie(dossier, chemin, nom)
        verifications.append(nom)
        if verifications.count("textes/preambule.md") == 1:  # once checked, before it is opened
            (sources / "vrais-textes").rename(tmp_path / "ancien")
            (sources / "vrais-textes").symlink_to(tmp_path / "ailleurs")
        return reel

    monkeypatch.setattr(confinement, "_reel_confine", puis_echanger)
    with pytest.raises(ErreurSource) as refus:
        lire_dossier(sources)
    assert verifications.count("textes/preambule.md") == 1 and (sources / "vrais-textes").is_symlink()
    assert "« textes/preambule.md » a changé pendant sa lecture (lien remplacé ?) : refusé" in str(refus.value)
    assert SECRET not in str(refus.value)


# --- 12. a huge unrelated file beside the sources ------------------------------------------------------


def test_un_fichier_de_3_go_a_cote_des_sources_n_est_pas_lu_par_check(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    with (sources / "sauvegarde.bin").open("wb") as f:
        f.truncate(3 << 30)  # sparse: 3 Go to read, nothing on disk
    debut = time.monotonic()
    fini = verifier(sources)
    assert fini.returncode == 0, fini.stderr
    assert time.monotonic() - debut < 30


@pytest.mark.pdf
def test_un_fichier_de_3_go_a_cote_des_sources_n_empeche_pas_la_construction(tmp_path: Path) -> None:
    import pikepdf

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    with (sources / "sauvegarde.bin").open("wb") as f:
        f.truncate(3 << 30)
    dist = tmp_path / "dist"
    debut = time.monotonic()
    fini = lancer_processus("--sources", str(sources), "--dist", str(dist), timeout=300, preexec_fn=_limiter)
    assert fini.returncode == 0, fini.stderr[-2000:]  # was an internal error (MemoryError): it was read
    assert time.monotonic() - debut < 120
    with pikepdf.open(dist / "contrat-de-ville.pdf") as pdf:
        archive = zipfile.ZipFile(io.BytesIO(pdf.attachments["sources-du-contrat.zip"].get_file().read_bytes()))
        assert sorted(archive.namelist()) == ["sources/chiffres_cles.yaml", "sources/contrat.yaml",
                                              "sources/textes/preambule.md"]


def test_le_logo_imprime_est_celui_qui_a_ete_verifie(tmp_path: Path, monkeypatch) -> None:
    """The logo's link swapped for another image once checked: the DOCX carries the image read."""
    from docx import Document
    from docx.oxml.ns import qn
    from PIL import Image

    from contrat.controles.dossier import lire_dossier
    from contrat.lecture import confinement
    from contrat.rendu.docx import OptionsRendu, rendre_docx

    def png(couleur: tuple[int, int, int]) -> bytes:
        tampon = io.BytesIO()
        Image.new("RGB", (40, 20), couleur).save(tampon, "PNG")
        return tampon.getvalue()

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    (sources / "images").mkdir()
    (sources / "images" / "vrai.png").write_bytes(png((0, 90, 0)))
    (tmp_path / "secret.png").write_bytes(png((200, 0, 0)))
    (sources / "images" / "logo.png").symlink_to("vrai.png")
    _ajouter(sources / "contrat.yaml", "couverture:\n  logo: images/logo.png\n")
    verifie = confinement._reel_confine

    def puis_echanger(dossier: Path, chemin: Path, nom: str) -> Path:
        reel = verifie(dossier, chemin, nom)
        if nom == "images/logo.png":
            (sources / "images" / "logo.png").unlink()
            (sources / "images" / "logo.png").symlink_to(tmp_path / "secret.png")
        return reel

    monkeypatch.setattr(confinement, "_reel_confine", puis_echanger)
    lecture = lire_dossier(sources)
    monkeypatch.undo()
    options = OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx", dossier_sources=sources,
                           fichiers_sources=lecture.fichiers)
    document = Document(io.BytesIO(rendre_docx(lecture.contrat, options)))
    blips = document.paragraphs[0]._p.findall(".//" + qn("a:blip"))
    assert len(blips) == 1
    assert document.part.related_parts[blips[0].get(qn("r:embed"))].blob == png((0, 90, 0))


@pytest.mark.parametrize("cible, attendu", [
    ("annexes/autre.pdf", "le fichier « annexes/carte.pdf » a changé depuis la vérification des sources : rien n'est "
                          "publié"),
    ("../secret.pdf", "annexe « Carte » : « annexes/carte.pdf » est un lien qui sort du dossier des sources : refusé"),
], ids=["autre-annexe", "hors-des-sources"])
@pytest.mark.pdf
def test_une_annexe_pdf_echangee_apres_la_verification_n_est_pas_inseree(tmp_path: Path, monkeypatch, cible: str,
                                                                          attendu: str) -> None:
    """The annex's link swapped for another PDF once checked: the build stops (exit 3), the other
    file's pages never come into the document."""
    from contrat.application.construction import OptionsConstruction, construire
    from contrat.controles.dossier import lire_dossier
    from contrat.erreurs import ErreurRendu
    from contrat.lecture import confinement

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _annexe_piegee(sources / "annexes" / "vraie.pdf")
    _annexe_piegee(sources / cible, pages=2)  # another file: its bytes differ
    (sources / "annexes" / "carte.pdf").symlink_to("vraie.pdf")
    _annexe(sources, "annexes/carte.pdf")
    verifie = confinement._reel_confine
    echanges: list[str] = []

    def puis_echanger(dossier: Path, chemin: Path, nom: str) -> Path:
        reel = verifie(dossier, chemin, nom)
        if nom == "annexes/carte.pdf" and not echanges:
            (sources / "annexes" / "carte.pdf").unlink()
            (sources / "annexes" / "carte.pdf").symlink_to((sources / cible).resolve())
            echanges.append(nom)
        return reel

    monkeypatch.setattr(confinement, "_reel_confine", puis_echanger)
    lecture = lire_dossier(sources)
    monkeypatch.undo()
    assert echanges
    with pytest.raises(ErreurRendu, match=re.escape(attendu)):
        construire(sources, OptionsConstruction(), lecture)
