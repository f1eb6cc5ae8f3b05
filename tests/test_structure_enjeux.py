"""A contract's own structure of enjeux (``exemples/rives-de-l-exemple``): piliers above the
enjeux, an introduction per enjeu, the columns the contract declares, cells it allows empty; as
printed (the DOCX read back)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Emu

from contrat.controles.dossier import valider_dossier
from contrat.impression.numerotation import plan
from contrat.rendu.docx import OptionsRendu, rendre_docx

from conftest import RACINE

EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple" / "sources"
ENTETES = ["Orientations", "Objectifs opérationnels", "Pilote", "Partenaires", "Quartiers concernés", "Indicateurs"]


@pytest.fixture(scope="module")
def document():  # noqa: ANN201 - python-docx document
    contrat = valider_dossier(EXEMPLE).contrat
    options = OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx", dossier_sources=EXEMPLE)
    return Document(BytesIO(rendre_docx(contrat, options)))


def _cellules(rang) -> list[str]:  # noqa: ANN001
    return [" ".join(c.text.split()) for c in rang.cells]


def _paragraphes(document) -> list:  # noqa: ANN001
    """Every paragraph in order, those of tables included (a group of signatories' heading is
    the first row of its table, repeated on the next page)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, document) for p in document.element.body.iter(qn("w:p"))]


def test_les_enjeux_sont_sous_leurs_piliers_avec_leur_introduction(document) -> None:
    titres = [(p.style.name, p.text) for p in _paragraphes(document) if p.style.name in ("Heading 2", "Heading 3")]
    # From the enjeux to the governance chapter (figures before, signature groups after).
    titres = titres[titres.index(("Heading 2", "1) Cohésion sociale")):titres.index(("Heading 3", "Pour l'État"))]
    assert titres == [
        ("Heading 2", "1) Cohésion sociale"), ("Heading 3", "1.1) La réussite éducative"), ("Heading 3", "1.2) La santé"),
        ("Heading 2", "2) Emploi et développement économique"),
        ("Heading 3", "2.1) L'emploi et l'insertion professionnelle"),
        ("Heading 2", "3) Cadre de vie et renouvellement urbain"),
        ("Heading 3", "3.1) Le cadre de vie et la tranquillité publique"),
        ("Heading 2", "1) Le comité de pilotage"), ("Heading 2", "2) Le comité technique")]
    textes = [p.text for p in document.paragraphs]
    emploi = textes.index("2.1) L'emploi et l'insertion professionnelle")
    assert textes[emploi + 1].startswith("Le taux de chômage des quartiers est plus du double")
    assert textes[textes.index("1) Cohésion sociale") + 1].startswith("La cohésion sociale rassemble")
    # The sommaire lists the piliers (level 2), not the enjeux under them.
    contrat = valider_dossier(EXEMPLE).contrat
    niveau_2 = [i.texte for i in plan(contrat, "Signataires") if i.niveau == 2]
    assert niveau_2[:3] == ["1) Cohésion sociale", "2) Emploi et développement économique",
                            "3) Cadre de vie et renouvellement urbain"]


def test_les_tableaux_ont_les_colonnes_du_contrat_et_tiennent_dans_la_page(document) -> None:
    # The second example prints each enjeu's title above its table only (``titre_dans_le_tableau:
    # non``): a table's first row is its headers.
    tableaux = [t for t in document.tables if _cellules(t.rows[0]) == ENTETES]
    assert len(tableaux) == 4
    for t in tableaux:
        largeur = sum(int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"))
                      for c in t._tbl.tblGrid)
        assert Emu(largeur * 635).cm <= 17.01  # twips -> EMU
        assert all(len(r.cells) == 6 for r in t.rows)
    sante = next(t for t in tableaux if _cellules(t.rows[1])[0] == "Faciliter l'accès aux soins")
    # The column « Quartiers concernés » is optional: empty here, the indicators stay in theirs.
    assert _cellules(sante.rows[1]) == ["Faciliter l'accès aux soins", "Développer la médiation en santé", "ARS",
                                        "CPAM Département", "",
                                        "Nombre de personnes accompagnées vers un médecin traitant"]
    emploi = next(t for t in tableaux if _cellules(t.rows[1])[0] == "Accompagner les jeunes vers l'emploi")
    assert _cellules(emploi.rows[1])[2:5] == ["France Travail", "Mission locale CARE", "Les cinq quartiers"]


