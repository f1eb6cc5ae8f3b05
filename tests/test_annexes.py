"""Annexes and contributions in the built document: real tables, letters, acronyms, order."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from conftest import RACINE
from reference import chemin_reference, normaliser

pytestmark = pytest.mark.pdf  # every test here builds a PDF (LibreOffice)



def _cellule(texte: str) -> str:
    """A cell's words without markup, list markers and whitespace (reference HTML or DOCX text)."""
    texte = html.unescape(re.sub(r"<[^>]+>", " ", texte))
    texte = re.sub(r"(?:^|\s)-(?=\s)", " ", texte)
    return normaliser(texte).replace("-", "")


def _rangs_reference(apres: str, avant: str) -> list[list[str]]:
    """Table rows of the reference between the line that starts with ``apres`` and the next line
    that starts with ``avant`` (found by their text, not by line numbers)."""
    lignes = chemin_reference().read_text(encoding="utf-8").splitlines()
    debut = next(i for i, l in enumerate(lignes) if l.startswith(apres))
    fin = next(i for i, l in enumerate(lignes) if i > debut and l.startswith(avant))
    return [l.split("\t") for l in lignes[debut:fin] if l.count("\t") >= 1 and "<" in l]


def _tables_du_docx(construit, entete: str):
    return [t for t in construit.document.tables if t.rows and t.rows[0].cells[0].text.startswith(entete)]


def _rangs_docx(tables) -> list[list[str]]:
    return [[c.text for c in rang.cells] for t in tables for rang in t.rows[1:]]


def test_les_tableaux_de_l_annexe_3_sont_de_vrais_tableaux_aux_memes_cellules(construit) -> None:
    quartiers = _tables_du_docx(construit, "Ce qui va mieux dans la vie du quartier")
    thematiques = _tables_du_docx(construit, "Quelles sont les actions structurantes")
    assert [len(t.columns) for t in quartiers] == [3, 3]
    assert [len(t.columns) for t in thematiques] == [2, 2, 2]
    for table in quartiers + thematiques:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # heading row repeated
    reference = [r for r in _rangs_reference("- I) Ateliers de quartiers", "VIII/ Contributions des partenaires") if len(r) in (2, 3) and not r[0].startswith("I)")]
    obtenus = _rangs_docx(quartiers) + _rangs_docx(thematiques)
    assert len(obtenus) == len(reference) == 7
    for obtenu, attendu in zip(obtenus, reference):
        assert [_cellule(c) for c in obtenu] == [_cellule(c) for c in attendu]


def test_le_tableau_du_reseau_pour_l_emploi_de_france_travail(construit) -> None:
    table = [t for t in construit.document.tables if len(t.rows) > 1 and "Identité des acteurs" in t.rows[0].cells[1].text]
    assert len(table) == 1 and len(table[0].columns) == 3
    reference = [r for r in _rangs_reference("LE RESEAU POUR L'EMPLOI", "Focus quartier prioritaire CAGD") if len(r) == 3]
    obtenus = _rangs_docx(table)
    assert len(obtenus) == len(reference) == 2
    for obtenu, attendu in zip(obtenus, reference):
        assert [_cellule(c) for c in obtenu] == [_cellule(c) for c in attendu]


def test_les_lettres_sont_mises_en_page_comme_des_lettres(construit) -> None:
    # Read as a reader reads them: a no-break space is a space.
    paragraphes = {" ".join(p.text.split()): p.style.name for p in construit.document.paragraphs}
    assert paragraphes["Lons-le-Saunier, le 02/02/2024"] == "Lettre date"
    assert paragraphes["Besançon, le 06 MARS 2024"] == "Lettre date"
    assert paragraphes["39100 DOLE"] == "Lettre destinataire"
    assert paragraphes["Romain DUPUY"] == "Lettre signature"
    assert paragraphes["Copie : Préfet de département"] == "Lettre mention"
    assert any(t.startswith("Objet : Déclinaison des projets éducatifs") for t in paragraphes)
    # Letterhead: sender on the left, the file's references on the right, in one table row.
    tete = next(t for t in construit.document.tables if "Affaire suivie par" in t.rows[0].cells[1].text)
    assert "Service départemental à la jeunesse" in tete.rows[0].cells[0].text


