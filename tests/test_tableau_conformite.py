"""The table of conformity printed in the contract (a chapter ``inclure: conformite``, the second
example's annex): the same review as ``build.py conformite``, in printed terms (no file, no code),
judged by the texts of the signing day (or, unsigned, named by the day of their latest change, so
that the printed contract stays a function of its sources); a change of the sources that changes
a row is a change of the contract an avenant states."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from docx import Document

from conftest import RACINE, lancer, textes_pdf
from depots import copie_des_sources, depot_signe, enregistrer
from scenarios import remplacer

EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple" / "sources"
MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"
TITRE = "Tableau de conformité aux textes"
ENTETES = ["Exigence", "Texte", "Appréciation", "Où dans le contrat"]
CHAPITRE = '  - {code: conformite, titre: "Tableau de conformité", numerote: non, inclure: conformite}\n'


def _copie(tmp_path: Path) -> Path:
    return copie_des_sources(EXEMPLE, tmp_path)


def _sans_lieu_ni_moyens(sources: Path) -> None:
    """The participation body loses its place, means and training (art. 7)."""
    contrat = sources / "contrat.yaml"
    texte = contrat.read_text(encoding="utf-8")
    garde = re.sub(r"\n  (lieu|moyens|formation): [^\n]*(?=\n(?:  \w|\n))", "", texte.split("\nparticipation:", 1)[1])
    contrat.write_text(texte.split("\nparticipation:", 1)[0] + "\nparticipation:" + garde, encoding="utf-8")
    assert "maison des projets" not in contrat.read_text(encoding="utf-8")


def _rangees(sources: Path) -> dict[str, list[str]]:
    """The printed tree's table of conformity: requirement id -> its row's cells."""
    from contrat.application.sources import verifier
    from contrat.impression.arbre import Genre, parcourir
    from contrat.impression.unites import imprimer

    arbre = imprimer(verifier(sources).contrat)
    tableau = next(n for n in parcourir(arbre) if n.genre == Genre.TABLEAU and n.cle == "conformite")
    return {r.cle: [r.texte, *(v.texte for v in r.enfants)] for r in tableau.enfants if r.genre == Genre.LIGNE}


@pytest.fixture(scope="module")
def construit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second example, built: its annex « Tableau de conformité aux textes »."""
    dist = tmp_path_factory.mktemp("tableau") / "dist"
    fini = lancer("--sources", str(EXEMPLE), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr
    return dist


@pytest.mark.pdf
def test_le_tableau_imprime_la_revue_de_la_commande(construit: Path) -> None:
    """Each row of the DOCX's table is the command's line for that requirement: its wording, its
    dated source, its status and detail, its chapter as the sommaire names it."""
    revue = json.loads(lancer("conformite", "--sources", str(EXEMPLE), "--format", "json").stdout)
    assert revue["date_de_reference"] == "2024-06-14"
    tableau = next(t for t in Document(str(construit / "contrat-de-ville.docx")).tables
                   if [c.text for c in t.rows[0].cells] == ENTETES)
    # The writer's typography: non-breaking spaces (« n° 2014-173 »), read back as spaces.
    rangees = [[" ".join(c.text.replace("\u00a0", " ").replace("\u202f", " ").split()) for c in r.cells]
               for r in tableau.rows[1:]]
    assert len(rangees) == len(revue["exigences"]) >= 30
    for x, (exigence, texte, appreciation, ou) in zip(revue["exigences"], rangees):
        assert exigence == x["texte"] and texte == x["source"], x["id"]
        assert appreciation.lower().startswith(x["statut"]), (x["id"], appreciation)
        if x["statut"] != "à attester":
            assert appreciation.endswith(x["detail"]), (x["id"], appreciation)
        if x["statut"] == "manquante":
            assert ou == "—", (x["id"], ou)  # met nowhere (the command says where it looked)
        elif x["chapitre"] and x["chapitre"] not in ("page de signature", "fiches d'indicateurs (non imprimées)"):
            assert ou.endswith(x["chapitre"]), (x["id"], ou)
    par_id = {x["id"]: r for x, r in zip(revue["exigences"], rangees)}
    assert par_id["L7-2"][3] == "V/ La participation des habitants"  # numbered as the sommaire
    assert par_id["L6-1"][3] == "Page des signatures"
    assert par_id["L6-13"][2].startswith("Attestée : par Camille EXEMPLE, cheffe de projet politique de la ville, "
                                         "le 03/06/2024 : convention territoriale globale")
    assert par_id["L1-1"][3] == "IV/ Les objectifs de la loi"  # the chapter that prints the axes' mapping
    assert par_id["EQ-5"][2].startswith("Sans objet : en vigueur à partir du 07/11/2024")
    assert par_id["L8-1"][2].endswith("; écart admis : la convention intercommunale d'attribution sera annexée par "
                                      "avenant après son approbation")


@pytest.mark.pdf
def test_le_pdf_l_imprime_en_termes_imprimes(construit: Path) -> None:
    """In the PDF: the annex after the list of acronyms, its sentence giving the day of the texts
    and the counts; never a file of the sources, a path or a requirement's code."""
    from contrat.conformite.referentiel import EXIGENCES

    pages = textes_pdf(construit / "contrat-de-ville.pdf")
    debut = next(k for k, p in enumerate(pages) if TITRE in p and "Exigence" in p)
    annexe = " ".join(" ".join(pages[debut:]).split())
    assert "Le contrat est rapproché des textes en vigueur le 14/06/2024, date de sa signature." in annexe
    assert re.search(r"Sur 35 exigences applicables : \d+ satisfaites, 1 attestée, \d+ partielles", annexe)
    assert "1 sans objet à cette date" in annexe
    for interdit in (".yaml", ".md", ".png", "sources/", "textes/", "images/", "(s)"):
        assert interdit not in annexe, interdit
    for e in EXIGENCES:
        assert not re.search(rf"(?<![\w-]){re.escape(e.id)}(?![\w-])", annexe), e.id
    sommaire = " ".join(pages[1].split())
    assert TITRE in sommaire


@pytest.mark.pdf
def test_l_edition_web_l_imprime(construit: Path) -> None:
    page = (construit / "web" / "chapitre-conformite.html").read_text(encoding="utf-8")
    assert all(f'<th scope="col">{x}</th>' in page for x in ENTETES)
    assert "Le contrat prévoit un lieu, des moyens de fonctionnement" in page


def test_une_edition_des_sources_change_sa_ligne(tmp_path: Path) -> None:
    """The participation's place, means and training removed: row L7-2 says « Manquante »."""
    s = _copie(tmp_path)
    avant = _rangees(s)["L7-2"]
    assert avant[2].startswith("Satisfaite : ")
    _sans_lieu_ni_moyens(s)
    apres = _rangees(s)["L7-2"]
    assert apres[0] == avant[0]
    assert apres[2] == "Manquante : Conseils citoyens de Bellerive et de Montclair : sans lieu ni moyens ni formation"


def test_le_tableau_ne_nourrit_pas_les_regles(tmp_path: Path) -> None:
    """The table prints the wording « Le contrat s'inscrit dans un projet de territoire. »: the
    rule that looks for those words in the contract reads the sources, not the table."""
    rangees = _rangees(EXEMPLE)
    assert rangees["L6-14"][0] == "Le contrat s'inscrit dans un projet de territoire."
    assert rangees["L6-14"][2].startswith("Manquante")


def test_non_signe_les_textes_du_jour_de_leur_dernier_changement(tmp_path: Path) -> None:
    """Unsigned, the table names the texts by the day their latest change took effect: the same
    sentence whatever the day of the build, until the law changes again."""
    from contrat.application.sources import verifier
    from contrat.conformite.revue import jour_des_textes

    s = _copie(tmp_path)
    remplacer(s / "contrat.yaml", '  date: "2024-06-14"\n', "")
    contrat = verifier(s).contrat
    for aujourd_hui, attendu in ((dt.date(2026, 12, 5), dt.date(2024, 11, 15)), (dt.date(2029, 1, 1), dt.date(2024, 11, 15)),
                                 (dt.date(2024, 9, 1), dt.date(2024, 1, 4))):
        jour = jour_des_textes(contrat, aujourd_hui=aujourd_hui)
        assert (jour.quand, jour.depuis) == (attendu, True)
    rangees = _rangees(s)
    assert rangees["L6-7"][1].startswith("décret n° 2024-1037 du 15/11/2024")
    assert not rangees["EQ-5"][2].startswith("Sans objet")  # the circular of 7/11/2024 applies
    from contrat.impression.arbre import Genre, parcourir
    from contrat.impression.unites import imprimer

    phrase = next(n.texte for n in parcourir(imprimer(contrat)) if n.genre == Genre.ALINEA and n.cle == "appreciation")
    assert phrase.startswith("Le contrat est rapproché des textes dans leur rédaction en vigueur depuis le 15/11/2024.")


def test_un_contrat_sans_le_chapitre_s_imprime_comme_avant() -> None:
    """The Grand Dole does not include the table: nothing of it prints."""
    from contrat.application.sources import verifier
    from contrat.impression.arbre import Genre, parcourir
    from contrat.impression.unites import imprimer

    arbre = imprimer(verifier(RACINE / "sources").contrat)
    assert not any(n.cle == "conformite" and n.genre == Genre.TABLEAU for n in parcourir(arbre))


def test_deux_chapitres_du_tableau_sont_une_erreur(tmp_path: Path) -> None:
    s = _copie(tmp_path)
    remplacer(s / "contrat.yaml", "chapitres:\n", "chapitres:\n" + CHAPITRE)
    fini = lancer("check", "--sources", str(s))
    assert fini.returncode == 1 and "« conformite » est déjà inclus dans un autre chapitre" in fini.stderr


def test_un_sigle_du_commentaire_d_attestation_est_controle(tmp_path: Path) -> None:
    """The attestation's comment prints in the table: its acronyms are checked at its line, the
    attesting person's surname in capitals is not an acronym."""
    s = _copie(tmp_path)
    remplacer(s / "conformite.yaml", "CRTE de la communauté", "CRTE et PCAET de la communauté")
    fini = lancer("check", "--sources", str(s))
    assert fini.returncode == 1
    assert re.search(r"conformite\.yaml:5:\d+: .*attestation n° 1 : sigle « PCAET » absent du registre des sigles",
                     fini.stderr)
    assert "EXEMPLE" not in fini.stderr


def test_le_nom_de_qui_atteste_n_est_pas_un_sigle_ailleurs(tmp_path: Path) -> None:
    """The attesting person's name is not an acronym in their attestation only: a word in
    capitals of « par » printed elsewhere (here the comment) is still checked."""
    s = _copie(tmp_path)
    remplacer(s / "sigles.yaml", '  - {sigle: "CRTE", definition: "Contrat pour la réussite de la transition écologique"}\n',
               "")
    remplacer(s / "conformite.yaml", 'par: "Camille EXEMPLE, cheffe de projet politique de la ville"',
               'par: "la cheffe de projet CRTE"')
    fini = lancer("check", "--sources", str(s))
    assert fini.returncode == 1 and "sigle « CRTE » absent du registre des sigles" in fini.stderr, fini.stderr


@pytest.mark.pdf
def test_un_changement_de_ligne_est_un_article_de_l_avenant(tmp_path: Path) -> None:
    """Signed, then the participation body loses its place, means and training: the avenant states
    the participation's rows and the row of the table of conformity, in printed terms."""
    depot = depot_signe(tmp_path / "depot", EXEMPLE, "2024-06-14")
    _sans_lieu_ni_moyens(depot / "sources")
    fini = lancer("diff", "--format", "json", cwd=depot)
    assert fini.returncode == 0, fini.stderr
    textes = [" ".join(a["texte"]) for a in json.loads(fini.stdout)["articles"]]
    assert any("Tableau de conformité aux textes" in t and "tableau de conformité" in t
               and "« Le contrat prévoit un lieu, des moyens de fonctionnement et des actions de formation pour le "
                   "conseil citoyen. »" in t for t in textes), textes
    assert not any(".yaml" in t or "L7-2" in t for t in textes)


def test_un_tableau_signe_selon_d_autres_regles_est_signale(tmp_path: Path) -> None:
    """The signed version's manifest records which rules judged its table; when this engine's
    differ, diff says that the table printed again may differ from the signed text without any
    change of the sources (and no article states it)."""
    from contrat.conformite.revue import empreinte_de_la_revue

    depot = depot_signe(tmp_path / "depot", EXEMPLE, "2024-06-14")
    manifeste = depot / "versions" / "contrat-signe.json"
    enregistre = json.loads(manifeste.read_text(encoding="utf-8"))
    assert enregistre["revue_de_conformite"] == empreinte_de_la_revue()
    meme = lancer("diff", cwd=depot)
    assert meme.returncode == 0 and "avertissement" not in meme.stderr, meme.stderr
    enregistre["revue_de_conformite"] = "0" * 64  # signed by another version of the rules
    manifeste.write_text(json.dumps(enregistre, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    enregistrer(depot, "Manifeste d'une signature par un autre moteur")
    autre = lancer("diff", cwd=depot)
    assert autre.returncode == 0, autre.stderr
    assert ("avertissement : le tableau de conformité de « contrat-signe » a été signé selon d'autres règles de "
            "conformité que celles de ce moteur") in autre.stderr
    assert "Aucun changement depuis « contrat-signe »." in autre.stdout


def test_sans_le_tableau_le_manifeste_ne_dit_rien_de_la_revue(tmp_path: Path) -> None:
    depot = depot_signe(tmp_path / "depot", MINIMAL, "2024-07-01")
    assert "revue_de_conformite" not in json.loads((depot / "versions" / "contrat-signe.json").read_text())
