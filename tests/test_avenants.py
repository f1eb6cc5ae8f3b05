"""Avenants from pull requests: a temporary Git repository, the signed contract, two successive
avenants (shared/scenarios), built with the commands a chargé(e) de mission runs."""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from contrat.controles.dossier import valider_dossier

import scenarios
from conftest import RACINE, lancer, textes_pdf
from depots import cloner, dater_signature, depot_signe, enregistrer, extraire, figer, git

pytestmark = pytest.mark.pdf  # every test here builds a PDF (LibreOffice)



@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """contrat-signe (28/06/2024) -> avenant-1 (signed 03/07/2025) -> avenant 2 in progress."""
    racine = depot_signe(tmp_path_factory.mktemp("depot"), RACINE / "sources", "2024-06-28",
                         lambda sources: dater_signature(sources / "contrat.yaml", "2024-06-28"))
    scenarios.avenant_1(racine / "sources")
    enregistrer(racine, "Avenant n° 1")
    (racine / "avenant-1").mkdir()
    fini = lancer("avenant", "--dist", str(racine / "avenant-1"), cwd=racine)
    assert fini.returncode == 0, fini.stderr
    dater_signature(racine / "sources" / "avenants" / "avenant-01.yaml", "2025-07-03")
    enregistrer(racine, "Avenant n° 1 signé")
    ancien_nom = lancer("signer", "--date", "2025-07-03", cwd=racine)  # the former name, kept for one version
    assert ancien_nom.returncode == 0 and "s'appelle désormais « build.py figer »" in ancien_nom.stderr
    scenarios.avenant_2(racine / "sources")
    enregistrer(racine, "Avenant n° 2")
    return racine


def _texte_docx(chemin: Path) -> list[str]:
    document = Document(str(chemin))
    return [p.text for p in document.paragraphs]


def _articles(paragraphes: list[str]) -> dict[str, str]:
    articles, courant = {}, None
    for p in paragraphes:
        if re.match(r"^Article \d+", p):
            courant = p
            articles[courant] = ""
        elif courant and p and not p.startswith("Fait à"):
            articles[courant] += p + "\n"
        elif p.startswith("Fait à"):
            courant = None
    return articles


def test_diff_markdown_et_json_pour_la_demande_de_fusion(depot: Path) -> None:
    fini = lancer("diff", "contrat-signe", "avenant-1", "--format", "markdown", cwd=depot)
    assert fini.returncode == 0, fini.stderr
    md = fini.stdout
    assert md.startswith("## Changements de « contrat-signe » à « avenant-1 »")
    assert "5 changement(s) du contrat imprimé, énoncés comme dans l'avenant :" in md
    assert ("> Au chapitre IV « Les enjeux pour la nouvelle contractualisation », à l'enjeu 3 « Accès à un projet et un "
            "parcours professionnel », dans le tableau, à la ligne « Accès et insertion à l'emploi », la colonne "
            "« Objectifs généraux » est complétée par une mention ainsi rédigée : « Déployer le Pacte plein emploi") in md
    assert "la mention « Centre de santé polyvalent » est ainsi rédigée : « Centre de santé polyvalent de la Mutualité du Jura (ouvert en 2025) »" in md
    donnees_json = json.loads(lancer("diff", "contrat-signe", "avenant-1", "--format", "json", cwd=depot).stdout)
    assert [a["numero"] for a in donnees_json["articles"]] == [2, 3, 4, 5, 6]
    tableau = donnees_json["articles"][0]
    assert tableau["operations"] == ["remplacer"] and "398" in tableau["cite"][0]
    assert donnees_json["representants"] == []


def test_l_avenant_est_espace_a_la_francaise(depot: Path) -> None:
    """Its own sentences, its quotations of the contract and its comparison table: French spacing
    in its PDF and its DOCX (« le nombre : « 453 » » never breaks after a guillemet)."""
    from typographie_imprimee import fautes_docx, fautes_pdf

    fautes = fautes_pdf(depot / "avenant-1" / "avenant-01.pdf") + fautes_docx(depot / "avenant-1" / "avenant-01.docx")
    assert not fautes, "\n".join(fautes[:10])


