"""The build as a user runs it: another territory, failures that keep dist/ intact, no LibreOffice."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import RACINE, lancer, textes_pdf

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"


@pytest.mark.pdf
def test_un_autre_territoire_se_construit_sans_rien_de_dole(tmp_path: Path) -> None:
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path))
    assert fini.returncode == 0, fini.stderr
    # The rules run while LibreOffice converts; what they found is said first all the same.
    assert fini.stdout.index("✓ Sources valides") < fini.stdout.index("✓ DOCX rendu") < fini.stdout.index("✓ PDF rendu")
    texte = "\n".join(textes_pdf(tmp_path / "contrat-de-ville.pdf"))
    assert "Les Tilleuls" in texte and "Val Fictif" in texte
    assert "−7,5 %" in texte  # 1 600 -> 1 480, computed
    assert "Fait à Fictiville, le 1er juillet 2024" in texte
    for mot in ("Dole", "Mesnils", "Jura", "LUTHER"):
        assert mot not in texte, mot
    document = Document(str(tmp_path / "contrat-de-ville.docx"))
    assert any("Accompagner les jeunes vers l'emploi & la formation" in c.text
               for t in document.tables for r in t.rows for c in r.cells)
    numerotes = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numerotes == ["Premier point", "Second point"]


@pytest.mark.pdf
def test_une_construction_sans_changement_ne_refait_rien(tmp_path: Path) -> None:
    """Nothing changed since the last build: nothing is rebuilt; a changed source, a retouched
    output or --force rebuild."""
    sources, dist = tmp_path / "sources", tmp_path / "dist"
    shutil.copytree(MINIMAL, sources)
    assert lancer("--sources", str(sources), "--dist", str(dist)).returncode == 0
    ensemble = (dist / ".contrat-de-ville").resolve()
    fini = lancer("--sources", str(sources), "--dist", str(dist))
    assert fini.returncode == 0 and "est à jour : rien n'a changé" in fini.stdout
    assert "Sources valides" not in fini.stdout and (dist / ".contrat-de-ville").resolve() == ensemble
    forcee = lancer("--sources", str(sources), "--dist", str(dist), "--force")
    assert "est à jour" not in forcee.stdout and (dist / ".contrat-de-ville").resolve() != ensemble
    (sources / "textes" / "preambule.md").write_text("Un autre préambule.\n", encoding="utf-8")
    change = lancer("--sources", str(sources), "--dist", str(dist))
    assert "est à jour" not in change.stdout and "Un autre préambule." in "\n".join(textes_pdf(dist / "contrat-de-ville.pdf"))
    pdf = dist / "contrat-de-ville.pdf"
    pdf.resolve().write_bytes(pdf.read_bytes() + b"%retouche\n")
    retouche = lancer("--sources", str(sources), "--dist", str(dist))
    assert "est à jour" not in retouche.stdout and not pdf.read_bytes().endswith(b"%retouche\n")
    assert "est à jour" in lancer("--sources", str(sources), "--dist", str(dist)).stdout


@pytest.mark.pdf
def test_un_echec_ne_detruit_pas_la_sortie_precedente(tmp_path: Path, sources: Path) -> None:
    dist = tmp_path / "dist"
    assert lancer("--sources", str(MINIMAL), "--dist", str(dist)).returncode == 0
    avant = {p.relative_to(dist).as_posix(): p.read_bytes() for p in [*dist.iterdir(), *(dist / "web").glob("*")]
             if p.is_file() and not p.name.startswith(".")}
    fini = lancer("--sources", str(_sans_critere(tmp_path)), "--dist", str(dist))
    assert fini.returncode == 1
    assert "aucun critère d'évaluation" in fini.stderr
    assert {p.relative_to(dist).as_posix(): p.read_bytes() for p in [*dist.iterdir(), *(dist / "web").glob("*")]
            if p.is_file() and not p.name.startswith(".")} == avant


def _sans_critere(tmp_path: Path) -> Path:
    casse = tmp_path / "casse"
    shutil.copytree(MINIMAL, casse)
    (casse / "contrat.yaml").write_text((casse / "contrat.yaml").read_text(encoding="utf-8").replace(
        "criteres_evaluation: [{code: sorties, texte: \"Nombre de sorties positives\"}]", "criteres_evaluation: []"),
        encoding="utf-8")
    return casse


def test_une_regle_enfreinte_arrete_la_conversion_en_cours(tmp_path: Path) -> None:
    """The rules of the sources run while LibreOffice converts the document: one broken stops the
    conversion under way (LibreOffice killed, not waited for), says its message, publishes nothing;
    in --strict, a warning does the same."""
    journal, faux = tmp_path / "journal", tmp_path / "soffice"
    # A LibreOffice that never finishes on its own: it logs its start, and its end if it ever comes.
    faux.write_text(f'#!/bin/sh\necho "debut $$" >> "{journal}"\nsleep 30\necho "fin $$" >> "{journal}"\n',
                    encoding="utf-8")
    faux.chmod(0o755)
    env = dict(os.environ, CONTRAT_SOFFICE=str(faux))
    dist = tmp_path / "dist"
    fini = lancer("--sources", str(_sans_critere(tmp_path)), "--dist", str(dist), env=env)
    assert fini.returncode == 1 and "aucun critère d'évaluation" in fini.stderr, fini.stderr
    assert "Traceback" not in fini.stderr and not dist.exists()
    _tous_arretes(journal)

    avertie = tmp_path / "avertie"
    shutil.copytree(MINIMAL, avertie)
    (avertie / "contrat.yaml").write_text((avertie / "contrat.yaml").read_text(encoding="utf-8").replace(
        "non_sigles:", '  - {sigle: "FIPDR"}\nnon_sigles:', 1), encoding="utf-8")
    with (avertie / "textes" / "preambule.md").open("a", encoding="utf-8") as texte:
        texte.write("\nAvec le soutien du FIPDR.\n")  # an acronym registered without its meaning: a warning
    fini = lancer("--sources", str(avertie), "--dist", str(dist), "--strict", env=env)
    assert fini.returncode == 1 and "« FIPDR » n'a pas de définition" in fini.stderr and not dist.exists(), fini.stderr
    _tous_arretes(journal)


def _tous_arretes(journal: Path) -> None:
    """Every fake LibreOffice logged in ``journal`` was stopped before its end, and is gone."""
    lignes = [l.split() for l in journal.read_text(encoding="utf-8").splitlines()]
    assert lignes and all(quoi == "debut" for quoi, _ in lignes), lignes
    for _, pid in lignes:
        commande = Path(f"/proc/{pid}/cmdline")
        assert not commande.exists() or b"sleep" not in commande.read_bytes()


def test_une_conversion_annulee_arrete_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Conversion.annuler`` kills the LibreOffice converting (never waits for it), and the
    conversion says it was cancelled, without trying again."""
    import time

    from contrat.rendu import libreoffice

    journal, faux = tmp_path / "journal", tmp_path / "soffice"
    faux.write_text(f'#!/bin/sh\necho "debut $$" >> "{journal}"\nsleep 30\necho "fin $$" >> "{journal}"\n',
                    encoding="utf-8")
    faux.chmod(0o755)
    monkeypatch.setenv("CONTRAT_SOFFICE", str(faux))
    monkeypatch.setitem(libreoffice._RESIDENT, "actif", False)  # the command-line way, as build.py
    conversion = libreoffice.Conversion(b"PK")
    attente = time.monotonic() + 60
    while not (journal.exists() and journal.read_text(encoding="utf-8")) and time.monotonic() < attente:
        time.sleep(0.05)
    conversion.annuler()
    with pytest.raises(libreoffice.ConversionAnnulee):
        conversion.resultat()
    _tous_arretes(journal)
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 1  # not tried again


