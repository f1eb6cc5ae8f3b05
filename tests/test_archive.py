"""Outputs a signatory and an archivist can trust: PDF/A-3 with its sources, reproducible
builds, manifest, verification, electronic signatures (throwaway certificate)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from hostiles import _certificat

from conftest import RACINE, lancer

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"


@pytest.fixture(scope="module")
def construit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    fini = lancer("--sources", str(MINIMAL), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr
    return dist


@pytest.mark.pdf
def test_pdfa_3_avec_ses_sources_en_piece_jointe(construit: Path, tmp_path: Path) -> None:
    from contrat.confiance.archive import extraire_sources

    with pikepdf.open(construit / "contrat-de-ville.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3A"  # level A: tagged, its text readable (PDF/A-3a)
        assert str(pdf.Root.Lang) == "fr-FR" and pdf.Root.MarkInfo.Marked
        assert "sources-du-contrat.zip" in pdf.attachments
        assert pdf.Root.AF[0].AFRelationship == pikepdf.Name.Source
        print(f"\n{len(pdf.pages)} pages, {(construit / 'contrat-de-ville.pdf').stat().st_size // 1024} Ko")
    extraites = extraire_sources(construit / "contrat-de-ville.pdf", tmp_path)
    assert (extraites / "contrat.yaml").read_bytes() == (MINIMAL / "contrat.yaml").read_bytes()


@pytest.mark.pdf
def test_manifeste(construit: Path) -> None:
    manifeste = json.loads((construit / "manifest.json").read_text(encoding="utf-8"))
    assert manifeste["sources"]["contrat.yaml"] == hashlib.sha256((MINIMAL / "contrat.yaml").read_bytes()).hexdigest()
    pdf = hashlib.sha256((construit / "contrat-de-ville.pdf").read_bytes()).hexdigest()
    assert manifeste["sorties"]["contrat-de-ville.pdf"] == pdf
    assert set(manifeste) >= {"commit", "version", "date_des_sources", "sources", "sorties"}


@pytest.mark.pdf
def test_deux_clones_du_meme_commit_donnent_les_memes_octets(tmp_path: Path) -> None:
    empreintes = []
    for n in (1, 2):
        clone = tmp_path / f"clone{n}"
        subprocess.run(["git", "clone", "-q", str(RACINE), str(clone)], check=True)
        fini = lancer("--sources", str(clone / "tests" / "fixtures" / "minimal" / "sources"),
                      "--dist", str(clone / "dist"), cwd=clone)
        assert fini.returncode == 0, fini.stderr
        dist = clone / "dist"
        empreintes.append({f.relative_to(dist).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
                           for f in [*dist.iterdir(), *(dist / "web").glob("*")] if f.is_file() and not f.name.startswith(".")})
    print("\n" + json.dumps(empreintes[0], indent=1))
    assert empreintes[0] == empreintes[1]


@pytest.mark.pdf
def test_verify_reconnait_un_pdf_intact(construit: Path) -> None:
    fini = lancer("verify", str(construit / "contrat-de-ville.pdf"), "--sources", str(MINIMAL))
    assert fini.returncode == 0, fini.stderr
    assert "identique octet pour octet" in fini.stdout
    assert "✓ Aucune altération détectée." in fini.stdout


@pytest.mark.pdf
def test_verify_detecte_un_octet_change_et_une_page_ajoutee(construit: Path, tmp_path: Path) -> None:
    original = (construit / "contrat-de-ville.pdf").read_bytes()
    with pikepdf.open(construit / "contrat-de-ville.pdf") as pdf:
        page = pdf.pages[1]
        page.Contents.write(page.Contents.read_bytes().replace(b"Tilleuls", b"Tillouls", 1)
                            if b"Tilleuls" in page.Contents.read_bytes() else page.Contents.read_bytes() + b"\n")
        modifie = tmp_path / "un-octet.pdf"
        pdf.save(modifie)
    with pikepdf.open(construit / "contrat-de-ville.pdf") as pdf:
        pdf.pages.append(pdf.pages[0])
        ajoute = tmp_path / "page-ajoutee.pdf"
        pdf.save(ajoute)
    for falsifie in (modifie, ajoute):
        fini = lancer("verify", str(falsifie), "--sources", str(MINIMAL))
        assert fini.returncode == 1, fini.stdout
        assert "il a été modifié après sa production" in fini.stderr
    assert (construit / "contrat-de-ville.pdf").read_bytes() == original


@pytest.mark.pdf
def test_signatures_successives_puis_falsifications(construit: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(construit, dist)
    p12_a, pem_a = _certificat(tmp_path, "Prefete du Jura")
    p12_b, pem_b = _certificat(tmp_path, "President CCVF")
    pdf = dist / "contrat-de-ville.pdf"
    avant = pdf.read_bytes()
    for p12 in (p12_a, p12_b):
        fini = lancer("sign", str(pdf), "--cert", str(p12), "--mot-de-passe", "secret")
        assert fini.returncode == 0, fini.stderr
    signe = pdf.read_bytes()
    assert signe.startswith(avant)  # incremental updates: the document itself is untouched
    with pikepdf.open(pdf) as doc:
        assert doc.open_metadata().pdfa_status == "3A"
    fini = lancer("verify", str(pdf), "--sources", str(MINIMAL), "--confiance", str(pem_a), "--confiance", str(pem_b))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    assert "Signature « Signature1 » : Common Name: Prefete du Jura" in fini.stdout
    assert "Signature « Signature2 » : Common Name: President CCVF" in fini.stdout
    assert fini.stdout.count("intègre et valide") == 2
    assert "identique octet pour octet" in fini.stdout
    # One byte changed after signing.
    falsifie = tmp_path / "falsifie.pdf"
    octets = bytearray(signe)
    position = signe.index(b"Tilleuls") if b"Tilleuls" in signe else len(avant) // 2
    octets[position] ^= 0x01
    falsifie.write_bytes(bytes(octets))
    fini = lancer("verify", str(falsifie), "--sources", str(MINIMAL))
    assert fini.returncode == 1 and "ne correspond plus au document" in fini.stderr
    # Signatures stripped: the document as it was before signing, presented in place of the signed one.
    retire = dist / "sans-signature.pdf"
    retire.write_bytes(avant)
    fini = lancer("verify", str(retire), "--sources", str(MINIMAL))
    assert fini.returncode == 1
    assert "la signature a été retirée" in fini.stderr


def test_verify_et_sign_refusent_un_fichier_qui_n_est_pas_un_pdf(tmp_path: Path) -> None:
    faux = tmp_path / "contrat.pdf"
    faux.write_text("pas un PDF", encoding="utf-8")
    for args in (["verify", str(faux)], ["sign", str(faux), "--cert", str(faux)]):
        fini = lancer(*args)
        assert fini.returncode == 2
        assert f"{faux} n'est pas un PDF lisible" in fini.stderr


@pytest.mark.pdf
def test_un_pdf_construit_hors_git_se_verifie_depuis_un_depot(tmp_path: Path) -> None:
    """A partner builds from sources outside any repository; the chargée de mission verifies it in
    hers: the PDF names no commit, so it is rebuilt outside Git too (with the repository's commit
    and tags it printed another cover and was called « modifié »)."""
    hors = tmp_path / "hors-git" / "sources"
    shutil.copytree(MINIMAL, hors)
    fini = lancer("--sources", str(hors), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 0, fini.stderr
    fini = lancer("verify", str(tmp_path / "dist" / "contrat-de-ville.pdf"), "--sources", str(MINIMAL))
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "identique octet pour octet à la reconstruction de ses propres sources" in fini.stdout
    assert "non vérifiée : le PDF ne dit pas de quel commit il vient" in fini.stdout


@pytest.mark.pdf
def test_un_octet_change_dans_les_sources_jointes_d_un_pdf_signe(tmp_path: Path) -> None:
    """A byte changed inside the embedded sources of a signed PDF: the archive is refused, and
    the first thing a recipient reads is still that the signature no longer matches."""
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 0, fini.stderr
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes((tmp_path / "dist" / "contrat-de-ville.pdf").read_bytes())
    p12, _ = _certificat(tmp_path, "Prefete du Jura")
    assert lancer("sign", str(pdf), "--cert", str(p12), "--mot-de-passe", "secret").returncode == 0
    signe = pdf.read_bytes()
    with pikepdf.open(pdf) as doc:
        brut = doc.attachments["sources-du-contrat.zip"].obj.EF.F.read_raw_bytes()
    octets = bytearray(signe)
    octets[signe.index(brut[len(brut) // 3:len(brut) // 3 + 64]) + 8] ^= 0x01
    falsifie = tmp_path / "falsifie.pdf"
    falsifie.write_bytes(bytes(octets))
    fini = lancer("verify", str(falsifie), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout + fini.stderr
    lignes = fini.stderr.splitlines()
    assert lignes[0] == "✗ la signature « Signature1 » ne correspond plus au document", lignes
    assert any("archive refusée" in ligne or "sources jointes" in ligne for ligne in lignes[1:]), lignes