def test_avenant_1_enonce_chaque_changement_et_rien_d_autre(depot: Path) -> None:
    paragraphes = _texte_docx(depot / "avenant-1" / "avenant-01.docx")
    # French spacing: « n° » and its number held together, narrow no-break spaces inside « ».
    assert paragraphes[0].startswith("Avenant n°\u00a01 au contrat de ville 2024-2030 «\u202fEngagements Quartiers 2030\u202f»")
    assert "Vu l'avis du comité de pilotage du 12 juin 2025," in paragraphes
    assert any(p.startswith("Vu le contrat de ville 2024-2030") and "signé le 28 juin 2024" in p for p in paragraphes)
    # Parties: agreement from the sources' gender, elision, non-breaking spaces inside « ».
    assert "État – Préfecture du Jura, représenté par le Préfet du Jura\u202f;" in paragraphes
    assert "Mutualité du Jura, représentée par le Président de la Mutualité du Jura," in paragraphes
    assert any(p.startswith("Le présent avenant a pour objet d'actualiser les données") for p in paragraphes)
    assert not [p for p in paragraphes if "« " in p or " »" in p or " :" in p or " ;" in p]
    articles = [a.replace("\u00a0", " ").replace("\u202f", " ") for a in _articles(paragraphes).values()]
    assert len(articles) == 8  # objet, five changes, other stipulations, entry into force
    corps = "\n".join(articles[1:6])
    attendus = [
        "Au chapitre I « Le quartier en quelques chiffres », le tableau « Comparaison de situation des demandeurs "
        "d'emploi entre 2022 et 2023 : » est ainsi rédigé :",
        "dans la colonne « Leviers », la mention « Centre de santé polyvalent » est ainsi rédigée : « Centre de santé "
        "polyvalent de la Mutualité du Jura (ouvert en 2025) »",
        "la colonne « Critères d'évaluation (intégrer des données genrées) » est complétée par une mention ainsi rédigée : "
        "« Nombre de jeunes filles et de femmes accompagnées dans leur orientation »",
        "la colonne « Objectifs généraux » est complétée par une mention ainsi rédigée : « Déployer le Pacte plein emploi",
        "Mutualité du Jura devient partie au contrat et y adhère ; les stipulations du contrat, dans sa rédaction issue "
        "du présent avenant, lui sont applicables à compter de l'entrée en vigueur du présent avenant.\n"
        "En conséquence, après la page des signatures, il est inséré une liste ainsi rédigée :\n« Parties ayant adhéré au contrat par "
        "avenant »\n« Mutualité du Jura »",
    ]
    for attendu in attendus:
        assert attendu in corps, attendu
    assert articles[-2].strip() == "Les autres stipulations du contrat demeurent inchangées."
    assert "prend effet à la date de sa signature" in articles[-1]
    # The rewritten table is quoted in full, 2024 column included; the new party signs.
    document = Document(str(depot / "avenant-1" / "avenant-01.docx"))
    cellules = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "398" in cellules and "41" in cellules
    assert any(c.startswith("Mutualité du Jura\n") for c in cellules)
    # The tableau comparatif: one row per article at least, with the article's number.
    comparatif = document.tables[-1]
    assert [c.text for c in comparatif.rows[0].cells] == ["Article", "Stipulation", "Rédaction en vigueur",
                                                          "Rédaction modifiée"]
    assert {r.cells[0].text for r in comparatif.rows[1:]} == {f"Article {k}" for k in range(2, 7)}
    assert PdfReader(depot / "avenant-1" / "avenant-01.pdf").metadata.title.startswith("Avenant n°\u00a01")
    # Nothing of the sources' internals is printed: no code, no YAML key, no path separator.
    imprime = "\n".join(paragraphes + cellules)
    assert not re.findall(r"›|code:|ref:|§|criteres_evaluation|demandeurs-t2|acces-insertion-emploi|mutualite-jura", imprime)


@pytest.fixture(scope="module")
def avenant_2(depot: Path) -> Path:
    """Avenant n° 2 written once (DOCX, PDF, comparison) into ``depot/avenant-2``."""
    dist = depot / "avenant-2"
    fini = lancer("avenant", "--dist", str(dist), cwd=depot)
    assert fini.returncode == 0, fini.stderr
    return dist


