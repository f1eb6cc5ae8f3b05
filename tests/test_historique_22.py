"""Issue 22, « Avenants »: what the commands answer once a signed version exists. A history
rewritten after signing (the signing commit amended, the tag moved) makes verify fail and a plain
build refuse, each naming the altered files; the signed signature page is never rewritten by a
later change; the joined PDF of an avenant is titled and numbered; diff, figer and check say
what they mean in French (valid JSON, « du contrat », chapters named as printed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hostiles import _certificat

from conftest import RACINE, lancer
from depots import cloner, depot_git, enregistrer, figer, git

pytestmark = pytest.mark.pdf  # the signed repository is built (LibreOffice)

MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
FAIT_A = "Fait à Fictiville, le 1er juillet 2024, en 3 exemplaires originaux."


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def page_des_signatures(pdf: Path) -> str:
    """The text of the signature page, from « Fait à » to its footer."""
    texte = pdftotext(pdf)
    debut = texte.index("Fait à")
    return re.sub(r"\s+", " ", texte[debut:texte.index("Page ", debut)]).strip()


def remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert avant in texte, avant
    fichier.write_text(texte.replace(avant, apres), encoding="utf-8")


@pytest.fixture(scope="module")
def signe(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The minimal contract committed; its PDF built before ``figer`` (as a chargé(e) de mission
    builds the PDF the parties sign electronically), then frozen as signed (tag « contrat-signe »),
    and built again at the tag."""
    racine = depot_git(tmp_path_factory.mktemp("signe") / "depot", MINIMAL)
    fini = lancer("--dist", str(racine / "avant"), cwd=racine)
    assert fini.returncode == 0, fini.stderr
    # The README's « Signer le contrat initial », in order: build, each signatory signs, figer.
    certificats = [_certificat(racine.parent, nom) for nom in ("Prefete", "President")]
    for p12, _ in certificats:
        fini = lancer("sign", str(racine / "avant" / "contrat-de-ville.pdf"), "--cert", str(p12),
                      "--mot-de-passe", "secret", cwd=racine)
        assert fini.returncode == 0, fini.stderr
    figer(racine, "2024-07-01")
    fini = lancer("--dist", str(racine / "dist"), cwd=racine)
    assert fini.returncode == 0, fini.stderr
    return {"racine": racine, "avant": racine / "avant" / "signes" / "contrat-de-ville.pdf",
            "signe": racine / "dist" / "contrat-de-ville.pdf", "confiance": [pem for _, pem in certificats]}


