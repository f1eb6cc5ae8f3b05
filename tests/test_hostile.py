"""Hostile inputs: each ends as documented (a French message naming the file and the line, and
exit 1), bounded in time and memory, never reading a file outside the sources nor ending as an
internal error (exit 70).

The loader cases run ``build.py check``, one after the other, in one process limited to 1 Go of
memory (each bounded in time): a bomb that got through would bring that process down, and every
case with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from hostiles import (  # noqa: F401
    ACTIONS_INTERDITES,
    FIN,
    MINIMAL,
    SECRET,
    _ajouter,
    _ajouter_a_la_prose,
    _annexe,
    _annexe_piegee,
    _certificat,
    _export,
    _lancer,
    _lien,
    _limiter,
    _mise_a_jour_de_la_page_1,
    _pdfsig,
    _remplacer,
    _remplacer_sources_jointes,
    _sources_minimales,
    _texte_du_preambule,
    _verify,
    contrat_signe,
    verifier,
    verifier_par_lot,
)

from conftest import lancer_processus, textes_pdf

signe_ = pytest.fixture(scope="module", name="signe")(contrat_signe)

BOMBE = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

CAS: list[tuple[str, Callable[[Path], None], str]] = [
    # YAML
    ("bombe-d-alias", lambda s: _ajouter(s / "contrat.yaml", BOMBE), f"contrat.yaml:{FIN}:4: ancre « &a » refusée"),
    ("ancre-seule", lambda s: _ajouter(s / "contrat.yaml", "x: &ancre 1\n"), "ancre « &ancre » refusée"),
    ("alias-cyclique", lambda s: _ajouter(s / "contrat.yaml", "x: &a [*a]\n"), "refusé"),
    ("alias-inconnu", lambda s: _ajouter(s / "contrat.yaml", "x: *inconnu\n"), "alias « *inconnu » refusé"),
    ("imbrication-10000", lambda s: _ajouter(s / "contrat.yaml", "x: " + "[" * 10000 + "]" * 10000 + "\n"),
     "imbrication trop profonde (plus de 40 niveaux)"),
    ("nul-dans-le-yaml", lambda s: _ajouter(s / "contrat.yaml", "x: \"a\x00b\"\n"),
     f"contrat.yaml:{FIN}:6: caractère de contrôle U+0000 interdit"),
    ("echappement-ansi-yaml", lambda s: _ajouter(s / "contrat.yaml", "x: \"\x1b[31mrouge\"\n"),
     f"contrat.yaml:{FIN}:5: caractère de contrôle U+001B interdit"),
    ("bidi-dans-le-yaml", lambda s: _remplacer(s / "contrat.yaml", 'nom: "Les Tilleuls"', 'nom: "Les \u202eTilleuls"'),
     "contrat.yaml:11:15: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("yaml-non-utf8", lambda s: (s / "contrat.yaml").write_bytes((s / "contrat.yaml").read_bytes() + b"x: \"\xe9\"\n"),
     "le fichier n'est pas encodé en UTF-8"),
    ("yaml-trop-gros", lambda s: _ajouter(s / "contrat.yaml", "# " + "x" * (3 * 1024 * 1024) + "\n"),
     "fichier « sources/contrat.yaml » trop volumineux (3 Mo, maximum 2 Mo)"),
    ("cle-en-double", lambda s: _ajouter(s / "contrat.yaml", "titre: \"Autre\"\n"), "la clé « titre » apparaît deux fois"),
    ("tabulation", lambda s: _ajouter(s / "contrat.yaml", "x:\n\t- y\n"), "tabulation interdite"),
    # Markdown
    ("nul-dans-le-markdown", lambda s: _ajouter_a_la_prose(s, "Texte\x00caché"),
     "textes/preambule.md:6:6: caractère de contrôle U+0000 interdit"),
    ("bidi-dans-le-markdown", lambda s: _ajouter_a_la_prose(s, "Montant : \u202e0001\u202c €"),
     "textes/preambule.md:6:11: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
    ("isolat-bidi", lambda s: _ajouter_a_la_prose(s, "Texte \u2067inversé\u2069"),
     "caractère de contrôle bidirectionnel RLI (U+2067) interdit"),
    ("marque-de-page-reservee", lambda s: _ajouter_a_la_prose(s, "\u2063réservé:x:0\u2063"),
     "caractère de contrôle U+2063 interdit"),
    ("markdown-non-utf8", lambda s: (s / "textes" / "preambule.md").write_bytes(b"\xff\xfe texte"),
     "le fichier n'est pas encodé en UTF-8"),
    ("markdown-trop-gros", lambda s: _ajouter_a_la_prose(s, "x" * (3 * 1024 * 1024)),
     "fichier « textes/preambule.md » trop volumineux"),
    ("html-en-ligne", lambda s: _ajouter_a_la_prose(s, "Voir <script>alert(1)</script> ici."),
     "textes/preambule.md:6:1: HTML « <script> » non pris en charge"),
    ("html-bloc", lambda s: _ajouter_a_la_prose(s, "<div onclick=\"x()\">\nbloc\n</div>"),
     "textes/preambule.md:6:1: HTML non pris en charge"),
    ("lien-smb", lambda s: _ajouter_a_la_prose(s, "[partage](smb://serveur/partage)"),
     "lien « smb://serveur/partage » refusé : seuls les liens https, http et mailto sont admis"),
    ("lien-ms-msdt", lambda s: _ajouter_a_la_prose(s, "[aide](ms-msdt:/id PCWDiagnostic)"), "refusé"),
    ("lien-file", lambda s: _ajouter_a_la_prose(s, "[fichier](file:///etc/passwd)"),
     "lien « file:///etc/passwd » refusé"),
    ("lien-javascript", lambda s: _ajouter_a_la_prose(s, "[clic](javascript:alert(1))"), "refusé"),
    ("lien-unc", lambda s: _ajouter_a_la_prose(s, "[unc](<\\\\serveur\\partage>)"), "refusé"),
    # Paths
    ("texte-absolu", lambda s: _texte_du_preambule(s, "/etc/passwd"), "chemin absolu « /etc/passwd » refusé"),
    ("texte-remonte", lambda s: _texte_du_preambule(s, "../../../../etc/hostname.md"),
     "chemin « ../../../../etc/hostname.md » refusé : il sort du dossier des sources"),
    ("texte-lecteur-windows", lambda s: _texte_du_preambule(s, "'C:\\Windows\\win.md'"), "chemin absolu"),
    ("texte-unc", lambda s: _texte_du_preambule(s, "'\\\\serveur\\partage\\x.md'"), "chemin absolu"),
    ("texte-lien-sortant", lambda s: (_lien(s, "textes/fuite.md", s.parent / "secret.md"),
                                      _texte_du_preambule(s, "textes/fuite.md")),
     "« textes/fuite.md » est un lien qui sort du dossier des sources : refusé"),
    ("texte-mauvaise-extension", lambda s: _texte_du_preambule(s, "textes/preambule.txt"),
     "extension attendue .md"),
    ("texte-dossier", lambda s: (s / "textes" / "dossier.md").mkdir() or _texte_du_preambule(s, "textes/dossier.md"),
     "« textes/dossier.md » n'est pas un fichier"),
    ("texte-introuvable", lambda s: _texte_du_preambule(s, "textes/absent.md"), "fichier « textes/absent.md » introuvable"),
    ("export-remonte", lambda s: _export(s, "../secret.csv"), "refusé : il sort du dossier des sources"),
    ("export-absolu", lambda s: _export(s, "/etc/passwd.csv"), "chemin absolu « /etc/passwd.csv » refusé"),
    ("export-lien-sortant", lambda s: (_lien(s, "donnees/fuite.csv", s.parent / "secret.csv"),
                                       _export(s, "donnees/fuite.csv")), "est un lien qui sort du dossier des sources"),
    ("annexe-absolue", lambda s: _annexe(s, "/var/x.pdf"), "chemin absolu « /var/x.pdf » refusé"),
    ("annexe-lien-sortant", lambda s: (_lien(s, "annexes/fuite.pdf", s.parent / "secret.pdf"),
                                       _annexe(s, "annexes/fuite.pdf")), "est un lien qui sort du dossier des sources"),
    ("annexe-yaml-remonte", lambda s: _annexe(s, "../secret.yaml"), "il sort du dossier des sources"),
    ("registre-lien-sortant", lambda s: _lien(s, "sigles.yaml", s.parent / "secret.yaml"),
     "« sources/sigles.yaml » est un lien qui sort du dossier des sources : refusé"),
    ("avenant-lien-sortant", lambda s: _lien(s, "avenants/avenant-01.yaml", s.parent / "secret.yaml"),
     "est un lien qui sort du dossier des sources"),
    ("chemin-avec-controle", lambda s: _texte_du_preambule(s, '"textes/a\\x1b.md"'), "caractère de contrôle"),
]


@pytest.fixture(scope="module")
def hostiles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess]:
    """Every case's sources prepared, then checked in one bounded process (1 Go)."""
    resultats = verifier_par_lot(CAS, tmp_path_factory.mktemp,
                                 secrets=("secret.md", "secret.csv", "secret.yaml", "secret.pdf"))
    return {nom: fini for nom, (fini, _) in resultats.items()}


