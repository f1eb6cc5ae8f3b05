"""The same commit gives the same PDF whatever else the machine has installed; ``verify`` tells a
PDF made elsewhere (another LibreOffice, other fonts) from a modified one; LibreOffice dies with
the build that started it; bad LibreOffice settings are clear errors.

The « other machine » is simulated without root, the way a font package would change it for
fontconfig: fonts that are no part of the project copied into the user's font folder
(XDG_DATA_HOME/fonts). Before LibreOffice was given its own fontconfig configuration, this alone
made the same sources build other bytes (the fonts written in another order), and ``verify``
called a genuine PDF modified.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from conftest import RACINE, lancer

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
PDF = "contrat-de-ville.pdf"


def _machines() -> dict[str, list[Path]]:
    """Other machines: fonts a package would add, copied into the user's font folder. Unrelated
    fonts (DejaVu Sans, which the project does not use), or a second Carlito (one installed by
    hand). LibreOffice's output used to change with either, by a different reordering each."""
    dejavu = sorted(Path("/usr/share/fonts").rglob("DejaVuSans*.ttf"))
    carlito = sorted(Path("/usr/share/fonts").rglob("Carlito-Regular.ttf"))[:1]
    assert dejavu and carlito, "polices DejaVu Sans et Carlito attendues sur cette machine"
    return {"dejavu": dejavu, "carlito": carlito}


@pytest.fixture(scope="module")
def deux_machines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | dict[str, str]]:
    """The minimal contract built as a process in this machine's environment, and again in
    environments where fontconfig shows more fonts (copied into XDG_DATA_HOME/fonts)."""
    dossier = tmp_path_factory.mktemp("reproductible")
    machines: dict[str, dict[str, str]] = {"ici": dict(os.environ)}
    for nom, fichiers in _machines().items():
        donnees = dossier / f"donnees-{nom}"
        (donnees / "fonts").mkdir(parents=True)
        for police in fichiers:
            shutil.copy(police, donnees / "fonts" / police.name)
        machines[nom] = dict(os.environ, XDG_DATA_HOME=str(donnees))
        # That machine really shows more fonts to whoever asks fontconfig as LibreOffice used to.
        vues = subprocess.run(["fc-list", ":", "file"], capture_output=True, text=True, env=machines[nom],
                              timeout=60).stdout
        assert str(donnees / "fonts") in vues
    for nom, env in machines.items():
        fini = lancer("--sources", str(MINIMAL), "--dist", str(dossier / nom), env=env)
        assert fini.returncode == 0, fini.stderr
    return {"ici": dossier / "ici" / PDF, "ailleurs": [dossier / nom / PDF for nom in machines if nom != "ici"],
            "env_ailleurs": machines["dejavu"]}


@pytest.mark.pdf
def test_une_police_etrangere_au_projet_ne_change_pas_le_pdf(deux_machines: dict) -> None:
    ici = deux_machines["ici"].read_bytes()
    for ailleurs in deux_machines["ailleurs"]:
        assert ailleurs.read_bytes() == ici, f"des polices étrangères au projet ont changé les octets du PDF ({ailleurs})"
    with pikepdf.open(io.BytesIO(ici)) as doc:
        info = doc.docinfo
        assert str(info["/LibreOffice"]).split(".")[0].isdigit() and len(str(info["/Polices"])) == 16
        assert "Carlito-Regular.ttf" in str(info["/FichiersPolices"]) and "DejaVu" not in str(info["/FichiersPolices"])
    # Verified on the other machine (``soffice --convert-to``), and by this test process's resident
    # LibreOffice (driven through UNO, started with the user's fonts folder of the other machine).
    fini = lancer("verify", str(deux_machines["ici"]), "--sources", str(MINIMAL), env=deux_machines["env_ailleurs"])
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "identique octet pour octet à la reconstruction de ses propres sources" in fini.stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", deux_machines["env_ailleurs"]["XDG_DATA_HOME"])
        from contrat.rendu.libreoffice import arreter_libreoffice_resident

        arreter_libreoffice_resident()  # started again with this environment
        fini = lancer("verify", str(deux_machines["ici"]), "--sources", str(MINIMAL))
        arreter_libreoffice_resident()
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "identique octet pour octet à la reconstruction de ses propres sources" in fini.stdout