@pytest.mark.pdf
def test_sans_libreoffice_le_docx_est_produit_et_l_installation_expliquee(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert lancer("--sources", str(MINIMAL), "--dist", str(dist)).returncode == 0
    pdf_precedent = (dist / "contrat-de-ville.pdf").read_bytes()
    env = dict(os.environ, CONTRAT_SOFFICE=str(tmp_path / "pas-de-soffice"))
    fini = lancer("--sources", str(MINIMAL), "--dist", str(dist), env=env)
    assert fini.returncode == 4
    assert "LibreOffice est introuvable" in fini.stderr
    assert "apt-get install" in fini.stderr
    assert (dist / "contrat-de-ville.docx").exists()
    # The previous PDF and manifest do not stay beside a DOCX they do not match; the user is told.
    assert pdf_precedent and not (dist / "contrat-de-ville.pdf").exists() and not (dist / "manifest.json").exists()
    assert "le PDF et le manifeste précédents sont retirés" in fini.stdout
    # The web edition needs no LibreOffice: published with the DOCX, with no link to a PDF there is not.
    page = (dist / "web" / "index.html").read_text(encoding="utf-8")
    assert "<h1>" in page and ".pdf" not in page and "Télécharger" not in page
    assert "Traceback" not in fini.stderr


def test_hors_git_la_couverture_date_les_sources_de_leur_derniere_modification(tmp_path: Path) -> None:
    import datetime as dt

    sources = tmp_path / "sources"  # a temporary folder: in no Git repository
    shutil.copytree(MINIMAL, sources)
    quand = dt.datetime(2025, 3, 14, 10, 0, tzinfo=dt.timezone.utc).timestamp()
    for f in sources.rglob("*"):
        os.utime(f, (quand, quand))
    env = dict(os.environ, CONTRAT_SOFFICE=str(tmp_path / "pas-de-soffice"))
    env.pop("SOURCE_DATE_EPOCH", None)
    fini = lancer("--sources", str(sources), "--dist", str(tmp_path / "dist"), env=env)
    assert fini.returncode == 4, fini.stderr  # no LibreOffice here: the DOCX alone
    textes = [p.text for p in Document(str(tmp_path / "dist" / "contrat-de-ville.docx")).paragraphs]
    assert "Version des sources\u00a0: fichiers hors Git du 14 mars 2025" in textes


def _pdf_externe(chemin: Path, pages: int, chiffrer: bool = False) -> None:
    """A partner's PDF: text pages, a JavaScript open action on a page and a launch link."""
    import pikepdf

    pdf = pikepdf.new()
    police = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                  BaseFont=pikepdf.Name.Helvetica))
    for n in range(pages):
        contenu = pdf.make_stream(f"BT /F1 24 Tf 72 700 Td (CARTE DU PERIMETRE {n + 1}) Tj ET".encode())
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=contenu,
                                  Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)))
        page.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))
        page.Annots = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 100, 100],
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"))])
        pdf.pages.append(pikepdf.Page(page))
    chiffrement = pikepdf.Encryption(owner="x", user="secret") if chiffrer else None
    pdf.save(chemin, encryption=chiffrement or False)