@pytest.mark.parametrize("nom, attendu", [(c[0], c[2]) for c in CAS], ids=[c[0] for c in CAS])
def test_entree_hostile(hostiles: dict[str, subprocess.CompletedProcess], nom: str, attendu: str) -> None:
    fini = hostiles[nom]
    assert fini.returncode == 1, (fini.returncode, fini.stdout, fini.stderr[-2000:])
    assert attendu in fini.stderr, fini.stderr[-2000:]
    assert SECRET not in fini.stdout + fini.stderr
    assert "Traceback" not in fini.stderr and "Erreur interne" not in fini.stderr


def test_les_sources_jointes_au_pdf_sont_exactement_les_fichiers_lus(tmp_path: Path) -> None:
    """An editor backup, an unrelated binary and a link to a secret are in the folder: the PDF
    carries none of them, only what the contract is read from."""
    from contrat.confiance.empreintes import fichiers_sources

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    (sources / "contrat.yaml~").write_text("sauvegarde", encoding="utf-8")
    (sources / "gros.bin").write_bytes(os.urandom(1024))
    (tmp_path / "cle").write_text(SECRET, encoding="utf-8")
    (sources / "cle-privee").symlink_to(tmp_path / "cle")
    noms = sorted(p.relative_to(sources).as_posix() for p in fichiers_sources(sources))
    assert noms == ["chiffres_cles.yaml", "contrat.yaml", "textes/preambule.md"]


