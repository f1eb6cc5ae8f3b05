"""The annual report (``build.py rapport ANNEE``): its six parts in the décret's order, its figures
equal to the follow-up data recomputed here with pandas, its charts' alternative texts stating
their numbers, the perspectives listing what is missing or in retreat, the illustrative mention,
the opinions annexed, and the errors of the user's texts and of the year (French, exit 1 or 2).

Built once per module: the second example (a copy, with texts and opinions for 2025) and the
Grand Dole contract as it is.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pikepdf
import pytest
from docx import Document

from conftest import RACINE, lancer, textes_pdf

EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple"
ESPACES = re.compile(r"[\s\u00a0\u202f]+")
W_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
TITRES = ("1. Les orientations du contrat de ville", "2. L'évolution des quartiers prioritaires",
          "3. Les actions menées au cours de l'année", "4. Les perspectives d'évolution",
          "5. L'articulation des volets social, économique et urbain",
          "6. Les actions menées au titre de la dotation de solidarité urbaine")


def _plat(texte: str) -> str:
    return ESPACES.sub(" ", texte.replace("\u2019", "'")).strip()


def _euros(montant: Decimal) -> str:
    """French notation as the report prints it, written independently: « 22 000 € »."""
    return f"{int(montant):,}".replace(",", " ") + " €"


def _nombre(texte: str) -> Decimal:
    """A printed value read back: « 56,2 % » -> 56.2, « 1 519 » -> 1519."""
    return Decimal(re.sub(r"[^\d,\-−]", "", texte).replace(",", ".").replace("−", "-"))


def _pdf_avis(chemin: Path) -> None:
    """A one-page opinion as a PDF, drawn (no text: its fonts would not be embedded), with a
    colour operator the test finds again in the report."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].obj.Contents = pdf.make_stream(b"0.123 0.456 0.789 rg 100 100 300 200 re f")
    pdf.save(chemin)