def _avec_annexe_pdf(tmp_path: Path, chiffrer: bool = False) -> Path:
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    (sources / "annexes").mkdir()
    _pdf_externe(sources / "annexes" / "carte.pdf", 2, chiffrer)
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace(
        "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n",
        "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n"
        "  - {code: annexes, titre: \"Annexes\", inclure: annexes}\n") + (
        "annexes:\n  - {code: carte, titre: \"Carte du périmètre du quartier prioritaire\", fichier: annexes/carte.pdf}\n"),
        encoding="utf-8")
    return sources


@pytest.mark.pdf
def test_une_annexe_pdf_est_inseree_a_sa_place_sans_contenu_actif(tmp_path: Path) -> None:
    import pikepdf

    sources = _avec_annexe_pdf(tmp_path)
    dist = tmp_path / "dist"
    fini = lancer("--sources", str(sources), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr
    textes = textes_pdf(dist / "contrat-de-ville.pdf")
    titre = next(i for i, t in enumerate(textes) if "ANNEXE N°1 : Carte du périmètre" in t and i > 1)
    assert "CARTE DU PERIMETRE 1" in textes[titre + 1]
    assert "CARTE DU PERIMETRE 2" in textes[titre + 2]
    sommaire = textes[1]
    assert "ANNEXE N°1 : Carte du périmètre du quartier prioritaire" in sommaire
    assert re.search(rf"Carte du périmètre du quartier prioritaire\.*\s*{titre + 1}\b", sommaire)
    with pikepdf.open(dist / "contrat-de-ville.pdf") as pdf:
        for page in (pdf.pages[titre + 1], pdf.pages[titre + 2]):
            assert "/AA" not in page.obj
            assert len(page.obj.get("/Annots", [])) == 0
        # Its Helvetica is not embedded: a reader substitutes it, so the file no longer claims PDF/A.
        assert pdf.open_metadata().pdfa_status == ""
    assert ("« annexes/carte.pdf » page 1 : polices non incorporées (Helvetica) : le PDF ne se déclare plus "
            "PDF/A") in fini.stderr


def test_une_annexe_pdf_chiffree_est_refusee_avec_son_nom(tmp_path: Path) -> None:
    sources = _avec_annexe_pdf(tmp_path, chiffrer=True)
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1
    assert re.search(r"sources/contrat\.yaml:\d+:\d+: annexe n° 1 : fichier PDF « annexes/carte\.pdf » : "
                     r"fichier chiffré \(protégé par mot de passe\)", fini.stderr), fini.stderr
    assert "Traceback" not in fini.stderr


@pytest.mark.pdf
def test_les_pages_d_une_annexe_pdf_portent_la_numerotation_du_contrat(tmp_path: Path) -> None:
    sources = _avec_annexe_pdf(tmp_path)
    fini = lancer("--sources", str(sources), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 0, fini.stderr
    assert "action automatique retiré(e)" in fini.stderr
    assert "annotation(s) (liens, formulaires, multimédia) retiré(e)" in fini.stderr
    textes = textes_pdf(tmp_path / "dist" / "contrat-de-ville.pdf")
    total = len(textes)
    for n, texte in enumerate(textes, start=1):
        if "CARTE DU PERIMETRE" in texte:
            assert f"Page {n} / {total}" in texte


@pytest.mark.pdf
def test_watch_reconstruit_a_chaque_enregistrement_et_s_arrete_proprement(tmp_path: Path) -> None:
    """build.py watch: a first build, then a rebuild after each save with the time from the save;
    an invalid save is reported and waited out; stopped by a signal, it leaves no LibreOffice."""
    import signal
    import subprocess
    import sys
    import time

    sources, dist, temporaire = tmp_path / "sources", tmp_path / "dist", tmp_path / "tmp"
    shutil.copytree(MINIMAL, sources)
    temporaire.mkdir()
    processus = subprocess.Popen([sys.executable, str(RACINE / "build.py"), "watch", "--sources", str(sources),
                                  "--dist", str(dist)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 env=dict(os.environ, TMPDIR=str(temporaire)))
    lignes: list[str] = []

    def attendre(motif: str) -> str:
        fin = time.monotonic() + 120
        while time.monotonic() < fin:
            ligne = processus.stdout.readline()
            lignes.append(ligne)
            if motif in ligne:
                return ligne
        raise AssertionError("".join(lignes))

    try:
        attendre("contrat-de-ville.pdf construit")
        (sources / "textes" / "preambule.md").write_text("Un préambule enregistré.\n", encoding="utf-8")
        ligne = attendre("après l'enregistrement de preambule.md")
        assert re.search(r"à jour \d+\.\d\d s après", ligne)
        assert "Un préambule enregistré." in "\n".join(textes_pdf(dist / "contrat-de-ville.pdf", slice(0, 4)))
        contrat = sources / "contrat.yaml"
        texte = contrat.read_text(encoding="utf-8")
        contrat.write_text(texte.replace('criteres_evaluation: [{code: sorties, texte: "Nombre de sorties positives"}]',
                                         "criteres_evaluation: []"), encoding="utf-8")
        attendre("en attente d'une correction")
        contrat.write_text(texte, encoding="utf-8")
        attendre("après l'enregistrement de contrat.yaml")
    finally:
        processus.send_signal(signal.SIGTERM)
        processus.wait(timeout=30)
    assert processus.returncode == 143
    restants = subprocess.run(["pgrep", "-f", str(temporaire)], capture_output=True, text=True).stdout
    assert not restants and not list(temporaire.glob("contrat-libreoffice-*"))


def _sommaire_imprime(pages: list[str]) -> list[tuple[str, int]]:
    """(title, page) of each line of the printed sommaire."""
    page = next(p for p in pages if "SOMMAIRE" in p)
    return [(m.group(1).strip(" ."), int(m.group(2))) for m in re.finditer(r"^(.*?)[\s.…]*(\d+)\s*$", page, re.M)
            if m.group(1).strip(" .") and "SOMMAIRE" not in m.group(1) and not m.group(1).startswith("Page ")]


@pytest.mark.pdf
def test_un_gabarit_aux_styles_de_word_en_francais_garde_son_sommaire(tmp_path: Path) -> None:
    """A template saved by a French Word names its heading styles' ids « Titre1 », its sommaire's
    « TM1 »: the sommaire finds them by their built-in names, and its pages are right."""
    import zipfile

    gabarit = tmp_path / "gabarit.docx"
    ids = {"Heading1": "Titre1", "Heading2": "Titre2", "TOC1": "TM1", "TOC2": "TM2"}
    with zipfile.ZipFile(RACINE / "templates" / "contrat.docx") as source, zipfile.ZipFile(gabarit, "w") as cible:
        for nom in source.namelist():
            donnees = source.read(nom)
            if nom in ("word/styles.xml", "word/document.xml"):
                texte = donnees.decode("utf-8")
                for ancien, nouveau in ids.items():
                    texte = re.sub(rf'w:(styleId|val)="{ancien}"', rf'w:\1="{nouveau}"', texte)
                donnees = texte.encode("utf-8")
            cible.writestr(nom, donnees)
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path / "dist"), "--gabarit", str(gabarit))
    assert fini.returncode == 0, fini.stderr
    pages = textes_pdf(tmp_path / "dist" / "contrat-de-ville.pdf")
    entrees = _sommaire_imprime(pages)
    assert len(entrees) >= 5
    for titre, page in entrees:
        assert any(l.strip().startswith(titre) for l in pages[page - 1].splitlines()), (titre, page)
    styles = {p.style.style_id for p in Document(str(tmp_path / "dist" / "contrat-de-ville.docx")).paragraphs}
    assert {"TM1", "Titre1"} <= styles


@pytest.mark.pdf
def test_une_conversion_ratee_par_le_libreoffice_demarre_d_avance_est_refaite(tmp_path: Path) -> None:
    """The LibreOffice started ahead fails its conversion once: the build converts again with a
    LibreOffice of its own, and succeeds."""
    from contrat.rendu.libreoffice import soffice

    marque = tmp_path / "deja-echoue"
    faux = tmp_path / "soffice"
    faux.write_text(f'#!/bin/sh\ncase "$*" in *--convert-to*) [ -e "{marque}" ] || {{ touch "{marque}"; exit 1; }};; esac\n'
                    f'exec "{soffice()}" "$@"\n', encoding="utf-8")
    faux.chmod(0o755)
    env = dict(os.environ, CONTRAT_SOFFICE=str(faux), XDG_CACHE_HOME=str(tmp_path / "cache"))
    fini = lancer("--sources", str(MINIMAL), "--dist", str(tmp_path / "dist"), env=env)
    assert fini.returncode == 0, fini.stderr
    assert marque.exists() and (tmp_path / "dist" / "contrat-de-ville.pdf").is_file()