# --- external PDF annexes ----------------------------------------------------------------------------


@pytest.mark.pdf
def test_une_annexe_piegee_n_apporte_que_ce_qu_elle_montre(tmp_path: Path) -> None:
    import pikepdf

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _annexe_piegee(sources / "annexes" / "carte.pdf", pages=2)
    _annexe(sources, "annexes/carte.pdf")
    dist = tmp_path / "dist"
    fini = lancer_processus("--sources", str(sources), "--dist", str(dist), timeout=300)
    assert fini.returncode == 0, fini.stderr
    with pikepdf.open(dist / "contrat-de-ville.pdf") as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf's own check, as `qpdf --check` runs it
        # LibreOffice's own open action is a destination (page 1), never an action dictionary.
        assert isinstance(pdf.Root.get("/OpenAction", pikepdf.Array()), pikepdf.Array) and "/AcroForm" not in pdf.Root
        assert list(pdf.attachments) == ["sources-du-contrat.zip"]  # only the sources, not « charge.exe »
        for objet in pdf.objects:
            if isinstance(objet, (pikepdf.Dictionary, pikepdf.Stream)):
                assert "/JS" not in objet and "/AA" not in objet, objet
                assert str(objet.get("/S", "")) not in ACTIONS_INTERDITES, objet
        textes = textes_pdf(dist / "contrat-de-ville.pdf")
        assert any("ANNEXE PIEGEE 2" in t for t in textes)  # what it shows is kept
    assert "annotation(s) (liens, formulaires, multimédia) retiré(e)" in fini.stderr