def _reecrire_info(source: Path, cible: Path, **cles: str | None) -> None:
    """``source`` with Info entries changed (None: removed), as another machine's build would
    have recorded them."""
    with pikepdf.open(source) as doc:
        for cle, valeur in cles.items():
            if valeur is None:
                del doc.docinfo[f"/{cle}"]
            else:
                doc.docinfo[f"/{cle}"] = valeur
        doc.save(cible)


@pytest.mark.pdf
def test_un_pdf_produit_ailleurs_n_est_pas_dit_modifie(deux_machines: dict, tmp_path: Path) -> None:
    """The PDF records another LibreOffice and other fonts than this machine's: its rebuild
    differs, and verify says it cannot be reproduced here, not that it was modified."""
    with pikepdf.open(deux_machines["ici"]) as doc:
        noms = str(doc.docinfo["/FichiersPolices"])
        version = str(doc.docinfo["/LibreOffice"])
    pdf = tmp_path / "autre-machine.pdf"
    _reecrire_info(deux_machines["ici"], pdf, LibreOffice="24.2.7.2 420(Build:2)", Polices="0123456789abcdef",
                   FichiersPolices=noms.replace("Carlito-Bold.ttf", "NimbusSans-Bold.otf"))
    fini = lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout
    assert "✗ reproduction impossible ici" in fini.stderr, fini.stderr
    assert f"LibreOffice {version} ici, 24.2.7.2 420(Build:2) pour le PDF" in fini.stderr
    assert "polices différentes : empreinte" in fini.stderr and "0123456789abcdef pour le PDF" in fini.stderr
    assert "absentes ici : NimbusSans-Bold.otf" in fini.stderr and "en plus ici : Carlito-Bold.ttf" in fini.stderr
    assert "modifié après sa production" not in fini.stderr and "Aucune altération" not in fini.stdout
    assert "Traceback" not in fini.stderr


@pytest.mark.pdf
def test_un_pdf_modifie_dans_le_meme_environnement_reste_dit_modifie(deux_machines: dict, tmp_path: Path) -> None:
    pdf = tmp_path / "modifie.pdf"
    with pikepdf.open(deux_machines["ici"]) as doc:
        doc.pages[0].Contents = doc.make_stream(b"BT /F1 30 Tf 72 700 Td (AUTRE TEXTE) Tj ET")
        doc.save(pdf)
    fini = lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout
    assert "✗ le PDF diffère de la reconstruction de ses propres sources : il a été modifié après sa production" \
        in fini.stderr
    assert "reproduction impossible" not in fini.stderr and "n'ont pas pu être comparées" not in fini.stderr


@pytest.mark.pdf
def test_un_pdf_sans_environnement_enregistre_le_dit(deux_machines: dict, tmp_path: Path) -> None:
    """A PDF of an older build (no environment recorded) that differs from its rebuild: today's
    verdict, saying that the environments could not be compared."""
    pdf = tmp_path / "ancien.pdf"
    _reecrire_info(deux_machines["ici"], pdf, LibreOffice=None, Polices=None, FichiersPolices=None)
    fini = lancer("verify", str(pdf), "--sources", str(MINIMAL))
    assert fini.returncode == 1, fini.stdout
    assert "il a été modifié après sa production (il n'enregistre pas l'environnement de rendu" in fini.stderr
    assert "n'ont pas pu être comparées" in fini.stderr and "reproduction impossible" not in fini.stderr