@pytest.fixture(scope="module")
def exemple(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The second example copied, its 2024 value of one indicator raised (so that 2025 is in
    retreat), the year's texts and two opinions written; its report built once."""
    racine = tmp_path_factory.mktemp("exemple")
    shutil.copytree(EXEMPLE / "sources", racine / "sources")
    shutil.copytree(EXEMPLE / "suivi", racine / "suivi")
    csv = racine / "suivi" / "valeurs" / "2024.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("satisfaction-cadre-vie;2024;QN09901M;ensemble;56,2;",
                                                            "satisfaction-cadre-vie;2024;QN09901M;ensemble;99,5;"),
                   encoding="utf-8")
    annee = racine / "suivi" / "rapports" / "2025"
    (annee / "avis").mkdir(parents=True)
    (annee / "4-perspectives.md").write_text("Le comité de pilotage propose de revoir la cible des créations "
                                             "d'entreprises.\n", encoding="utf-8")
    (annee / "5-articulation.md").write_text("Le volet urbain s'articule avec le **NPNRU** des Hauts de Bellerive.\n",
                                             encoding="utf-8")
    (annee / "avis" / "1-conseil-citoyen.md").write_text("# Avis du conseil citoyen des Hauts de Bellerive\n\n"
                                                         "Le conseil citoyen émet un avis favorable.\n", encoding="utf-8")
    _pdf_avis(annee / "avis" / "2-conseil-municipal.pdf")
    dist = racine / "dist"
    fini = lancer("rapport", "2025", "--sources", str(racine / "sources"), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    pdf = dist / "rapport-2025.pdf"
    return {"racine": racine, "pdf": pdf, "docx": Document(str(dist / "rapport-2025.docx")),
            "pages": [_plat(t) for t in textes_pdf(pdf)], "sortie": fini.stdout}


@pytest.fixture(scope="module")
def grand_dole(tmp_path_factory: pytest.TempPathFactory) -> dict:
    dist = tmp_path_factory.mktemp("dist")
    fini = lancer("rapport", "2025", "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    pdf = dist / "rapport-2025.pdf"
    return {"pdf": pdf, "docx": Document(str(dist / "rapport-2025.docx")), "pages": [_plat(t) for t in textes_pdf(pdf)]}


def _descriptions(document: object) -> dict[str, str]:
    """Each drawing's name -> its alternative text (``wp:docPr/@descr``)."""
    corps = document.element.body  # type: ignore[attr-defined]
    return {e.get("name"): e.get("descr") for e in corps.iter(W_DOCPR)}


def _partie(pages: list[str], rang: int) -> str:
    """The text of part ``rang`` (from its heading to the next one), the cover left out."""
    texte = " ".join(pages[1:])
    debut = texte.index(TITRES[rang - 1])
    fin = texte.index(TITRES[rang], debut) if rang < len(TITRES) else len(texte)
    return texte[debut:fin]


def _tableau(document: object, premiere_entete: str, colonne: str) -> list[tuple[str, str]]:
    """(first cell, cell of ``colonne``) of every row of the tables whose header starts so."""
    lignes = []
    for t in document.tables:  # type: ignore[attr-defined]
        entetes = [c.text for c in t.rows[0].cells]
        if entetes[0] == premiere_entete and colonne in entetes:
            k = entetes.index(colonne)
            lignes += [(r.cells[0].text, r.cells[k].text) for r in t.rows[1:]]
    return lignes


@pytest.mark.pdf
def test_six_parties_dans_l_ordre_et_couverture(exemple: dict) -> None:
    texte = " ".join(exemple["pages"][1:])
    positions = [texte.find(t) for t in TITRES]
    assert -1 not in positions, [t for t, p in zip(TITRES, positions) if p < 0]
    assert positions == sorted(positions)
    assert "Données illustratives" in exemple["pages"][0]
    assert "Rapport annuel 2025 sur la politique de la ville" in exemple["pages"][0]
    # Parts 5 and 6: the user's text, and the DSU part saying it does not apply without one.
    assert "NPNRU des Hauts de Bellerive" in _partie(exemple["pages"], 5)
    assert "Sans objet" in _partie(exemple["pages"], 6) and "6-dsu.md" in _partie(exemple["pages"], 6).replace(" ", "")


@pytest.mark.pdf
def test_valeurs_de_la_grille_egales_aux_donnees(exemple: dict) -> None:
    """Every « Valeur 2025 » of the grid, in order, is the XLSX's (read with pandas)."""
    from contrat.application.sources import verifier

    c = verifier(exemple["racine"] / "sources").contrat
    donnees = pd.read_excel(exemple["racine"] / "suivi" / "valeurs" / "2025.xlsx", dtype=str, engine="openpyxl")
    codes = {q.code_qp: q.code for q in c.quartiers}
    donnees["zone"] = donnees["zone"].map(lambda z: codes.get(z, z))
    attendues = []
    for f in c.indicateurs:
        for q in c.quartiers:
            for sexe in (("ensemble", "femmes", "hommes") if f.par_sexe else ("ensemble",)):
                ligne = donnees[(donnees.indicateur == f.code) & (donnees.zone == q.code) & (donnees.sexe == sexe)]
                if ligne.empty or ligne.iloc[0].statut == "non_transmise":
                    attendues.append("non renseigné")
                elif ligne.iloc[0].statut == "secret":
                    attendues.append("secret statistique")
                else:
                    attendues.append(Decimal(ligne.iloc[0].valeur.replace(",", ".")))
    cellules = [v for _, v in _tableau(exemple["docx"], "Indicateur", "Valeur 2025") if v]  # indicator rows: empty
    imprimees = [_plat(v) if not re.search(r"\d", v) else _nombre(v) for v in cellules]
    assert imprimees == attendues


@pytest.mark.pdf
def test_totaux_par_axe_et_alternative_du_graphique(exemple: dict) -> None:
    """Figure C's data table and its alternative text state the amounts the CSV adds up to."""
    csv = pd.read_csv(exemple["racine"] / "suivi" / "programmation" / "2025.csv", dtype=str)
    for colonne in ("credits_specifiques", "droit_commun"):
        csv[colonne] = csv[colonne].str.replace(r"\s", "", regex=True).map(Decimal)
    totaux = csv.groupby("axe", sort=False)[["credits_specifiques", "droit_commun"]].sum()
    table = [(_plat(a), _plat(v)) for a, v in _tableau(exemple["docx"], "Axe", "Total")]
    assert sorted(v for _, v in table) == sorted(_euros(r.credits_specifiques + r.droit_commun)
                                                 for r in totaux.itertuples())
    alternative = _plat(_descriptions(exemple["docx"])["Figure C. Financements 2025 par axe"])
    for r in totaux.itertuples():
        assert f"{_euros(r.credits_specifiques)} de crédits spécifiques et {_euros(r.droit_commun)} de droit commun" \
            in alternative
    total = sum(totaux.credits_specifiques) + sum(totaux.droit_commun)
    assert f"pour {_euros(total)}" in _partie(exemple["pages"], 3)
    # The alternative text reaches the tagged PDF: LibreOffice exports it as the figure's /Alt.
    with pikepdf.open(exemple["pdf"]) as pdf:
        alts = [str(o.Alt) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
                and "/Alt" in o]
    premier = _euros(totaux.iloc[0].credits_specifiques)
    assert any("Figure C" in _plat(a) and premier in _plat(a) for a in alts), alts


@pytest.mark.pdf
def test_perspectives_listent_non_renseignes_et_reculs(exemple: dict) -> None:
    perspectives = _partie(exemple["pages"], 4)
    non_renseignes = perspectives[perspectives.index("Indicateurs non renseignés"):perspectives.index("Indicateurs en recul")]
    recul = perspectives[perspectives.index("Indicateurs en recul"):]
    # Non transmitted in 2025 (XLSX): the young people spotted, and the children of the PRE.
    assert "Jeunes « invisibles » repérés et accompagnés" in non_renseignes
    assert "Enfants" in non_renseignes and "données attendues de" in non_renseignes
    # 99,5 % in 2024 (raised above), 57,3 % in 2025 at the Hauts de Bellerive.
    assert re.search(r"Habitants satisfaits[^;]*Les Hauts de Bellerive[^;]*: \d+,\d % \(−\d+,\d pt\)", recul), recul
    assert "revoir la cible des créations d'entreprises" in perspectives


@pytest.mark.pdf
def test_avis_annexes_texte_et_pdf(exemple: dict) -> None:
    texte = " ".join(exemple["pages"])
    assert "Avis n° 1 : Avis du conseil citoyen des Hauts de Bellerive" in texte
    assert "Le conseil citoyen émet un avis favorable." in texte
    assert "Avis n° 2 : Conseil municipal" in texte
    assert "réservé:" not in texte  # every reserved page replaced
    with pikepdf.open(exemple["pdf"]) as pdf:
        derniere = pdf.pages[-1]
        contenu = b"".join(s.read_bytes() for s in ([derniere.Contents] if isinstance(derniere.Contents, pikepdf.Stream)
                                                    else derniere.Contents))
        assert b"0.123 0.456 0.789 rg" in contenu
        # The opinion's PDF pages are tagged as figures: the report stays PDF/A-3a.
        assert pdf.open_metadata().pdfa_status == "3A"
        assert "sources-du-contrat.zip" in pdf.attachments
    import page

    assert page.is_pdf_compliant(str(exemple["pdf"]), profile="3a")
    assert page.is_pdf_compliant(str(exemple["pdf"]), profile="ua1")


@pytest.mark.pdf
def test_grand_dole_figure_a_et_illustratif(grand_dole: dict) -> None:
    """Figure A's alternative text states the QPV and EPCI rates of the CSV (women's employment)."""
    donnees = pd.read_csv(RACINE / "suivi" / "valeurs" / "2025.csv", sep=";", dtype=str)
    emploi = donnees[donnees.indicateur == "emploi-femmes"].set_index("zone").valeur
    alternative = _plat(_descriptions(grand_dole["docx"])["Figure A. Les quartiers comparés à leur territoire en 2025"])
    assert f"Taux d'emploi des femmes de 15 à 64 ans : {emploi['mesnils-pasteur']} % dans le QPV contre " \
           f"{emploi['epci']} % dans l'EPCI" in alternative
    assert "Données illustratives" in grand_dole["pages"][0]
    assert "Indicateurs en recul en 2025" in _partie(grand_dole["pages"], 4)
    assert {"Figure B. Valeurs 2024-2025 et cibles", "Figure C. Financements 2025 par axe",
            "Figure D. Actions 2025 par cofinanceur"} <= set(_descriptions(grand_dole["docx"]))
    # Archivable and accessible as the contract is (page-validation, without Java).
    import page

    assert page.is_pdf_compliant(str(grand_dole["pdf"]), profile="3a")
    assert page.is_pdf_compliant(str(grand_dole["pdf"]), profile="ua1")


@pytest.mark.pdf
def test_reproductible(exemple: dict, tmp_path: Path) -> None:
    """The same sources, data and texts: the same DOCX and PDF bytes (charts drawn by other
    processes included)."""
    dist = exemple["pdf"].parent
    fini = lancer("rapport", "2025", "--sources", str(exemple["racine"] / "sources"), "--dist", str(tmp_path))
    assert fini.returncode == 0, fini.stderr
    for nom in ("rapport-2025.docx", "rapport-2025.pdf"):
        assert (tmp_path / nom).read_bytes() == (dist / nom).read_bytes(), nom


def test_markdown_invalide_placé(tmp_path: Path) -> None:
    racine = tmp_path / "exemple"
    shutil.copytree(EXEMPLE / "sources", racine / "sources")
    shutil.copytree(EXEMPLE / "suivi", racine / "suivi")
    annee = racine / "suivi" / "rapports" / "2025"
    annee.mkdir(parents=True)
    (annee / "3-actions.md").write_text("Bilan.\n\nVoir [le site](javascript:void).\n", encoding="utf-8")
    (annee / "conclusion.md").write_text("Texte.\n", encoding="utf-8")
    csv = racine / "suivi" / "valeurs" / "2024.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("sorties-emploi-durable;2024;QN09901M;ensemble;58;",
                                                            "sorties-emploi-durable;2024;QN09901M;ensemble;5x8;"),
                   encoding="utf-8")
    fini = lancer("rapport", "2025", "--sources", str(racine / "sources"), "--dist", str(tmp_path / "dist"))
    assert fini.returncode == 1
    assert "suivi/rapports/2025/3-actions.md:3:1: lien « javascript:void » refusé" in fini.stderr
    assert "suivi/rapports/2025/conclusion.md: fichier inconnu" in fini.stderr
    # The follow-up's errors with the texts', at once.
    assert "suivi/valeurs/2024.csv:2:5: colonne « valeur »" in fini.stderr
    assert "3 erreurs : aucun document produit." in fini.stderr
    assert not (tmp_path / "dist" / "rapport-2025.pdf").exists()