@pytest.mark.parametrize("pages, bombe, attendu", [
    (301, False, "301 pages : au-delà de 300"),
    (1, True, "contenu des pages démesuré une fois décompressé"),
], ids=["annexe-de-301-pages", "annexe-bombe-flate"])
def test_une_annexe_demesuree_est_refusee_par_check(tmp_path: Path, pages: int, bombe: bool, attendu: str) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _annexe_piegee(sources / "annexes" / "carte.pdf", pages=pages, bombe=bombe)
    _annexe(sources, "annexes/carte.pdf")
    fini = verifier(sources)
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert "annexes/carte.pdf" in fini.stderr and attendu in fini.stderr, fini.stderr


# --- LibreOffice bounded -----------------------------------------------------------------------------


@pytest.mark.pdf
def test_libreoffice_arrete_avec_tout_son_groupe_au_dela_du_delai(tmp_path: Path) -> None:
    """A conversion that never ends (a 10 000-page annex, a stuck soffice): after the delay the whole
    process group is killed, exit 3, nothing left running."""
    marque = f"soffice-bloque-{os.getpid()}"
    faux = tmp_path / "soffice"
    faux.write_text(f"#!/bin/sh\nsleep 300 # {marque}\n", encoding="utf-8")
    faux.chmod(0o755)
    env = dict(os.environ, CONTRAT_SOFFICE=str(faux), CONTRAT_DELAI_LIBREOFFICE="3")
    fini = lancer_processus("--sources", str(MINIMAL), "--dist", str(tmp_path / "dist"), timeout=120, env=env)
    assert fini.returncode == 3, fini.stderr
    assert "LibreOffice n'a pas terminé la conversion en 3 s : arrêté" in fini.stderr
    restants = subprocess.run(["pgrep", "-f", marque], capture_output=True, text=True)
    assert restants.stdout == "", "des processus de LibreOffice sont restés"


def test_un_dist_qui_est_un_fichier(tmp_path: Path) -> None:
    fichier = tmp_path / "dist"
    fichier.write_text("x", encoding="utf-8")
    fini = lancer_processus("--sources", str(MINIMAL), "--dist", str(fichier), timeout=300)
    assert fini.returncode == 2, fini.stderr
    assert f"{fichier} n'est pas un dossier" in fini.stderr and "Traceback" not in fini.stderr


# --- verify against an attacker ------------------------------------------------------------------------


@pytest.mark.pdf
def test_verify_et_pdfsig_acceptent_le_document_signe(signe: dict, tmp_path: Path) -> None:
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(signe["signe"])
    fini = _verify(pdf, signe)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert fini.stdout.count("intègre et valide") == 2
    assert "couvre tout le document" in fini.stdout and "suivie de modifications admises" in fini.stdout
    assert "identique octet pour octet à la reconstruction de ses propres sources" in fini.stdout
    assert _pdfsig(pdf) == (True, True)


@pytest.mark.pdf
def test_verify_refuse_une_page_remplacee_apres_signature(signe: dict, tmp_path: Path) -> None:
    pdf = tmp_path / "modifie.pdf"
    pdf.write_bytes(_mise_a_jour_de_la_page_1(signe["signe"]))
    fini = _verify(pdf, signe)
    assert fini.returncode == 1, fini.stdout
    assert "le document a été modifié après la dernière signature (« Signature2 »)" in fini.stderr
    assert _pdfsig(pdf)[1] is False  # poppler: « Not total document signed »
    assert "Traceback" not in fini.stderr


@pytest.mark.pdf
def test_verify_refuse_un_document_modifie_puis_resigne_par_un_tiers(signe: dict, tmp_path: Path) -> None:
    pdf = tmp_path / "resigne.pdf"
    pdf.write_bytes(_mise_a_jour_de_la_page_1(signe["signe"]))
    fini = _lancer("sign", str(pdf), "--cert", str(signe["faussaire"]), "--mot-de-passe", "secret")
    assert fini.returncode == 0, fini.stderr
    fini = _verify(pdf, signe)
    assert fini.returncode == 1, fini.stdout
    assert "Common Name: Faussaire" in fini.stdout and "(certificat non reconnu comme de confiance)" in fini.stdout
    assert "le document a été modifié après la signature « Signature2 »" in fini.stderr
    # poppler sees three valid signatures, the last covering everything: verify says more, never less.
    valides, total = _pdfsig(pdf)
    assert total is True