def test_une_police_declaree_absente_est_dite_comme_libreoffice_absent(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """No declared font on this machine (simulated: they are looked for in an empty folder): the
    DOCX alone, exit 4, and the packages to install named."""
    from contrat.rendu import polices

    monkeypatch.setattr(polices, "RACINE_POLICES", tmp_path / "vide")
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 4, fini.stderr
    assert "Polices déclarées introuvables (fonts-crosextra-carlito, fonts-crosextra-caladea, fonts-liberation2" \
        in fini.stderr
    assert "sudo apt-get install -y --no-install-recommends fonts-crosextra-carlito" in fini.stderr
    assert (tmp_path / "dist" / "contrat-de-ville.docx").is_file() and not (tmp_path / "dist" / PDF).exists()


# --- LibreOffice dies with its build --------------------------------------------------------------


def _restants(marque: str, attente: float = 5.0) -> list[str]:
    """The processes whose command line holds ``marque`` still there after ``attente`` seconds at most."""
    fin = time.monotonic() + attente
    while True:
        restants = subprocess.run(["pgrep", "-af", marque], capture_output=True, text=True).stdout.splitlines()
        if not restants or time.monotonic() > fin:
            return restants
        time.sleep(0.1)


def _tuer(restants: list[str]) -> None:
    for ligne in restants:
        try:
            os.kill(int(ligne.split()[0]), signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.pdf
@pytest.mark.parametrize("quand", ["sigterm-au-demarrage-de-libreoffice", "sigkill-pendant-la-conversion"])
def test_libreoffice_ne_survit_pas_a_sa_construction(tmp_path: Path, quand: str) -> None:
    """build.py stopped by SIGTERM while LibreOffice starts (before build.py could even set what to
    do on it), or killed by SIGKILL while LibreOffice converts: no process of its LibreOffice is
    left within seconds. A wrapper around the real soffice stands for the moment (it signals its
    parent as LibreOffice starts; its conversion never ends)."""
    from contrat.rendu.libreoffice import soffice

    marque = tmp_path / f"marque-{os.getpid()}"
    marque.mkdir()
    signal_tot = "TERM" if quand.startswith("sigterm") else ""
    faux = marque / "soffice"
    faux.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--convert-to*) exec "{sys.executable}" -c "import time; time.sleep(300)" "{marque}";; esac\n'
        f'[ -n "{signal_tot}" ] && sleep 0.05 && kill -{signal_tot or "0"} $PPID\n'
        f'exec "{soffice()}" "$@"\n', encoding="utf-8")
    faux.chmod(0o755)
    env = dict(os.environ, CONTRAT_SOFFICE=str(faux), TMPDIR=str(marque))
    build = subprocess.Popen([sys.executable, str(RACINE / "build.py"), "--sources", str(MINIMAL), "--dist",
                              str(tmp_path / "dist")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    try:
        if not signal_tot:
            # Killed once LibreOffice runs (soffice.bin, started ahead) and the conversion is under way.
            fin = time.monotonic() + 60
            while not all(m in subprocess.run(["pgrep", "-af", str(marque)], capture_output=True, text=True).stdout
                          for m in ("time.sleep(300)", "soffice.bin")):
                assert time.monotonic() < fin and build.poll() is None, "la conversion n'a pas commencé"
                time.sleep(0.05)
            build.kill()
        build.wait(timeout=60)
        assert build.returncode in ((-signal.SIGTERM, 143) if signal_tot else (-signal.SIGKILL,)), build.stderr.read()
        restants = _restants(str(marque))
    finally:
        build.kill()
        _tuer(_restants(str(marque), 0))
    assert restants == [], "des processus de LibreOffice ont survécu à la construction"


def test_un_processus_lance_mais_pas_encore_suivi_meurt_avec_sa_construction(tmp_path: Path) -> None:
    """A process started in its group and not yet named to the watchdog (the build killed in the
    milliseconds between the two, while another thread holds the interpreter): the mark of its
    environment, inherited from its birth, has the watchdog kill it all the same."""
    marque = tmp_path / f"non-suivi-{os.getpid()}"
    enfant = f"{marque}/enfant"  # in the child's command line only (the script below assembles it)
    script = (
        "import sys\n"
        "from contrat.rendu import libreoffice\n"
        "libreoffice._SURVEILLANT.suivre = lambda groupe: None  # killed before telling the watchdog\n"
        f"libreoffice.executer_en_groupe([sys.executable, '-c', 'import time; time.sleep(300)', "
        f"{str(marque)!r} + '/enf' + 'ant'], 300)\n")
    lanceur = subprocess.Popen([sys.executable, "-c", script], cwd=RACINE)
    try:
        fin = time.monotonic() + 30
        while not subprocess.run(["pgrep", "-f", enfant], capture_output=True, text=True).stdout:
            assert time.monotonic() < fin and lanceur.poll() is None, "le processus n'a pas démarré"
            time.sleep(0.05)
        lanceur.kill()
        lanceur.wait(timeout=30)
        restants = _restants(enfant)
    finally:
        lanceur.kill()
        _tuer(_restants(enfant, 0))
    assert restants == [], "un processus lancé mais pas encore suivi a survécu à sa construction"


# --- LibreOffice's settings -----------------------------------------------------------------------


def _texte(chemin: Path) -> str:
    chemin.write_text("pas un programme\n", encoding="utf-8")
    chemin.chmod(0o644)
    return str(chemin)


def _executable_illisible(chemin: Path) -> str:
    chemin.write_bytes(b"\x7fELF\x02 pas un programme")
    chemin.chmod(0o755)
    return str(chemin)


@pytest.mark.parametrize(("variable", "valeur", "code", "attendu"), [
    ("CONTRAT_DELAI_LIBREOFFICE", "abc", 2, "un nombre de secondes est attendu"),
    ("CONTRAT_DELAI_LIBREOFFICE", "-1", 2, "un nombre de secondes est attendu"),
    ("CONTRAT_DELAI_LIBREOFFICE", "inf", 2, "un nombre de secondes est attendu"),
    ("CONTRAT_DELAI_LIBREOFFICE", "nan", 2, "un nombre de secondes est attendu"),
    ("CONTRAT_DELAI_LIBREOFFICE", "0", 2, "un nombre de secondes est attendu"),
    ("SOURCE_DATE_EPOCH", "abc", 2, "un nombre entier de secondes depuis le 1er janvier 1970 est attendu"),
    ("SOURCE_DATE_EPOCH", "99999999999999", 2, "un nombre entier de secondes depuis le 1er janvier 1970"),
    ("SOURCE_DATE_EPOCH", "-5", 2, "un nombre entier de secondes depuis le 1er janvier 1970"),
    ("CONTRAT_SOFFICE", "/nonexistent", 4, "ce fichier n'existe pas.\nLibreOffice est introuvable"),
    ("CONTRAT_SOFFICE", "{dossier}", 2, "est un dossier : la variable doit désigner le programme soffice"),
    ("CONTRAT_SOFFICE", "{texte}", 2, "n'est pas un programme exécutable"),
    ("CONTRAT_SOFFICE", "{illisible}", 2, "ne peut pas être lancé (Exec format error)"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_un_reglage_invalide_est_dit_en_francais(tmp_path: Path, variable: str, valeur: str, code: int,
                                                 attendu: str) -> None:
    valeur = valeur.format(dossier=tmp_path, texte=_texte(tmp_path / "texte") if "texte" in valeur else "",
                           illisible=_executable_illisible(tmp_path / "x") if "illisible" in valeur else "")
    env = dict(os.environ, **{variable: valeur})
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path / "dist"), env=env)
    assert fini.returncode == code, fini.stderr
    assert f"{variable}={valeur}" in fini.stderr and attendu in fini.stderr, fini.stderr
    assert "Traceback" not in fini.stderr and "Erreur interne" not in fini.stderr


# --- Fonts saved in a stable order ----------------------------------------------------------------


def _document_aux_polices(ordre: tuple[str, ...], fichier: Path) -> None:
    """A one-page PDF using two fonts, their objects created (so numbered) in ``ordre``: what
    LibreOffice does, in an order that changes from run to run."""
    pdf = pikepdf.new()
    polices = {nom: pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                         BaseFont=pikepdf.Name(f"/{nom}"))) for nom in ordre}
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=polices["Helvetica"], F2=polices["Courier"]))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (a) Tj /F2 12 Tf (b) Tj ET")
    pdf.save(fichier, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # numbers kept in creation order


def test_des_polices_numerotees_dans_un_autre_ordre_donnent_les_memes_octets(tmp_path: Path) -> None:
    """Two PDFs that differ only by the numbers of their font objects are saved as the same bytes."""
    from contrat.rendu.finition import ENREGISTREMENT, enregistrer_sous

    enregistres, bruts = [], []
    for n, ordre in enumerate((("Helvetica", "Courier"), ("Courier", "Helvetica"))):
        source = tmp_path / f"libreoffice-{n}.pdf"
        _document_aux_polices(ordre, source)
        with pikepdf.open(source) as doc:
            doc.save(tmp_path / f"brut-{n}.pdf", **ENREGISTREMENT)
            bruts.append((tmp_path / f"brut-{n}.pdf").read_bytes())
            enregistres.append(enregistrer_sous(doc, tmp_path / f"contrat-{n}.pdf"))
    assert bruts[0] != bruts[1]  # saved as they come, their numbers show
    assert enregistres[0] == enregistres[1]
    with pikepdf.open(io.BytesIO(enregistres[0])) as doc:
        assert str(doc.pages[0].Resources.Font.F1.BaseFont) == "/Helvetica"


def test_une_police_du_gabarit_non_declaree_est_signalee() -> None:
    """LibreOffice sees only the declared fonts: a house font of the template (Marianne) would print
    in Liberation Sans without a word; the build says so. Calibri, Cambria (metric twins declared),
    Symbol bullets and the declared families themselves are not reported."""
    from contrat.rendu.polices import polices_non_declarees

    styles = (b'<w:styles><w:rFonts w:ascii="Marianne" w:hAnsi="Marianne"/><w:rFonts w:ascii="Calibri"/>'
              b'<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/><w:rFonts w:ascii="Liberation Serif"/></w:styles>')
    theme = b'<a:theme><a:majorFont><a:latin typeface="Cambria"/></a:majorFont>' \
            b'<a:minorFont><a:latin typeface="Spectral"/></a:minorFont></a:theme>'
    assert polices_non_declarees({"word/styles.xml": styles, "word/theme/theme1.xml": theme}) == ["Marianne", "Spectral"]
    import zipfile

    with zipfile.ZipFile(RACINE / "templates" / "contrat.docx") as z:
        parties = {n: z.read(n) for n in z.namelist()}
    assert polices_non_declarees(parties) == []


@pytest.mark.pdf
def test_un_gabarit_en_police_maison_avertit(tmp_path: Path) -> None:
    """The template restyled in a house font the project does not declare: the build warns, naming
    it, and the PDF shows what LibreOffice printed instead (Liberation Sans)."""
    import subprocess
    import zipfile

    gabarit = tmp_path / "contrat.docx"
    with zipfile.ZipFile(RACINE / "templates" / "contrat.docx") as z, zipfile.ZipFile(gabarit, "w") as sortie:
        for nom in z.namelist():
            octets = z.read(nom)
            sortie.writestr(nom, octets.replace(b'"Calibri"', b'"Marianne"') if nom == "word/styles.xml" else octets)
    fini = lancer("--sources", str(RACINE / "tests" / "fixtures" / "minimal" / "sources"), "--dist",
                  str(tmp_path / "dist"), "--gabarit", str(gabarit))
    assert fini.returncode == 0, fini.stderr
    assert "police « Marianne » du gabarit : ni déclarée ni remplaçable" in fini.stderr
    polices = subprocess.run(["pdffonts", str(tmp_path / "dist" / "contrat-de-ville.pdf")], capture_output=True,
                             text=True, check=True).stdout
    assert "LiberationSans" in polices and "Marianne" not in polices


def test_une_police_declaree_mise_a_jour_refait_la_construction(tmp_path: Path, monkeypatch) -> None:
    """A declared font file updated (a package upgrade) changes what LibreOffice prints: the build
    is no longer « à jour »."""
    from contrat.application.construction import empreinte_des_entrees
    from contrat.rendu import polices

    sources = RACINE / "tests" / "fixtures" / "minimal" / "sources"
    avant = empreinte_des_entrees(sources)
    fichiers, manquants = polices.fichiers_declares()
    copie = tmp_path / fichiers[0].name
    copie.write_bytes(fichiers[0].read_bytes() + b"\0")  # the same font, another version
    monkeypatch.setattr(polices, "fichiers_declares", lambda racine=None: ([copie, *fichiers[1:]], manquants))
    assert empreinte_des_entrees(sources) != avant


def test_la_feuille_de_style_du_site_compte_dans_l_empreinte() -> None:
    """The web edition's stylesheet is part of the engine: changed, the build is no longer « à jour »
    (a build that hashed only the code kept publishing the old one until --force)."""
    from contrat.application.construction import fichiers_du_moteur
    from contrat.rendu.web import FEUILLE

    fichiers = fichiers_du_moteur()
    assert FEUILLE.resolve() in fichiers
    assert not any("__pycache__" in f.parts for f in fichiers)
    assert sum(f.suffix == ".py" for f in fichiers) >= 80