@pytest.fixture(scope="module")
def falsifie(signe: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone where the signing commit was amended (a figure changed) and the tag moved onto it
    with its original message: the history of the signed version rewritten."""
    clone = cloner(signe["racine"], tmp_path_factory.mktemp("falsifie") / "clone")
    message = git(clone, "tag", "-l", "--format=%(contents)", "contrat-signe")
    remplacer(clone / "sources" / "chiffres_cles.yaml", '"1 480"', '"9 999"')
    git(clone, "commit", "-q", "-a", "--amend", "--no-edit")
    git(clone, "tag", "-f", "-a", "contrat-signe", "-m", message)
    return clone


ALTEREE = ("les sources de la version signée « contrat-signe » ont été modifiées après signature (étiquette "
           "déplacée ou historique réécrit) : sources/chiffres_cles.yaml ; rétablir l'étiquette d'origine")


def test_la_construction_au_commit_signe_se_dit_signee(signe: dict) -> None:
    assert "Contrat signé le 1er juillet 2024" in pdftotext(signe["signe"])


@pytest.mark.parametrize("quel", ["avant", "signe"])
def test_verify_echoue_quand_l_historique_signe_est_reecrit(signe: dict, falsifie: Path, quel: str) -> None:
    """The genuine PDF, built before figer (its commit still in the repository, its tag never
    named) or at the tag, verified against the rewritten repository: a failure naming the file."""
    confiance = [a for pem in signe["confiance"] for a in ("--confiance", str(pem))] if quel == "avant" else []
    fini = lancer("verify", str(signe[quel]), *confiance, cwd=falsifie)
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert "✓ Aucune altération détectée" not in fini.stdout
    assert f"✗ le dépôt ne garantit plus ses versions signées : {ALTEREE}" in fini.stderr
    # In the original repository, the same PDF verifies.
    fini = lancer("verify", str(signe[quel]), *confiance, cwd=signe["racine"])
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "✓ Aucune altération détectée." in fini.stdout
    if quel == "avant":
        # Its two signatures are intact: pdfsig says so; only the repository was rewritten.
        assert fini.stdout.count("intègre et valide, ") == 2
        pdfsig = subprocess.run(["pdfsig", str(signe[quel])], capture_output=True, text=True).stdout
        assert pdfsig.count("Signature Validation: Signature is Valid.") == 2, pdfsig


def test_chaque_commande_refuse_en_nommant_le_fichier(falsifie: Path, tmp_path: Path) -> None:
    """diff, avenant, --a-la-date, figer and a plain build refuse (code 2), each naming the altered file;
    the build publishes nothing (it would print « Contrat signé le … » over the forged figures)."""
    for commande in (["diff"], ["avenant", "--dist", str(tmp_path / "a")],
                     ["--dist", str(tmp_path / "b"), "--a-la-date", "2025-01-01"], ["figer", "--date", "2025-01-01"],
                     ["--dist", str(tmp_path / "c")]):
        fini = lancer(*commande, cwd=falsifie)
        assert fini.returncode == 2, (commande, fini.stdout, fini.stderr)
        assert ALTEREE in fini.stderr, (commande, fini.stderr)
    assert "construction refusée : les versions signées ne sont plus celles que le dépôt a enregistrées" \
        in fini.stderr
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").glob("*.pdf"))


def test_sans_l_arbre_signe_le_fichier_est_nomme_par_le_manifeste(falsifie: Path, tmp_path: Path) -> None:
    """When the signed tree is not in the repository (its tag records a tree this clone never
    received), the file is named from the signed version's manifest; when the manifest was
    rewritten too, the message says the files cannot be named here, and still refuses."""
    clone = cloner(falsifie, tmp_path / "clone")
    message = git(clone, "tag", "-l", "--format=%(contents)", "contrat-signe")
    absent = "1" * 40
    git(clone, "tag", "-f", "-a", "contrat-signe", "-m", re.sub(r"sources: [0-9a-f]{40}", f"sources: {absent}", message))
    fini = lancer("diff", cwd=clone)
    assert fini.returncode == 2 and ALTEREE in fini.stderr, fini.stderr
    manifeste = clone / "versions" / "contrat-signe.json"
    contenu = json.loads(manifeste.read_text(encoding="utf-8"))
    from contrat.confiance.empreintes import empreinte

    contenu["sources"]["chiffres_cles.yaml"] = empreinte((clone / "sources" / "chiffres_cles.yaml").read_bytes())
    manifeste.write_text(json.dumps(contenu), encoding="utf-8")
    fini = lancer("diff", cwd=clone)
    assert fini.returncode == 2
    assert ("modifiées après signature (étiquette déplacée ou historique réécrit) : fichiers non identifiables ici "
            "(les sources signées, arbre 111111111111, ne sont plus dans ce dépôt) ; rétablir l'étiquette d'origine"
            in fini.stderr)


def test_un_changement_de_representant_ne_reecrit_pas_la_page_signee(signe: dict, tmp_path: Path) -> None:
    """A new préfète after signing: the plain build keeps the page signed on 1 July 2024, with or
    without an avenant file; diff lists the change apart (she signs the avenant)."""
    clone = cloner(signe["racine"], tmp_path / "clone")
    page_signee = page_des_signatures(signe["signe"])
    assert page_signee.startswith(FAIT_A) and "Camille EXEMPLE" in page_signee
    remplacer(clone / "sources" / "contrat.yaml", '"Camille EXEMPLE"', '"Dominique NOUVELLE"')
    enregistrer(clone, "Nouvelle préfète")
    fini = lancer("--dist", str(clone / "sans"), cwd=clone)
    assert fini.returncode == 0, fini.stderr
    assert page_des_signatures(clone / "sans" / "contrat-de-ville.pdf") == page_signee
    assert "Dominique NOUVELLE" not in pdftotext(clone / "sans" / "contrat-de-ville.pdf")
    diff = lancer("diff", cwd=clone)
    assert "État : La Préfète, Camille EXEMPLE → La Préfète, Dominique NOUVELLE" in diff.stdout
    (clone / "sources" / "avenants").mkdir()
    (clone / "sources" / "avenants" / "avenant-01.yaml").write_text(AVENANT, encoding="utf-8")
    enregistrer(clone, "Avenant n° 1")
    fini = lancer("--dist", str(clone / "avec"), cwd=clone)
    assert fini.returncode == 0, fini.stderr
    assert page_des_signatures(clone / "avec" / "contrat-de-ville.pdf") == page_signee
    # Uncommitted, the change does not rewrite the page either.
    remplacer(clone / "sources" / "contrat.yaml", '"Dominique NOUVELLE"', '"Claude AUTRE"')
    shutil.rmtree(clone / "sources" / "avenants")
    fini = lancer("--dist", str(clone / "modifie"), cwd=clone)
    assert fini.returncode == 0, fini.stderr
    assert page_des_signatures(clone / "modifie" / "contrat-de-ville.pdf") == page_signee


AVENANT = """numero: "1"
modifie: "contrat-signe"
comite_pilotage: "2025-06-12"
objet: "actualiser le représentant de l'État"
expose_motifs: |
  Le représentant de l'État a changé.
signature:
  lieu: "Fictiville"
"""


def test_figer_dit_du_contrat_et_quoi_faire(tmp_path: Path) -> None:
    """« la date de signature du contrat » (never « de le contrat »); figer comes after the
    signing: the message says to write the date the contract was signed, commit, and run figer again."""
    racine = depot_git(tmp_path / "depot", MINIMAL, lambda s: remplacer(s / "contrat.yaml", '  date: "2024-07-01"\n', ""))
    fini = lancer("figer", "--date", "2024-07-01", cwd=racine)
    assert fini.returncode == 2
    assert ("la date de signature du contrat dans les sources (absente) n'est pas le 2024-07-01 : renseigner dans les "
            "sources la date à laquelle le contrat a été signé, l'enregistrer (git commit), puis relancer figer") \
        in fini.stderr
    assert "de le contrat" not in fini.stderr and "avant de signer" not in fini.stderr
    (racine / "sources" / "textes" / "preambule.md").write_text("Autre.\n", encoding="utf-8")
    fini = lancer("figer", "--date", "2024-07-01", cwd=racine)
    assert fini.returncode == 2
    assert "seule une version enregistrée peut être figée comme signée" in fini.stderr


def test_un_avenant_vide_n_est_ni_annonce_ni_enonce(signe: dict, tmp_path: Path) -> None:
    """An avenant file and no change of the printed contract (or only a new representative):
    diff --format json prints JSON, the text says « Aucun changement », and the cover does not
    announce « l'avenant n° 1 (projet) », which the avenant command would refuse as empty."""
    clone = cloner(signe["racine"], tmp_path / "clone")
    (clone / "sources" / "avenants").mkdir()
    (clone / "sources" / "avenants" / "avenant-01.yaml").write_text(AVENANT, encoding="utf-8")
    enregistrer(clone, "Avenant n° 1, vide")
    fini = lancer("diff", "--format", "json", cwd=clone)
    assert fini.returncode == 0
    assert json.loads(fini.stdout) == {"titre": "Changements depuis « contrat-signe » (sources actuelles)",
                                       "articles": [], "representants": []}
    assert lancer("diff", cwd=clone).stdout == "Aucun changement depuis « contrat-signe ».\n"
    fini = lancer("--dist", str(clone / "dist"), cwd=clone)
    assert fini.returncode == 0, fini.stderr
    couverture = pdftotext(clone / "dist" / "contrat-de-ville.pdf").split("Page 1")[0]
    assert "avenant" not in couverture.lower() and "(projet)" not in couverture
    assert "Version des sources : contrat-signe-1-g" in couverture
    # A new representative alone: no article; said as such, never « 0 changement(s) … : » and nothing.
    remplacer(clone / "sources" / "contrat.yaml", '"Camille EXEMPLE"', '"Dominique NOUVELLE"')
    enregistrer(clone, "Nouvelle préfète")
    texte = lancer("diff", cwd=clone).stdout
    assert "0 changement" not in texte
    assert texte.splitlines()[:3] == ["Changements depuis « contrat-signe » (sources actuelles)", "",
                                      "Aucun changement du texte du contrat imprimé (aucun article de modification)."]
    assert json.loads(lancer("diff", "--format", "json", cwd=clone).stdout)["articles"] == []
    fini = lancer("--dist", str(clone / "dist"), cwd=clone)
    assert fini.returncode == 0, fini.stderr
    assert "(projet)" not in pdftotext(clone / "dist" / "contrat-de-ville.pdf").split("Page 1")[0]
    fini = lancer("avenant", "--dist", str(tmp_path / "avenant"), cwd=clone)
    assert fini.returncode == 2 and "l'avenant serait vide" in fini.stderr
    # A real change: the cover announces the avenant in progress.
    remplacer(clone / "sources" / "chiffres_cles.yaml", '"1 480"', '"1 490"')
    enregistrer(clone, "Population 2020 corrigée")
    fini = lancer("--dist", str(clone / "dist"), cwd=clone)
    assert fini.returncode == 0, fini.stderr
    assert ("Version consolidée intégrant l'avenant n° 1 du comité de pilotage du 12 juin 2025 (projet)"
            in pdftotext(clone / "dist" / "contrat-de-ville.pdf").split("Page 1")[0])


def test_check_nomme_les_chapitres_comme_le_contrat_les_imprime(tmp_path: Path) -> None:
    """« chapitre I « Chiffres clés » » where the contract prints « I/ Chiffres clés » (the
    unnumbered préambule before it does not count), « chapitre « Préambule » » for it."""
    from contrat.impression.numerotation import romain
    from contrat.lecture.lieux import decrire

    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    remplacer(sources / "contrat.yaml", '{code: chiffres, titre: "Chiffres clés", inclure: chiffres_cles}',
              '{code: chiffres, titre: "Chiffres clés", inclure: chiffres_cles, texte: textes/chiffres.md}')
    remplacer(sources / "contrat.yaml", '{code: enjeux, titre: "Les enjeux", inclure: enjeux}',
              '{code: enjeux, titre: "Les enjeux", inclure: enjeux, texte: textes/enjeux.md}')
    (sources / "textes" / "chiffres.md").write_text("Le ZZQP agit.\n", encoding="utf-8")
    (sources / "textes" / "enjeux.md").write_text("Le YYQP agit.\n", encoding="utf-8")
    remplacer(sources / "textes" / "preambule.md", "\n", "\nLe XXQP agit.\n")
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1
    assert "chapitre I « Chiffres clés », texte : sigle « ZZQP » absent du registre des sigles" in fini.stderr
    assert "chapitre II « Les enjeux », texte : sigle « YYQP » absent du registre des sigles" in fini.stderr
    assert "chapitre « Préambule », texte : sigle « XXQP » absent du registre des sigles" in fini.stderr
    assert not re.search(r"chapitre \d", fini.stderr)
    # Reading names chapters without the printing stage's numbering: both agree.
    chapitres = [{"titre": f"C{k}"} for k in range(1, 40)]
    assert [decrire(("chapitres", k), {"chapitres": chapitres}) for k in range(39)] == \
        [f"chapitre {romain(k + 1)} « C{k + 1} »" for k in range(39)]


def _pdf_de_deux_pages(chemin: Path) -> None:
    """A two-page PDF as a partner supplies it (its own text on each page)."""
    import pikepdf

    pdf = pikepdf.new()
    police = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                  BaseFont=pikepdf.Name.Helvetica))
    for k in (1, 2):
        contenu = pdf.make_stream(f"BT /F1 20 Tf 72 760 Td (Carte fournie page {k}) Tj ET".encode())
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                                         Contents=contenu,
                                                         Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)))))
    chemin.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(chemin)