def test_avenant_2_suppression_deplacement_reprise_alinea_et_annexe(depot: Path, avenant_2: Path) -> None:
    dist = avenant_2
    articles = [a.replace("\u00a0", " ").replace("\u202f", " ")
                for a in _articles(_texte_docx(dist / "avenant-02.docx")).values()]
    corps = "\n".join(articles)
    assert "dans le tableau, la ligne « Lien ville/quartier » est placée après la ligne « Aménagement des équipements »" in corps
    assert ("Les mentions « Favoriser les projets pour sensibiliser sur les conduites à risques », « Lutter contre les "
            "trafics en supprimant les points de deal » et « Accompagner les plus jeunes pour leur éviter d'être approchés "
            "par les dealers », qui figuraient au chapitre IV « Les enjeux pour la nouvelle contractualisation », à "
            "l'enjeu 4 « Prévention/Sécurité/Ambition particulière sur la jeunesse », dans le tableau, à la ligne « Lutter "
            "contre les trafics », dans la colonne « Objectifs généraux », sont placées à la ligne « Maintenir la sécurité "
            "des biens, le partage de l'espace public », dans la colonne « Objectifs généraux »") in corps
    assert "dans le tableau, la ligne « Lutter contre les trafics » est supprimée." in corps
    assert ("la mention « Nombre de jeunes repérés par la vidéo surveillance » est ainsi rédigée : "
            "« Nombre d'interventions consécutives à la vidéoprotection »") in corps
    assert ("Au chapitre V « Evaluation », le sixième alinéa est ainsi rédigé : « Le Contrat de ville a fait l'objet "
            "d'une évaluation intermédiaire présentée au comité de pilotage du 18 juin 2026 ; son évaluation finale "
            "aura lieu en 2030. »") in corps
    assert ("Au chapitre VII « Annexes », après l'annexe n° 1 « LES MESURES DU COMITE INTERMINISTERIEL DE LA VILLE du 27 "
            "octobre 2023 », il est inséré une annexe ainsi rédigée et le document joint au présent avenant :") in corps
    # Consequences stated: the annexes after it are renumbered, and the citations of their numbers in chapter III.
    assert "« ANNEXE N°2 : Concertation habitants » devient « ANNEXE N°3 : Concertation habitants »" in corps
    assert "« 1) Synthèse de la concertation habitants (Annexe n°3) »" in corps
    assert "Vu l'avenant n° 1 au contrat de ville, signé le 3 juillet 2025 ;" in [
        " ".join(p.split()) for p in _texte_docx(dist / "avenant-02.docx")]
    # The new annex is joined to the avenant.
    texte = "\n".join(textes_pdf(dist / "avenant-02.pdf"))
    assert "Perimetre du QPV Mesnils Pasteur" in texte
    # Every word that appears in or disappears from the printed contract is printed in the avenant.
    from collections import Counter

    from contrat.impression.unites import imprimer, lignes, page_signatures

    def version(ref: str):  # noqa: ANN202
        return valider_dossier(extraire(depot, ref, dist / "versions" / ref)).contrat

    signe, un, deux = version("contrat-signe"), version("avenant-1"), valider_dossier(depot / "sources").contrat
    mots = lambda lignes_: Counter(re.findall(r"\w+", "\n".join(lignes_)))  # noqa: E731
    avant = mots(lignes(imprimer(un, page_signatures(un, signe))))
    apres = mots(lignes(imprimer(deux, page_signatures(deux, signe))))
    document = Document(str(dist / "avenant-02.docx"))
    imprime = mots([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows
                                                             for c in r.cells])
    assert {m for m in avant | apres if avant[m] != apres[m]} - set(imprime) == set()


def test_erreurs_claires(depot: Path, tmp_path: Path) -> None:
    fini = lancer("diff", "avenant-9", cwd=depot)
    assert fini.returncode == 2
    assert "la version « avenant-9 » n'existe pas dans le dépôt (versions signées : contrat-signe, avenant-1)" in fini.stderr
    # A signed avenant's sources edited afterwards.
    fichier = depot / "sources" / "avenants" / "avenant-01.yaml"
    original = fichier.read_text(encoding="utf-8")
    fichier.write_text(original.replace("12 juin 2025", "13 juin 2025"), encoding="utf-8")
    try:
        fini = lancer("avenant", "--dist", str(tmp_path), cwd=depot)
        assert fini.returncode == 2
        assert "l'avenant n° 1 est signé (étiquette « avenant-1 ») ; ses sources ne peuvent plus être modifiées" in fini.stderr
    finally:
        fichier.write_text(original, encoding="utf-8")
    assert "Traceback" not in fini.stderr


def test_etiquette_deplacee_apres_signature(depot: Path, tmp_path: Path) -> None:
    clone = cloner(depot, tmp_path / "clone")
    message = git(clone, "tag", "-l", "--format=%(contents)", "contrat-signe")
    git(clone, "tag", "-d", "contrat-signe")
    git(clone, "tag", "-a", "contrat-signe", "avenant-1", "-m", message)  # same message, other sources
    fini = lancer("diff", cwd=clone)
    assert fini.returncode == 2
    assert "les sources de la version signée « contrat-signe » ont été modifiées après signature" in fini.stderr