def test_annexes_et_contributions_dans_l_ordre_avec_leur_page(construit) -> None:
    texte = "\n".join(construit.pages)
    ordre = ["ANNEXE N°1 : LES MESURES", "ANNEXE N°2 : Concertation habitants", "ANNEXE N°3 : Consultation partenaires",
             "Les dispositifs de l'Etat", "Contribution de la SDJES", "Contribution de FRANCE TRAVAIL",
             "Contribution de l'ARS", "Contribution de la CAF", "Contribution de la Région",
             "Contribution du Conseil Départemental", "Contribution de la Caisse des Dépôts"]
    corps = texte[texte.index("VII/ Annexes", texte.index("PREAMBULE\nInstitués")):]
    positions = [corps.index(t) for t in ordre]
    assert positions == sorted(positions)
    # The list of annexes gives each annex's page (PAGEREF computed by LibreOffice).
    for n, titre in enumerate(("LES MESURES DU COMITE", "Concertation habitants", "Consultation partenaires"), 1):
        m = re.search(rf"Annexe n°{n} – {titre}.*?\.+\s*(\d+)", corps)
        liste = next(i for i, p in enumerate(construit.pages) if "Liste des annexes" in p and i > 2)
        page = next(i + 1 for i, p in enumerate(construit.pages) if i > liste and f"ANNEXE N°{n} :" in p)
        assert m and int(m.group(1)) == page


def test_la_liste_des_sigles_contient_exactement_les_sigles_employes(construit) -> None:
    from contrat.controles.dossier import valider_dossier

    contrat = valider_dossier(RACINE / "sources").contrat
    table = next(t for t in construit.document.tables if t.rows[0].cells[0].text == "Sigle")
    listes = [r.cells[0].text for r in table.rows[1:]]
    definitions = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert definitions["DDETSPP"].startswith("Direction départementale de l'emploi")
    assert definitions["FSL"] == "Fonds de solidarité pour le logement"
    # Exactly the registry's acronyms that the PDF prints before the list, wherever they print
    # (« SIG » only in the sources of two tables of figures).
    texte = "\n".join(construit.pages)
    avant_la_liste = texte[:texte.rindex("Liste des sigles")]
    imprimes = [s.sigle for s in contrat.sigles if s.nature == "sigle"
                and re.search(rf"(?<![\w-]){re.escape(s.sigle)}(?![\w])", avant_la_liste)]
    assert listes == sorted(imprimes, key=str.lower)
    assert "SIG" in listes
    assert "VAGA" not in listes  # a proper name in capitals is not listed


def test_mesures_du_civ_piliers_themes_et_mesures(construit) -> None:
    styles = [(p.style.name, p.text) for p in construit.document.paragraphs]
    debut = next(i for i, (s, t) in enumerate(styles) if s == "Heading 2" and t.startswith("ANNEXE N°1"))
    fin = next(i for i, (s, t) in enumerate(styles) if s == "Heading 2" and t.startswith("ANNEXE N°2"))
    piliers = [t for s, t in styles[debut:fin] if s == "Heading 3"]
    themes = [t for s, t in styles[debut:fin] if s == "Heading 4"]
    assert piliers == ["Pour la transition écologique", "Pour le plein emploi", "Pour nos services publics"]
    assert len(themes) == 16 and themes[0] == "DES QUARTIERS PLUS VERTS"
    sous_mesures = [t for s, t in styles[debut:fin] if s == "List Bullet 2"]
    assert "Les écoles de quartier (150 millions du fonds vert)" in sous_mesures


