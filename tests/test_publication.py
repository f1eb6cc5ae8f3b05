"""Publishing into dist/ when others publish, sign or point it at the wrong place: builds take
turns in one dist, a signed PDF is never replaced nor removed by a build, dist and sources are kept
apart, and an impossible dist is a usage error (exit 2), never an internal one."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RACINE, lancer, lancer_processus

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
NOMS = ("a.docx", "a.pdf", "manifest.json")


def _publier_un(dist: str, rang: int) -> str:
    from contrat.application.publication import publier

    try:
        publier(Path(dist), {n: f"{n}-{rang}".encode() * 2000 for n in NOMS}, "a")
    except Exception as exc:  # noqa: BLE001  # every failure is what the test reports
        return repr(exc)
    return ""


def test_des_publications_simultanees_dans_un_meme_dist_se_succedent(tmp_path: Path) -> None:
    """Twelve builds publishing into one dist at once (six at a time), ten times: before the lock,
    every round ended with a set deleted while another wrote it (dangling links, « No such file »)."""
    contexte = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(6, mp_context=contexte) as executeur:
        for essai in range(10):
            dist = tmp_path / f"dist{essai}"
            erreurs = [e for e in executeur.map(_publier_un, [str(dist)] * 12, range(12)) if e]
            assert erreurs == [], erreurs
            ensembles = [p for p in (dist / ".ensembles").iterdir() if not p.name.startswith(".")]
            assert len(ensembles) == 1, ensembles
            contenus = {(dist / n).read_bytes()[:-1].decode().rsplit("-", 1)[-1][:3] for n in NOMS}
            assert len(contenus) == 1  # the three files of the same build, never a mix


@pytest.mark.pdf
def test_deux_constructions_simultanees_dans_un_meme_dist(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    commande = [sys.executable, str(RACINE / "build.py"), "--sources", str(MINIMAL), "--dist", str(dist), "--force"]
    for _ in range(2):
        processus = [subprocess.Popen(commande, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(2)]
        fins = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in processus]
        assert all(code == 0 for code, _ in fins), fins
        for nom in ("contrat-de-ville.pdf", "contrat-de-ville.docx", "manifest.json"):
            assert (dist / nom).is_file(), f"lien pendant : {dist / nom}"
        assert len([p for p in (dist / ".ensembles").iterdir() if not p.name.startswith(".")]) == 1


@pytest.fixture(scope="module")
def certificat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hostiles import _certificat

    return _certificat(tmp_path_factory.mktemp("cert"), "Prefete du Jura")[0]


def _pdfsig_valide(pdf: Path) -> bool:
    sortie = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    return "Signature is Valid." in sortie and "Total document signed" in sortie


@pytest.mark.pdf
def test_une_construction_ne_detruit_jamais_un_pdf_signe(tmp_path: Path, certificat: Path) -> None:
    """`sign dist/contrat-de-ville.pdf` (the README's own example), then a rebuild: the signed PDF
    and the record of its signature are still there, intact."""
    dist = tmp_path / "dist"
    assert lancer("--sources", str(MINIMAL), "--dist", str(dist)).returncode == 0
    original = (dist / "contrat-de-ville.pdf").read_bytes()
    fini = lancer("sign", str(dist / "contrat-de-ville.pdf"), "--cert", str(certificat), "--mot-de-passe", "secret")
    assert fini.returncode == 0, fini.stderr
    signe = dist / "signes" / "contrat-de-ville.pdf"
    assert f"✓ {signe} signé par" in fini.stdout and "les signataires suivants signent" in fini.stdout
    assert (dist / "contrat-de-ville.pdf").read_bytes() == original  # the build's output is left as built
    octets = signe.read_bytes()
    assert octets.startswith(original) and _pdfsig_valide(signe)
    assert '"signataire"' in (dist / "signes" / "manifest.json").read_text(encoding="utf-8")

    fini = lancer("--sources", str(MINIMAL), "--dist", str(dist), "--force")
    assert fini.returncode == 0, fini.stderr
    assert signe.read_bytes() == octets and _pdfsig_valide(signe)
    assert '"signataire"' in (dist / "signes" / "manifest.json").read_text(encoding="utf-8")
    fini = lancer("--dist", str(dist), "verify", str(signe), "--sources", str(MINIMAL))
    assert fini.returncode == 0 and "✓ Aucune altération détectée." in fini.stdout, fini.stdout + fini.stderr

    # The next signatory signs the signed file where it is; one who signs the build's output again
    # adds to the signed copy, never writes over it (the first signature was lost so).
    fini = lancer("sign", str(signe), "--cert", str(certificat), "--mot-de-passe", "secret")
    assert fini.returncode == 0 and "(signature n° 2)" in fini.stdout, fini.stdout + fini.stderr
    assert signe.read_bytes().startswith(octets)
    octets = signe.read_bytes()
    fini = lancer("sign", str(dist / "contrat-de-ville.pdf"), "--cert", str(certificat), "--mot-de-passe", "secret")
    assert fini.returncode == 0 and "(signature n° 3)" in fini.stdout, fini.stdout + fini.stderr
    assert f"exemplaire déjà signé : signature ajoutée à {signe}" in fini.stdout
    assert signe.read_bytes().startswith(octets) and _pdfsig_valide(signe)
    octets = signe.read_bytes()

    # Another build's output cannot be signed over this signed copy.
    autres = tmp_path / "autres"
    shutil.copytree(MINIMAL, autres)
    (autres / "textes" / "preambule.md").write_text("Un autre préambule.\n", encoding="utf-8")
    assert lancer("--sources", str(autres), "--dist", str(dist)).returncode == 0
    fini = lancer("sign", str(dist / "contrat-de-ville.pdf"), "--cert", str(certificat), "--mot-de-passe", "secret")
    assert fini.returncode == 2, fini.stdout + fini.stderr
    assert f"{signe} existe déjà et n'est pas un exemplaire signé de" in fini.stderr
    assert signe.read_bytes() == octets

    # Signing into a published file is refused; a signed PDF put back among the outputs is never replaced.
    fini = lancer("sign", str(signe), "--cert", str(certificat), "--mot-de-passe", "secret",
                  "--sortie", str(dist / "contrat-de-ville.pdf"))
    assert fini.returncode == 2 and "fichier d'une construction publiée" in fini.stderr, fini.stderr
    (dist / "contrat-de-ville.pdf").unlink()
    shutil.copyfile(signe, dist / "contrat-de-ville.pdf")
    fini = lancer("--sources", str(MINIMAL), "--dist", str(dist), "--force")
    assert fini.returncode == 2, fini.stdout + fini.stderr
    assert f"{dist / 'contrat-de-ville.pdf'} est un PDF signé : la construction le remplacerait" in fini.stderr
    assert (dist / "contrat-de-ville.pdf").read_bytes() == signe.read_bytes()


def test_dist_et_sources_restent_separes(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    avant = {p: p.read_bytes() for p in sources.rglob("*") if p.is_file()}
    for dist, attendu in ((sources / "annexes", "est dans le dossier des sources"),
                          (sources, "est dans le dossier des sources"),
                          (tmp_path, "contient le dossier des sources")):
        fini = lancer("--sources", str(sources), "--dist", str(dist))
        assert fini.returncode == 2, (dist, fini.stdout, fini.stderr)
        assert f"--dist {dist} {attendu}" in fini.stderr
    assert {p: p.read_bytes() for p in sources.rglob("*") if p.is_file()} == avant
    assert not (sources / "annexes").exists()


@pytest.mark.parametrize("dist", ["/proc/contrat-dist", "/proc/self/status/x", "/dev/null/x"])
def test_un_dist_impossible_est_une_erreur_d_usage(dist: str) -> None:
    fini = lancer_processus("--sources", str(MINIMAL), "--dist", dist, "--force")
    assert fini.returncode == 2, (fini.returncode, fini.stderr)
    assert dist in fini.stderr and "choisir un autre --dist" in fini.stderr
    assert "Erreur interne" not in fini.stderr and "Traceback" not in fini.stderr


@pytest.mark.pdf
def test_deux_signataires_en_meme_temps_gardent_leurs_deux_signatures(tmp_path: Path, certificat: Path) -> None:
    """Two signatories sign the build's output at the same moment: they take turns (the dist's
    lock), the second adds to the first's signed copy, none is lost."""
    dist = tmp_path / "dist"
    assert lancer("--sources", str(MINIMAL), "--dist", str(dist)).returncode == 0
    commande = [sys.executable, str(RACINE / "build.py"), "sign", str(dist / "contrat-de-ville.pdf"), "--cert",
                str(certificat), "--mot-de-passe", "secret"]
    processus = [subprocess.Popen(commande, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    fins = [(p.wait(timeout=120), (p.stdout.read() if p.stdout else "")) for p in processus]
    assert [code for code, _ in fins] == [0, 0], fins
    assert sorted("(signature n° 2)" in sortie for _, sortie in fins) == [False, True], fins
    signe = dist / "signes" / "contrat-de-ville.pdf"
    sortie = subprocess.run(["pdfsig", str(signe)], capture_output=True, text=True, timeout=60).stdout
    assert sortie.count("Signature is Valid.") == 2, sortie


def test_les_sorties_ont_les_droits_de_fichiers_ordinaires(tmp_path: Path) -> None:
    """Published outputs are read by others (a web server, a colleague): with the usual umask they
    are rw-r--r-- in an rwxr-xr-x set, not private as temporary files are made."""
    import os
    import stat

    from contrat.application.publication import publier

    ancien = os.umask(0o022)
    try:
        publier(tmp_path / "dist", {"a.pdf": b"P", "manifest.json": b"M"}, "a")
    finally:
        os.umask(ancien)
    fichier = (tmp_path / "dist" / "a.pdf").resolve()
    assert stat.S_IMODE(fichier.stat().st_mode) == 0o644
    assert stat.S_IMODE(fichier.parent.stat().st_mode) == 0o755