@pytest.mark.pdf
def test_verify_refuse_un_pdf_non_signe_dont_une_page_a_change(signe: dict, tmp_path: Path) -> None:
    """The current sources differ from the embedded ones (newer): the PDF is still compared with a
    rebuild of its own sources, not of the current ones."""
    import pikepdf

    pdf = tmp_path / "page.pdf"
    with pikepdf.open(__import__("io").BytesIO(signe["original"])) as doc:
        doc.pages[0].Contents = doc.make_stream(b"BT /F1 30 Tf 72 700 Td (AUTRE TEXTE) Tj ET")
        doc.save(pdf)
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _ajouter_a_la_prose(sources, "Un alinéa ajouté depuis.")
    fini = _lancer("verify", str(pdf), "--sources", str(sources))
    assert fini.returncode == 1, fini.stdout
    assert "le PDF diffère de la reconstruction de ses propres sources" in fini.stderr
    assert "Pour information, les sources actuelles diffèrent de celles du PDF" in fini.stdout
    # Said in the avenant's printed terms, never as paths of the sources (« › textes › … »).
    assert "Article 2" in fini.stdout and "Un alinéa ajouté depuis." in fini.stdout and "›" not in fini.stdout


@pytest.mark.pdf
def test_verify_ne_suit_pas_les_chemins_des_sources_jointes(signe: dict, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(SECRET, encoding="utf-8")
    contrat = (MINIMAL / "contrat.yaml").read_text(encoding="utf-8").replace("texte: textes/preambule.md",
                                                                            f"texte: {secret}")
    pdf = tmp_path / "piege.pdf"
    _remplacer_sources_jointes(signe["original"], pdf, _sources_minimales(**{"sources/contrat.yaml": contrat.encode()}))
    fini = _lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1
    assert "les sources jointes au PDF sont invalides" in fini.stderr and "chemin absolu" in fini.stderr
    assert SECRET not in fini.stdout + fini.stderr


@pytest.mark.pdf
def test_verify_refuse_une_bombe_zip_sans_epuiser_la_memoire(signe: dict, tmp_path: Path) -> None:
    import io
    import zipfile

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("sources/contrat.yaml", "w", force_zip64=True) as f:
            bloc = b"\0" * (1 << 20)
            for _ in range(400):  # 400 Mo decompressed, a few hundred Ko stored
                f.write(bloc)
    pdf = tmp_path / "bombe.pdf"
    _remplacer_sources_jointes(signe["original"], pdf, {}, brut=tampon.getvalue())
    fini = _lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1
    assert "taille décompressée démesurée (bombe zip ?) : archive refusée" in fini.stderr


@pytest.mark.parametrize("nom", ["../../evasion.yaml", "/tmp/evasion.yaml", "sources/../../evasion.yaml",
                                 "autre/contrat.yaml"])
@pytest.mark.pdf
def test_verify_refuse_une_archive_qui_ecrit_ailleurs(signe: dict, tmp_path: Path, nom: str) -> None:
    pdf = tmp_path / "glissement.pdf"
    _remplacer_sources_jointes(signe["original"], pdf, _sources_minimales(**{nom: b"x: 1\n"}))
    fini = _lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1
    assert f"entrée « {nom} » hors du dossier des sources : archive refusée" in fini.stderr
    assert not (tmp_path.parent / "evasion.yaml").exists() and not Path("/tmp/evasion.yaml").exists()


# --- publishing -------------------------------------------------------------------------------------


def test_une_publication_interrompue_laisse_l_ensemble_precedent_entier(tmp_path: Path, monkeypatch) -> None:
    """The outputs of a build appear together or not at all: a failure while writing the new set
    (a full disk, a kill) leaves every file of the previous set as it was."""
    from contrat.application import publication as sortie
    from contrat.erreurs import ErreurRendu

    dist = tmp_path / "dist"
    sortie.publier(dist, {"a.docx": b"A1", "a.pdf": b"P1", "manifest.json": b"M1"}, "a")
    ecrire = sortie.ecrire_durablement

    def disque_plein(chemin: Path, contenu: bytes) -> None:
        if chemin.name == "a.pdf":
            raise OSError(28, "No space left on device", str(chemin))
        ecrire(chemin, contenu)

    monkeypatch.setattr(sortie, "ecrire_durablement", disque_plein)
    with pytest.raises(ErreurRendu, match="la sortie précédente est conservée"):
        sortie.publier(dist, {"a.docx": b"A2", "a.pdf": b"P2", "manifest.json": b"M2"}, "a")
    assert [(dist / n).read_bytes() for n in ("a.docx", "a.pdf", "manifest.json")] == [b"A1", b"P1", b"M1"]
    monkeypatch.setattr(sortie, "ecrire_durablement", ecrire)
    sortie.publier(dist, {"a.docx": b"A3", "a.pdf": b"P3", "manifest.json": b"M3"}, "a")
    assert [(dist / n).read_bytes() for n in ("a.docx", "a.pdf", "manifest.json")] == [b"A3", b"P3", b"M3"]
    ensembles = [p for p in (dist / ".ensembles").iterdir() if not p.name.startswith(".")]  # beside the lock
    assert len(ensembles) == 1  # older sets are removed


def test_un_disque_plein_pendant_la_construction_n_est_pas_une_erreur_interne(monkeypatch, capsys) -> None:
    import errno

    from contrat.cli import principal as cli

    def plein(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/contrat-x/contrat.pdf")

    monkeypatch.setattr(cli.main, "main", plein)
    with pytest.raises(SystemExit) as fin:
        cli.lancer()
    assert fin.value.code == 3
    assert "/tmp/contrat-x/contrat.pdf : disque plein ; rien n'a été publié" in capsys.readouterr().err


@pytest.mark.pdf
def test_une_archive_avec_des_entrees_de_dossier_n_est_pas_une_erreur_interne(signe: dict, tmp_path: Path) -> None:
    """Folder entries are normal in a zip: the archive is read; the PDF, whose attachment changed,
    then differs from the rebuild of its sources (exit 1), never an internal error."""
    entrees = _sources_minimales()
    entrees = {"sources/": b"", "sources/textes/": b"", **entrees}
    pdf = tmp_path / "dossiers.pdf"
    _remplacer_sources_jointes(signe["original"], pdf, entrees)
    fini = _lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1
    assert "le PDF diffère de la reconstruction de ses propres sources" in fini.stderr
    assert "Erreur interne" not in fini.stderr and "Traceback" not in fini.stderr


@pytest.mark.pdf
def test_verify_n_ecrit_aucune_commande_de_ci_venue_du_pdf(signe: dict, tmp_path: Path) -> None:
    """The PDF's title and a signatory's name are the sender's text: a line break in them must not
    start a line a CI runner takes for a command (« ::error:: », « ::add-mask:: »)."""
    import io

    import pikepdf


    pdf = tmp_path / "titre.pdf"
    with pikepdf.open(io.BytesIO(signe["original"])) as doc:
        doc.docinfo["/Title"] = "Contrat\n::error file=README.md::pirate\r::add-mask::x ##[warning]annulé"
        doc.save(pdf)
    p12, _ = _certificat(tmp_path, "Signataire\n::error::faux signataire")
    assert _lancer("sign", str(pdf), "--cert", str(p12), "--mot-de-passe", "secret").returncode == 0
    fini = _lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout
    assert "pirate" in fini.stdout and "faux signataire" in fini.stdout
    lignes = (fini.stdout + fini.stderr).splitlines()
    assert not [ligne for ligne in lignes if ligne.lstrip().startswith("::") or "##[" in ligne], lignes
    assert "annulé" in fini.stdout


@pytest.mark.parametrize("annotations", [False, True], ids=["texte", "annotations-github"])
def test_check_n_ecrit_aucune_commande_de_ci_venue_des_sources(tmp_path: Path, annotations: bool) -> None:
    """GitHub's runner also takes « ##[warning]… » anywhere in a line for its command: a value of
    the sources quoted in a finding cannot be one."""
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    _remplacer(sources / "chiffres_cles.yaml", '"2014": "1 600"', '"2014": "##[warning]Contrat annulé"')
    env = dict(os.environ, CONTRAT_ANNOTATIONS="github" if annotations else "")
    fini = lancer_processus("--sources", str(sources), "check", env=env, timeout=60)
    assert fini.returncode == 1 and "Contrat annulé" in fini.stderr, fini.stderr
    assert "##[" not in fini.stdout + fini.stderr