def test_le_contrat_du_grand_dole_garde_ses_quatre_colonnes(document) -> None:
    contrat = valider_dossier(RACINE / "sources").contrat
    grand_dole = Document(BytesIO(rendre_docx(contrat, OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx"))))
    tableau = next(t for t in grand_dole.tables if len(t.rows) > 1 and _cellules(t.rows[1])[0] == "Axes de travail")
    assert len(tableau.rows[1].cells) == 5
    largeurs = [round(Emu(int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) * 635).cm, 2)
                for c in tableau._tbl.tblGrid]
    assert largeurs == [2.9, 4.5, 3.2, 3.2, 3.2]


def test_un_avenant_deplace_un_enjeu_d_un_pilier_a_l_autre_et_complete_une_colonne(tmp_path) -> None:  # noqa: ANN001
    from conftest import lancer
    from depots import depot_signe, enregistrer
    from scenarios import remplacer

    sources = depot_signe(tmp_path, EXEMPLE, "2024-06-14") / "sources"
    remplacer(sources / "enjeux.yaml", "  - code: sante\n    pilier: cohesion-sociale", "  - code: sante\n    pilier: cadre-de-vie")
    remplacer(sources / "enjeux.yaml", "        pilote: [ars]", "        pilote: [ars, cpam]")
    (sources / "avenants").mkdir()
    (sources / "avenants" / "avenant-01.yaml").write_text(
        'numero: "1"\nmodifie: "contrat-signe"\ncomite_pilotage: "2025-06-12"\n'
        'objet: "rattacher la santé au cadre de vie"\nexpose_motifs: |\n  Motifs.\nsignature:\n  lieu: "Bellerive"\n',
        encoding="utf-8")
    enregistrer(tmp_path, "avenant")
    diff = lancer("diff", cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    texte = " ".join(diff.stdout.split())
    assert ("L'enjeu 1.2 « La santé », qui figurait au chapitre II « Les enjeux du contrat », au pilier 1 « Cohésion "
            "sociale », est placé au pilier 3 « Cadre de vie et renouvellement urbain »") in texte
    assert "la colonne « Pilote » est complétée par une mention ainsi rédigée : « CPAM »" in texte
    # The avenant is written only if its articles, applied to the signed contract, give the new one.
    fini = lancer("avenant", "--dist", str(tmp_path / "dist"), cwd=tmp_path)
    assert fini.returncode == 0, fini.stderr
    assert (tmp_path / "dist" / "avenant-01.pdf").stat().st_size > 10_000


def test_la_page_des_signatures_groupe_les_signataires_avant_la_liste_des_sigles(document) -> None:
    textes = [p.text for p in _paragraphes(document)]
    titres = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # « signature.avant: sigles »: the signatures, the list of acronyms, then the table of conformity.
    assert titres[-3:] == ["Signataires", "Liste des sigles", "Tableau de conformité aux textes"]
    groupes = [p.text for p in _paragraphes(document) if p.style.name == "Heading 3" and p.text.startswith("Pour ")]
    assert groupes == ["Pour l'État", "Pour les collectivités", "Pour les partenaires institutionnels",
                       "Pour les bailleurs sociaux", "Pour les acteurs économiques", "Pour les habitants"]
    assert textes.index("Pour l'État") < textes.index("Pour les collectivités")
    cellules = [" ".join(c.text.split()) for t in document.tables for r in t.rows for c in r.cells]
    # « représenté(e) par », agreed with the organisation's gender.
    assert "État représenté par le Préfet Pierre EXEMPLE" in cellules
    assert "Région représentée par la Présidente" in cellules


def test_la_couverture_porte_le_logo_du_contrat(document) -> None:
    from docx.oxml.ns import qn

    premier = document.paragraphs[0]
    blips = premier._p.findall(".//" + qn("a:blip"))
    assert len(blips) == 1, "le logo est le premier paragraphe de la couverture"
    image = document.part.related_parts[blips[0].get(qn("r:embed"))]
    assert image.blob == (EXEMPLE / "images" / "logo.png").read_bytes()
    assert document.paragraphs[1].text == "CONTRAT DE VILLE 2024-2030"


ENJEUX_AVEC_OBJECTIFS_OPERATIONNELS = """enjeux:
  - code: emploi
    pilier: emploi-developpement
    titre: "L'emploi"
    axes:
      - code: jeunes
        titre: "Accompagner les jeunes"
        objectifs_operationnels:
          - code: reperer
            titre: "Repérer les jeunes"
            objectifs: [{code: maraudes, texte: "Maraudes éducatives"}]
            pilote: [mission-locale]
            partenaires: [france-travail]
            criteres_evaluation: [{code: reperes, texte: "Jeunes repérés"}]
          - code: accompagner
            titre: "Accompagner vers l'emploi"
            objectifs: [{code: cej, texte: "Contrat d'engagement jeune"}]
            pilote: [france-travail]
            partenaires: [care]
            criteres_evaluation: [{code: sorties, texte: "Sorties en emploi"}]
      - code: creation
        titre: "Soutenir la création"
        objectifs_operationnels:
          - code: informer
            titre: "Informer les habitants"
            objectifs: [{code: permanences, texte: "Permanences"}]
            pilote: [cci]
            partenaires: [cma]
            criteres_evaluation: [{code: creations, texte: "Entreprises créées"}]
"""


def _avec_objectifs_operationnels(tmp_path: Path) -> Path:
    import shutil

    sources = tmp_path / "sources"
    shutil.copytree(EXEMPLE, sources)
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace(
        '  axe: "Orientations"\n', '  axe: "Orientations"\n  sous_axe: "Objectifs opérationnels"\n'), encoding="utf-8")
    (sources / "enjeux.yaml").write_text(ENJEUX_AVEC_OBJECTIFS_OPERATIONNELS, encoding="utf-8")
    (sources / "indicateurs.yaml").unlink()  # its sheets measure the criteria this rewrite removes
    return sources


def test_les_objectifs_operationnels_ont_chacun_leur_ligne_sous_la_cellule_fusionnee_de_l_axe(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    from contrat.impression.unites import imprimer, lignes

    from texte_imprime import lignes_imprimees_docx

    sources = _avec_objectifs_operationnels(tmp_path)
    contrat = valider_dossier(sources).contrat
    octets = rendre_docx(contrat, OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx", dossier_sources=sources))
    docx = lignes_imprimees_docx(octets)
    docx.remove("SOMMAIRE")
    assert lignes(imprimer(contrat)) == docx  # what an avenant is computed from is what prints
    document = Document(BytesIO(octets))
    # The second example prints the enjeu's title above its table only: its first row is its headers.
    tableau = next(t for t in document.tables if any(_cellules(r)[1:2] == ["Repérer les jeunes"] for r in t.rows))
    assert _cellules(tableau.rows[0])[:3] == ["Orientations", "Objectifs opérationnels", "Objectifs opérationnels"]
    rangs = tableau.rows[1:]
    assert [_cellules(r)[1] for r in rangs] == ["Repérer les jeunes", "Accompagner vers l'emploi",
                                                 "Informer les habitants"]
    fusions = [r._tr.find(qn("w:tc")).find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for r in rangs]
    assert fusions[0].get(qn("w:val")) == "restart" and fusions[1] is not None and fusions[1].get(qn("w:val")) is None
    assert fusions[2] is None  # an axe with one objectif opérationnel: nothing to merge
    titre = rangs[0].cells[1].paragraphs[0]
    assert titre.style.name == "Cellule"  # a title, not a bullet


def test_chaque_objectif_operationnel_a_ses_criteres_d_evaluation(tmp_path: Path) -> None:
    from conftest import lancer

    sources = _avec_objectifs_operationnels(tmp_path)
    enjeux = sources / "enjeux.yaml"
    enjeux.write_text(enjeux.read_text(encoding="utf-8").replace(
        '            criteres_evaluation: [{code: sorties, texte: "Sorties en emploi"}]\n', ""), encoding="utf-8")
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1
    assert ("l'objectif opérationnel « Accompagner vers l'emploi » de l'axe « Accompagner les jeunes » de l'enjeu 1 "
            "n'a aucun critère d'évaluation") in fini.stderr