def test_pas_de_changement(depot: Path, tmp_path: Path) -> None:
    clone = cloner(depot, tmp_path / "clone")
    git(clone, "checkout", "-q", "avenant-1")
    assert "Aucun changement depuis « avenant-1 »." in lancer("diff", cwd=clone).stdout
    (clone / "sources" / "avenants" / "avenant-02.yaml").write_text(
        (depot / "sources" / "avenants" / "avenant-02.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    fini = lancer("avenant", "--dist", str(tmp_path / "d"), cwd=clone)
    assert fini.returncode == 2
    assert "aucun changement du contrat imprimé depuis « avenant-1 » : l'avenant serait vide" in fini.stderr


@pytest.fixture(scope="module")
def versions_construites(depot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contract in force on 1 August 2025 (avenant n° 1) and the consolidated one (avenant n° 2 in
    progress), built once into one folder."""
    dist = tmp_path_factory.mktemp("versions")
    fini = lancer("--dist", str(dist), "--a-la-date", "2025-08-01", cwd=depot)
    assert fini.returncode == 0, fini.stderr
    assert "Version en vigueur le 01/08/2025 : « avenant-1 »" in fini.stdout
    consolide = lancer("--dist", str(dist), cwd=depot)
    assert consolide.returncode == 0, consolide.stderr
    return dist


def test_aucune_version_en_vigueur_avant_la_signature(depot: Path, tmp_path: Path) -> None:
    avant = lancer("--dist", str(tmp_path), "--a-la-date", "2024-01-01", cwd=depot)
    assert avant.returncode == 2 and "aucune version signée n'était en vigueur le 01/01/2024" in avant.stderr
    assert not list(tmp_path.iterdir())


def test_contrat_a_la_date(versions_construites: Path) -> None:
    cellules = [c.text for t in Document(str(versions_construites / "contrat-de-ville-au-2025-08-01.docx")).tables
                for r in t.rows for c in r.cells]
    assert "398" in cellules  # avenant n° 1 is in force, avenant n° 2 is not
    assert any("Lutter contre les trafics" in c for c in cellules)
    premiere = " ".join(textes_pdf(versions_construites / "contrat-de-ville-au-2025-08-01.pdf", slice(0, 1))[0].split())
    assert "Version consolidée intégrant l'avenant n° 1 signé le 3 juillet 2025 — version en vigueur au 1er août 2025" in premiere


def test_version_consolidee(versions_construites: Path) -> None:
    pdf = versions_construites / "contrat-de-ville.pdf"
    texte = " ".join(textes_pdf(pdf, slice(0, 1))[0].split())
    assert "Version consolidée intégrant l'avenant n° 2 du comité de pilotage du 18 juin 2026 (projet)" in texte
    assert "Avenant n° 1" in texte and "signé le 3 juillet 2025" in texte and "Prise d'effet" in texte
    # The signature page stays as signed (who, where, when); the party that joined is listed after it.
    fin = " ".join(" ".join(textes_pdf(pdf, slice(-2, None))).split())
    assert "Fait à Dole, le 28 juin 2024, en 9 exemplaires originaux." in fin
    assert "Parties ayant adhéré au contrat par avenant" in fin and "Mutualité du Jura" in fin


def _bandeau_et_historique(page: Path) -> tuple[str, list[list[str]]]:
    """The web page's version line and the rows of its history of versions, as a reader gets them."""
    from lxml import html as lhtml
    racine = lhtml.fromstring(page.read_bytes())
    version = " ".join(racine.xpath("string(//header//p[@class='version'])").split())
    tables = racine.xpath("//header//table[caption='Historique des versions']")
    lignes = [[" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")] for t in tables for tr in t.xpath(".//tr")]
    return version, lignes


def test_editions_web_consolidee_et_en_vigueur_a_une_date(versions_construites: Path) -> None:
    """Each edition is published as a site of its own beside its PDF, its banner the line its cover
    prints, its history of versions a table with header cells, the words of the PDF's cover."""
    for nom, versions in (("contrat-de-ville", 3), ("contrat-de-ville-au-2025-08-01", 2)):
        site = versions_construites / ("web" if nom == "contrat-de-ville" else f"{nom}-web")
        version, lignes = _bandeau_et_historique(site / "index.html")
        couverture = " ".join(textes_pdf(versions_construites / f"{nom}.pdf", slice(0, 1))[0].split())
        assert version and version in couverture
        assert lignes[0] == ["Version", "Comité de pilotage", "Signature", "Prise d'effet"]
        assert len(lignes) == 1 + versions
        for ligne in lignes:
            assert " ".join(x for x in ligne if x) in couverture
        assert lignes[-1][0] == f"Avenant n° {versions - 1}"
    # A chapter's page says which version it is; the history is on the whole contract's page.
    site = versions_construites / "contrat-de-ville-au-2025-08-01-web"
    assert _bandeau_et_historique(site / "chapitre-enjeux.html") == (_bandeau_et_historique(site / "index.html")[0], [])
    assert _bandeau_et_historique(site / "index.html")[1][-1] == ["Avenant n° 1", "12 juin 2025", "signé le 3 juillet 2025",
                                                                  "3 juillet 2025"]


def test_edition_web_de_l_avenant_liee_au_contrat_consolide(avenant_2: Path, versions_construites: Path) -> None:
    """The avenant's web page says what its DOCX says, in the same order, and each article that
    changes the contract links to the place it changes in the consolidated contract's web edition
    (built from the same sources): the page and its anchor exist there."""
    from lxml import html as lhtml
    page = lhtml.fromstring((avenant_2 / "avenant-02-web" / "index.html").read_bytes())
    mots = lambda t: " ".join(t.replace("\u00a0", " ").replace("\u202f", " ").split())  # noqa: E731
    web = mots(" ".join(x.text_content() for x in page.xpath("//main//*[self::h2 or self::h3 or self::p or self::li]"
                                                                "[not(ancestor-or-self::*[@class='consolide'])]"
                                                                "[not(ancestor::blockquote)][not(ancestor::li)]")))
    docx = [mots(p) for p in _texte_docx(avenant_2 / "avenant-02.docx") if p.strip()]
    debut = docx.index("Entre les soussignés :")
    fin = next(k for k, p in enumerate(docx) if p.startswith("Fait à"))
    position = 0
    for paragraphe in docx[debut:fin]:  # the DOCX's words, in its order (quotations between « » aside)
        if paragraphe.startswith("« ") or paragraphe == "(document joint au présent avenant)":
            continue
        trouve = web.find(paragraphe, position)
        assert trouve >= 0, f"absent ou dans le désordre : {paragraphe}"
        position = trouve + len(paragraphe)
    articles = page.xpath("//main//h3[starts-with(., 'Article ')]")
    liens = {h.text_content(): h.xpath("following-sibling::*[1][@class='consolide']//a/@href") for h in articles}
    assert len(articles) == len(_articles(_texte_docx(avenant_2 / "avenant-02.docx")))
    changes = [t for t in liens if "–" not in t]  # « Article 1 – Objet » and the closing ones change nothing
    assert changes and all(len(liens[t]) == 1 for t in changes)
    assert not any(liens[t] for t in liens if "–" in t)
    cibles = {}
    for t in changes:
        fichier, _, ancre = liens[t][0].partition("#")
        assert fichier.startswith("../web/")
        cible = versions_construites / "web" / fichier.removeprefix("../web/")
        assert cible.is_file(), liens[t][0]
        assert not ancre or lhtml.fromstring(cible.read_bytes()).get_element_by_id(ancre) is not None, liens[t][0]
        cibles[t] = liens[t][0]
    # Each row of the comparison table links to its article.
    renvois = page.xpath("//table[caption='Annexe – Tableau comparatif']//th[@scope='row']/a")
    assert renvois and all(page.get_element_by_id(a.get("href")[1:]).text_content().split(" –")[0] == a.text_content()
                           for a in renvois)
    # The sixth alinéa of chapter V is in that chapter; the rows of enjeu 4's table, in the enjeux.
    texte = {h.text_content(): mots(" ".join(x.text_content() for x in h.xpath("following-sibling::p[position() < 3]")))
             for h in articles}
    evaluation = next(t for t in changes if "chapitre V « Evaluation », le sixième alinéa" in texte[t])
    assert cibles[evaluation].startswith("../web/chapitre-evaluation.html#")
    trafics = next(t for t in changes if "la ligne « Lutter contre les trafics » est supprimée" in texte[t])
    assert cibles[trafics].startswith("../web/chapitre-enjeux.html#enjeux/")


def test_les_operations_de_l_avenant_appliquees_au_docx_en_vigueur_donnent_le_docx_consolide(
        depot: Path, versions_construites: Path, tmp_path: Path) -> None:
    """The invariant on the documents themselves: avenant n° 2's operations, applied to the text in
    force (avenant n° 1, as its DOCX prints it), give the consolidated DOCX line for line."""
    from contrat.amendements.avenant import Versions
    from contrat.amendements.operations import appliquer
    from contrat.amendements.redaction import Redaction, operations
    from contrat.impression.unites import lignes

    from texte_imprime import lignes_imprimees_docx

    def imprime(docx: Path) -> list[str]:
        texte = lignes_imprimees_docx(docx.read_bytes())  # the running header first, as the tree has it
        debut = next(i for i, l in enumerate(texte) if l.startswith("Quartier prioritaire"))
        return texte[:debut + 1] + texte[texte.index("SOMMAIRE") + 1:]  # cover's version block and sommaire

    versions = {ref: valider_dossier(extraire(depot, ref, tmp_path / ref)).contrat
                for ref in ("contrat-signe", "avenant-1")}
    v = Versions(versions["avenant-1"], valider_dossier(depot / "sources").contrat, None, "avenant-1",
                 initial=versions["contrat-signe"])
    signe_imprime, consolide_imprime = v.imprimes()
    assert lignes(signe_imprime) == imprime(versions_construites / "contrat-de-ville-au-2025-08-01.docx")
    articles = Redaction(signe_imprime, consolide_imprime).articles_verifies()
    assert lignes(appliquer(signe_imprime, operations(articles))) == imprime(versions_construites / "contrat-de-ville.docx")


@pytest.mark.parametrize("pdf", ["contrat-de-ville-au-2025-08-01.pdf", "contrat-de-ville.pdf"])
def test_verify_reconstruit_chaque_version_a_partir_de_ses_sources(depot: Path, versions_construites: Path,
                                                                   pdf: str) -> None:
    """Both verify against a rebuild of their own embedded sources (the point-in-time day recorded)."""
    verification = lancer("verify", str(versions_construites / pdf), cwd=depot)
    assert verification.returncode == 0, verification.stdout + verification.stderr
    assert "identique octet pour octet à la reconstruction de ses propres sources" in verification.stdout
    assert "désigne maintenant" not in verification.stdout


def test_une_etiquette_deplacee_depuis_le_pdf_est_signalee(depot: Path, versions_construites: Path,
                                                            tmp_path: Path) -> None:
    """In a repository where the tag « avenant-1 » was moved since, verify says so."""
    from contrat.application.verification import etiquette_deplacee
    from contrat.confiance.archive import lire_metadonnees

    clone = cloner(depot, tmp_path / "clone")
    meta = lire_metadonnees(versions_construites / "contrat-de-ville-au-2025-08-01.pdf")
    assert meta["Version"] == "avenant-1"
    assert etiquette_deplacee(clone / "sources", meta) is None
    git(clone, "tag", "-f", "avenant-1", "contrat-signe")
    alerte = etiquette_deplacee(clone / "sources", meta)
    assert alerte is not None and alerte.startswith("l'étiquette « avenant-1 » du dépôt désigne maintenant le commit")


def test_contrat_signe_a_la_date(depot: Path) -> None:
    """A point-in-time build of the signed contract says when it was signed and the day shown."""
    import datetime as dt

    from contrat.application.construction import OptionsConstruction, construire_a_la_date

    from texte_imprime import lignes_docx

    etiquette, construction = construire_a_la_date(depot / "sources", dt.date(2024, 7, 1), OptionsConstruction(pdf=False))
    assert etiquette == "contrat-signe"
    assert list(construction.fichiers) == ["contrat-de-ville-au-2024-07-01.docx"]
    couverture = lignes_docx(construction.fichiers["contrat-de-ville-au-2024-07-01.docx"])[:12]
    assert "Contrat signé le 28 juin 2024 — version en vigueur au 1er juillet 2024" in couverture


def _revisions_tranchees(docx: bytes, gardees: str) -> bytes:
    """The DOCX with its tracked changes accepted (``gardees="ins"``) or rejected (``"del"``), as
    Word does it: rows and paragraphs marked with the other kind go, runs of the other kind go,
    runs of this kind stay (deleted text read again as text when rejecting)."""
    import zipfile
    from io import BytesIO

    from docx.oxml.ns import qn
    from lxml import etree

    otees = "del" if gardees == "ins" else "ins"
    with zipfile.ZipFile(BytesIO(docx)) as z:
        parties = {nom: z.read(nom) for nom in z.namelist()}
    racine = etree.fromstring(parties["word/document.xml"])
    marque = {"w:tr": "w:trPr", "w:p": "w:pPr/w:rPr"}
    for unite, proprietes in marque.items():
        chemin = "/".join(qn(x) for x in f"{proprietes}/w:{otees}".split("/"))
        for e in [e for e in racine.iter(qn(unite)) if e.find(chemin) is not None]:
            e.getparent().remove(e)
    for e in list(racine.iter(qn(f"w:{otees}"))):
        e.getparent().remove(e)
    for e in list(racine.iter(qn(f"w:{gardees}"))):
        parent = e.getparent()
        for enfant in reversed(list(e)):
            e.addnext(enfant)
        parent.remove(e)
    if gardees == "del":
        for ancien, nouveau in (("w:delText", "w:t"), ("w:delInstrText", "w:instrText")):
            for e in racine.iter(qn(ancien)):
                e.tag = qn(nouveau)
    parties["word/document.xml"] = etree.tostring(racine, xml_declaration=True, encoding="UTF-8", standalone=True)
    sortie = BytesIO()
    with zipfile.ZipFile(sortie, "w") as z:
        for nom, contenu in parties.items():
            z.writestr(nom, contenu)
    return sortie.getvalue()


def _paragraphes_marques(docx: bytes) -> int:
    """Paragraphs with text that carry a tracked change (in their runs, their mark or their row)."""
    import zipfile
    from io import BytesIO

    from docx.oxml.ns import qn
    from lxml import etree

    with zipfile.ZipFile(BytesIO(docx)) as z:
        racine = etree.fromstring(z.read("word/document.xml"))
    marques = (qn("w:ins"), qn("w:del"))

    def marque(p: etree._Element) -> bool:
        rangees = p.iterancestors(qn("w:tr"))
        return any(True for _ in p.iter(*marques)) or any(e.tag in marques for tr in rangees
                                                           for e in tr.findall(f"{qn('w:trPr')}/*"))

    return sum(1 for p in racine.iter(qn("w:p"))
               if "".join(t.text or "" for t in p.iter(qn("w:t"), qn("w:delText"))).strip() and marque(p))


def test_la_comparaison_en_suivi_des_modifications_montre_chaque_changement(depot: Path, avenant_2: Path,
                                                                            tmp_path: Path) -> None:
    """The comparison joined to avenant n° 2, in printed terms: its tracked changes rejected, it
    prints the contract in force (avenant n° 1) line for line; accepted, the consolidated contract.
    So every line the avenant changes is marked, tables and moved rows included."""
    from contrat.amendements.avenant import Versions
    from contrat.impression.unites import lignes

    from texte_imprime import lignes_imprimees_docx

    def imprime(docx: bytes) -> list[str]:
        texte = lignes_imprimees_docx(docx)  # the running header first, as the tree has it
        debut = next(i for i, l in enumerate(texte) if l.startswith("Quartier prioritaire"))
        return texte[:debut + 1] + texte[texte.index("SOMMAIRE") + 1:]  # cover's version block and sommaire

    redline = (avenant_2 / "avenant-02-comparaison.docx").read_bytes()
    signe, un = (valider_dossier(extraire(depot, ref, tmp_path / ref)).contrat for ref in ("contrat-signe", "avenant-1"))
    en_vigueur, consolide = Versions(un, valider_dossier(depot / "sources").contrat, None, "avenant-1",
                                     initial=signe).imprimes()
    avant, apres = lignes(en_vigueur), lignes(consolide)
    assert len(set(avant) ^ set(apres)) >= 8  # the avenant changes rows, mentions, an alinéa, an annex
    assert imprime(_revisions_tranchees(redline, "del")) == avant
    assert imprime(_revisions_tranchees(redline, "ins")) == apres
    # Only the changes are marked: a redline deleting and reinserting everything would also pass the
    # two lines above (the cover's version history and the list of annexes, with page fields, add a few).
    changees = sum(i2 - i1 + j2 - j1 for op, i1, i2, j1, j2 in
                   difflib.SequenceMatcher(None, avant, apres, autojunk=False).get_opcodes() if op != "equal")
    assert 0 < _paragraphes_marques(redline) <= 2 * changees


def test_avenant_3_annexe_remplacee(depot: Path, tmp_path: Path) -> None:
    """On a clone: avenant n° 2 signed, then the map annex replaced by a new file."""
    clone = cloner(depot, tmp_path / "clone")
    dater_signature(clone / "sources" / "avenants" / "avenant-02.yaml", "2026-07-02")
    enregistrer(clone, "Avenant n° 2 signé")
    figer(clone, "2026-07-02")
    scenarios.avenant_3(clone / "sources")
    enregistrer(clone, "Avenant n° 3")
    fini = lancer("avenant", "--dist", str(tmp_path / "dist"), cwd=clone)
    assert fini.returncode == 0, fini.stderr
    articles = [a.replace("\u00a0", " ").replace("\u202f", " ")
                for a in _articles(_texte_docx(tmp_path / "dist" / "avenant-03.docx")).values()]
    assert len(articles) == 4
    assert articles[1].strip() == ("L'annexe n° 2 « Carte du périmètre du quartier prioritaire » est remplacée par "
                                   "le document joint au présent avenant.")
    texte = "\n".join(textes_pdf(tmp_path / "dist" / "avenant-03.pdf"))
    assert "mise a jour 2027" in texte


def test_le_manifeste_de_chaque_version_signee_est_enregistre_avec_elle(depot: Path, tmp_path: Path) -> None:
    for etiquette in ("contrat-signe", "avenant-1"):
        manifeste = json.loads(git(depot, "show", f"{etiquette}:versions/{etiquette}.json"))
        assert manifeste["version"] == etiquette
        assert manifeste["sources"]["contrat.yaml"]
    clone = cloner(depot, tmp_path / "clone")
    manifeste = clone / "versions" / "contrat-signe.json"
    contenu = json.loads(manifeste.read_text(encoding="utf-8"))
    contenu["sources"]["contrat.yaml"] = "0" * 64
    manifeste.write_text(json.dumps(contenu), encoding="utf-8")
    fini = lancer("diff", cwd=clone)
    assert fini.returncode == 2
    assert ("les sources de la version signée « contrat-signe » ne correspondent plus à son manifeste "
            "(versions/contrat-signe.json) : contrat.yaml") in fini.stderr


def test_l_apercu_de_la_demande_de_fusion_montre_l_avenant_et_les_pages_changees(depot: Path, construit,
                                                                               tmp_path: Path) -> None:
    """What the workflow uploads for reviewers: the avenant's files and page images, and images of
    the consolidated contract's pages that differ from the signed one (outils/apercu.py)."""
    import shutil
    import subprocess
    import sys

    from pypdf import PdfReader

    dist = tmp_path / "dist"
    dist.mkdir()
    for f in (depot / "avenant-1").glob("avenant-*.*"):
        (dist / f.name).write_bytes(f.read_bytes())
    shutil.copytree(depot / "avenant-1" / "avenant-01-web", dist / "avenant-01-web")
    (dist / "contrat-de-ville.pdf").write_bytes((depot / "avenant-1" / "avenant-01.pdf").read_bytes())
    sortie = tmp_path / "apercu"
    fini = subprocess.run([sys.executable, str(RACINE / "outils" / "apercu.py"), str(dist), str(sortie),
                           str(construit.pdf)], capture_output=True, text=True)
    assert fini.returncode == 0, fini.stderr
    pages = len(PdfReader(dist / "avenant-01.pdf").pages)
    assert len(list(sortie.glob("avenant-01-page-*.png"))) == pages
    assert (sortie / "avenant-01-comparaison.docx").is_file() and (sortie / "LISEZMOI.txt").is_file()
    assert (sortie / "avenant-01-web" / "index.html").is_file()
    # Compared with the contract, every page of this « consolidated » stand-in differs.
    assert len(list(sortie.glob("contrat-page-*.png"))) == pages
    # The same PDF on both sides: no page changed, no image.
    sortie2 = tmp_path / "apercu2"
    subprocess.run([sys.executable, str(RACINE / "outils" / "apercu.py"), str(dist), str(sortie2),
                    str(dist / "contrat-de-ville.pdf")], check=True, capture_output=True)
    assert not list(sortie2.glob("contrat-page-*.png"))


def test_le_tableau_comparatif_ne_coupe_pas_les_mots_de_la_stipulation(depot: Path) -> None:
    """The place of an article (« Stipulation ») names enjeux by their long slash-joined titles: its
    column is wide enough for them (4 cm cut « Intégration/Education/Val|eurs »)."""
    texte = subprocess.run(["pdftotext", str(depot / "avenant-1" / "avenant-01.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout
    comparatif = texte[texte.index("Annexe – Tableau comparatif"):]
    assert "« Intégration/Education/Valeurs de la" in comparatif