def test_un_compte_rendu_ecrit_sous_son_ancienne_forme_s_imprime_de_meme(sources: Path) -> None:
    """« atelier » and « seminaire » (the first forms of a concertation record) are read as a
    « concertation »: the printed contract is the same, line for line."""
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.unites import imprimer, lignes

    avant = lignes(imprimer(valider_dossier(sources).contrat))
    habitants = sources / "annexes" / "concertation-habitants.yaml"
    texte = habitants.read_text(encoding="utf-8").replace("concertation:\n", "atelier:\n", 1)
    texte = texte.replace("  participants:\n    jeunes: ", "  participants_jeunes: ")
    habitants.write_text(texte, encoding="utf-8")
    partenaires = sources / "annexes" / "consultation-partenaires.yaml"
    texte = partenaires.read_text(encoding="utf-8").replace("concertation:\n", "seminaire:\n", 1)
    texte = "\n".join(l for l in texte.splitlines() if not l.startswith(("  presentation:", "  sommaire:"))) + "\n"
    partenaires.write_text(texte, encoding="utf-8")
    contrat = valider_dossier(sources).contrat
    assert contrat.annexes[1].concertation is not None and contrat.annexes[1].concertation.participants["jeunes"].ecrit == "20"
    assert contrat.annexes[2].concertation is not None and contrat.annexes[2].concertation.sommaire
    assert lignes(imprimer(contrat)) == avant


def test_une_liste_de_mesures_ecrite_en_piliers_et_themes_s_imprime_de_meme(sources: Path) -> None:
    """The list of measures' first form (the CIV's « piliers » and « thèmes ») is read as parts and
    headings: the printed contract is the same."""
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.unites import imprimer, lignes

    avant = lignes(imprimer(valider_dossier(sources).contrat))
    civ = sources / "annexes" / "civ.yaml"
    texte = civ.read_text(encoding="utf-8").replace("\nparties:\n", "\npiliers:\n").replace("    rubriques:\n",
                                                                                           "    themes:\n")
    assert "piliers:" in texte and "themes:" in texte
    civ.write_text(texte, encoding="utf-8")
    contrat = valider_dossier(sources).contrat
    assert len(contrat.annexes[0].mesures.parties) == 3
    assert lignes(imprimer(contrat)) == avant


def test_une_version_signee_sous_les_anciennes_formes_se_relit_pour_l_avenant(tmp_path: Path) -> None:
    """A contract signed before the generic forms (« atelier », « seminaire », « piliers » of the
    CIV, the old data path) and before the acronyms after an elision were seen: its signed version
    is read as it was signed, and the avenant states only what prints differently."""
    import shutil

    from conftest import lancer
    from depots import depot_git, enregistrer, etiqueter

    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", sources)
    anciens = {
        "annexes/concertation-habitants.yaml": [("concertation:\n", "atelier:\n"),
                                                ("  participants:\n    jeunes: ", "  participants_jeunes: ")],
        "annexes/consultation-partenaires.yaml": [("concertation:\n", "seminaire:\n"),
                                                  ("  presentation: lignes", "#"), ("  sommaire: oui", "#")],
        "annexes/civ.yaml": [("\nparties:\n", "\npiliers:\n"), ("    rubriques:\n", "    themes:\n")],
        "textes/concertations.md": [("concertation.participants.jeunes", "atelier.participants_jeunes")],
        "sigles.yaml": [('  - sigle: "AS"\n', '  - sigle: "ASX"\n'), ('  - sigle: "EPS"\n', '  - sigle: "EPSX"\n'),
                        ('  - sigle: "IME"\n', '  - sigle: "IMEX"\n')],
    }
    actuels = {nom: (sources / nom).read_text(encoding="utf-8") for nom in anciens}
    for nom, remplacements in anciens.items():
        texte = actuels[nom]
        for avant, apres in remplacements:
            assert avant in texte, (nom, avant)
            texte = texte.replace(avant, apres)
        (sources / nom).write_text(texte, encoding="utf-8")
    depot_git(tmp_path)
    etiqueter(tmp_path)  # signed by hand, as before « figer »: the old forms are not checked by today's rules
    for nom, texte in actuels.items():  # today's sources: the generic forms, the three acronyms registered
        (sources / nom).write_text(texte, encoding="utf-8")
    enregistrer(tmp_path, "formes génériques")
    fini = lancer("diff", "--format", "json", cwd=tmp_path)
    assert fini.returncode == 0, fini.stderr
    import json

    articles = json.loads(fini.stdout)["articles"]
    # The new acronyms' rows in the list of acronyms, nothing else: same annexes, same text.
    assert [a["cite"][0][0] for a in articles] == ["AS", "EPS", "IME"]
    assert all("Liste des sigles" in a["texte"][0] for a in articles)