def test_annee_hors_du_contrat_et_revoyure_mal_datee(tmp_path: Path) -> None:
    fini = lancer("rapport", "2035", "--dist", str(tmp_path))
    assert fini.returncode == 2
    assert "année 2035 en dehors de la période du contrat (2024-2030)" in fini.stderr
    fini = lancer("rapport", "2025", "--revoyure", "--dist", str(tmp_path))
    assert fini.returncode == 2 and "la revoyure du contrat a lieu en 2027" in fini.stderr
    fini = lancer("rapport", "20x5")
    assert fini.returncode == 2 and "n'est pas une année" in fini.stderr


def test_revoyure_ecart_a_la_cible_2027_et_cibles_manquees() -> None:
    """The 2027 review, printed from the Grand Dole contract and 2027 values: the column « écart à
    la cible 2027 » and the targets missed listed in part 4 (no LibreOffice needed: the tree)."""
    from contrat.application.sources import verifier
    from contrat.impression.arbre import lignes, parcourir
    from contrat.impression.rapport import DonneesRapport, imprimer_rapport
    from contrat.lecture.rapport import TextesDuRapport
    from contrat.modele.suivi import Suivi, Valeur

    c = verifier(RACINE / "sources").contrat
    valeurs = (Valeur(indicateur="rencontres-gup", annee=2027, zone="mesnils-pasteur", valeur=Decimal(5)),
               Valeur(indicateur="services-proximite-ouverts", annee=2027, zone="mesnils-pasteur", valeur=Decimal(17)))
    arbre = imprimer_rapport(DonneesRapport(c, Suivi(valeurs=valeurs), 2027, TextesDuRapport(RACINE), revoyure=True))
    texte = [_plat(l) for l in lignes(arbre)]
    assert "Revoyure 2027 du contrat de ville" in texte
    assert all("Écart à la cible 2027" in n.entetes for n in parcourir(arbre) if n.cle.startswith("grille-"))
    # 5 meetings for a target of 6 in 2027: missed by one; 17 shops for 16: reached.
    manquees = " ".join(texte[texte.index("Cibles 2027 non atteintes"):])
    assert "Rencontres de la gestion urbaine de proximité (GUP) : 5 pour une cible de 6 (écart : −1)" in manquees
    assert "Commerces et services de proximité" not in manquees
    # Its row: baseline 4 (2023), 5 in 2027, +1 since the baseline, −1 from the 2027 target.
    gup = next(n for n in parcourir(arbre) if n.cle == "rencontres-gup" and n.enfants)
    assert [_plat(x.texte) for x in gup.enfants] == ["4 (2023)", "5", "6 en 2027, 6 en 2030 (à la hausse)", "—", "+1",
                                                      "−1", "en progrès"]


def test_contrat_sans_fiches_ni_suivi(tmp_path: Path) -> None:
    """The minimal contract has neither indicator sheets nor a follow-up folder: both said, exit 1."""
    fini = lancer("rapport", "2024", "--sources", str(RACINE / "tests" / "fixtures" / "minimal" / "sources"),
                  "--dist", str(tmp_path))
    assert fini.returncode == 1
    assert "sources/indicateurs.yaml: aucune fiche d'indicateur" in fini.stderr
    assert "suivi: dossier de suivi absent" in fini.stderr
    assert "2 erreurs : aucun document produit." in fini.stderr