def test_un_pdf_joint_a_l_avenant_est_titre_numerote_et_compte(signe: dict, tmp_path: Path) -> None:
    """An annex PDF added by avenant is joined to it: from a new page under its title, each of its
    pages numbered, and every footer of the file counting all its pages."""
    from pypdf import PdfReader

    clone = cloner(signe["racine"], tmp_path / "clone")
    sources = clone / "sources"
    _pdf_de_deux_pages(sources / "annexes" / "carte.pdf")
    remplacer(sources / "contrat.yaml", "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n",
              "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n"
              "  - {code: annexes, titre: \"Annexes\", inclure: annexes}\n")
    remplacer(sources / "contrat.yaml", "signature:\n",
              "annexes:\n  - {code: carte, titre: \"Carte du périmètre\", fichier: annexes/carte.pdf}\nsignature:\n")
    (sources / "avenants").mkdir()
    (sources / "avenants" / "avenant-01.yaml").write_text(AVENANT.replace("actualiser le représentant de l'État",
                                                                          "annexer la carte du périmètre"),
                                                          encoding="utf-8")
    enregistrer(clone, "Avenant n° 1 : la carte")
    fini = lancer("avenant", "--dist", str(tmp_path / "dist"), cwd=clone)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    lecteur = PdfReader(tmp_path / "dist" / "avenant-01.pdf")
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in lecteur.pages]
    total = len(pages)
    for k, texte in enumerate(pages, start=1):
        assert f"Page {k} / {total}" in texte, (k, texte)
        assert not re.search(rf"Page \d+ / (?!{total}\b)\d+", texte), (k, texte)
    assert "Document joint n° 1 – Carte du périmètre" in pages[-3].replace("\xa0", " ")
    assert "Carte fournie page 1" in pages[-2] and "Carte fournie page 2" in pages[-1]
    assert lecteur.metadata.title.replace("\xa0", " ").startswith("Avenant n° 1 au contrat de ville")
    pdfinfo = subprocess.run(["pdfinfo", str(tmp_path / "dist" / "avenant-01.pdf")], capture_output=True, text=True)
    assert f"Pages:           {total}" in pdfinfo.stdout
