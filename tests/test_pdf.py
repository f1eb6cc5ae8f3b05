"""Properties of the built PDF and DOCX: sommaire, metadata, bookmarks, fonts, tables."""

from __future__ import annotations

import re

import pikepdf
import pytest
import yaml
from docx.oxml.ns import qn

from conftest import RACINE
from reference import chemin_reference, normaliser

pytestmark = pytest.mark.pdf  # every test here builds a PDF (LibreOffice)



def _sommaire(construit) -> list[tuple[str, int]]:
    page = next(p for p in construit.pages if "SOMMAIRE" in p)
    entrees = []
    for ligne in page.splitlines():
        m = re.match(r"^(.*?)[\s.…]*(\d+)\s*$", ligne)
        if m and m.group(1).strip() and ligne.strip() != "SOMMAIRE":
            entrees.append((m.group(1).strip(" ."), int(m.group(2))))
    return entrees


def test_le_sommaire_donne_la_page_ou_chaque_titre_est_imprime(construit) -> None:
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.numerotation import plan
    from contrat.impression.unites import TITRE_SIGNATURES

    entrees = _sommaire(construit)
    attendu = plan(valider_dossier(RACINE / "sources").contrat, TITRE_SIGNATURES)
    # Every chapter, subsection, enjeu, annex and contribution, in order.
    assert [normaliser(t) for t, _ in entrees] == [normaliser(i.texte) for i in attendu]
    assert len(entrees) == 32
    indice_sommaire = next(i for i, p in enumerate(construit.pages) if "SOMMAIRE" in p)

    def commence_une_ligne(titre: str, texte: str) -> bool:
        # A long heading wraps: it starts a line and runs over the next ones.
        lignes = [normaliser(l) for l in texte.splitlines()]
        return any("".join(lignes[i:i + 3]).startswith(normaliser(titre)) for i in range(len(lignes)))

    for titre, page in entrees:
        pages = [i + 1 for i, texte in enumerate(construit.pages)
                 if i != indice_sommaire and commence_une_ligne(titre, texte)]
        assert pages, f"titre « {titre} » introuvable dans le corps"
        assert page == pages[0], f"« {titre} » : sommaire page {page}, imprimé page {pages[0]}"


def test_le_docx_porte_le_meme_sommaire_que_le_pdf(construit) -> None:
    corps = construit.document.element.body
    lignes = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in corps.iter(qn("w:p"))
              if (p.find(qn("w:pPr")) is not None and p.find(qn("w:pPr")).find(qn("w:pStyle")) is not None
                  and p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")).startswith("TOC"))]
    pdf = [f"{t}{p}" for t, p in _sommaire(construit)]
    assert [normaliser(l) for l in lignes] == [normaliser(l) for l in pdf]


def test_chaque_entree_du_sommaire_renvoie_a_la_page_de_son_titre(construit) -> None:
    """In the PDF, each line of the sommaire is a link to the page where its heading is printed."""
    entrees = _sommaire(construit)
    with pikepdf.open(construit.pdf) as pdf:
        rang = {page.objgen: k + 1 for k, page in enumerate(pdf.pages)}
        page = next(p for k, p in enumerate(pdf.pages) if "SOMMAIRE" in construit.lecteur.pages[k].extract_text())
        cibles = []
        for lien in page.obj.get("/Annots", []):
            destination = lien.get("/Dest")
            if destination is None and "/A" in lien:
                destination = lien.A.get("/D")
            if isinstance(destination, pikepdf.Array):
                cibles.append((float(lien.Rect[3]), rang[destination[0].objgen]))
    # Top to bottom, as the lines are printed.
    assert [p for _, p in sorted(cibles, reverse=True)] == [p for _, p in entrees]


def test_le_sommaire_du_docx_est_celui_que_word_ecrit(construit) -> None:
    """A TOC field whose entries are links to a bookmark on their heading and PAGEREF fields to it,
    showing the page the PDF printed: Word updates it like its own."""
    corps = construit.document.element.body
    signets = {b.get(qn("w:name")): "".join(t.text or "" for t in b.getparent().iter(qn("w:t")))
               for b in corps.iter(qn("w:bookmarkStart"))}
    entrees = []
    for lien in corps.iter(qn("w:hyperlink")):
        ancre = lien.get(qn("w:anchor"))
        if not (ancre or "").startswith("_Toc"):
            continue
        code = " ".join(i.text or "" for i in lien.iter(qn("w:instrText")))
        textes = [t.text for t in lien.iter(qn("w:t"))]
        assert code.split() == ["PAGEREF", ancre, "\\h"]
        assert normaliser(signets[ancre]) == normaliser(textes[0])  # the bookmark is on the heading itself
        entrees.append((textes[0], int(textes[-1])))
    assert [(normaliser(t), p) for t, p in entrees] == [(normaliser(t), p) for t, p in _sommaire(construit)]
    champs = [i.text for i in corps.iter(qn("w:instrText")) if " TOC " in f" {i.text} "]
    assert len(champs) == 1


def test_metadonnees_signets_langue_et_pdfa(construit) -> None:
    with pikepdf.open(construit.pdf) as pdf:
        info = pdf.docinfo
        assert "Engagements Quartiers 2030" in str(info["/Title"])
        assert "Mesnils Pasteur" in str(info["/Subject"])
        assert str(info["/Version"])
        assert "/Commit" in info
        assert str(pdf.Root.Lang) == "fr-FR"
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3A"  # level A: tagged, its text readable (PDF/A-3a)
        assert "Engagements Quartiers 2030" in meta["dc:title"]
        with pdf.open_outline() as plan:
            titres = [item.title for item in plan.root]
    assert titres[0] == "PREAMBULE"
    assert "IV/ Les enjeux pour la nouvelle contractualisation" in titres
    assert "VI/ Gouvernance et animation sur le terrain" in titres


def test_polices_incorporees_et_substituts_metriques(construit) -> None:
    from contrat.rendu.finition import polices_non_admises

    assert polices_non_admises(construit.pdf.read_bytes()) == []
    with pikepdf.open(construit.pdf) as pdf:
        for page in pdf.pages:
            for police in page.obj.Resources.get("/Font", {}).values():
                descripteur = police.get("/FontDescriptor")
                assert descripteur is not None and any(k in descripteur for k in ("/FontFile2", "/FontFile", "/FontFile3"))


def _cellules(tableau) -> list[list[list[str]]]:
    return [[[p.text for p in c.paragraphs if p.text] for c in rang.cells] for rang in tableau.rows]


def _tableaux_reference() -> list[list[list[str]]]:
    """Rows of the reference's enjeux tables: [axe, objectifs, partenaires, leviers, criteres]."""
    rangs = []
    for ligne in chemin_reference().read_text(encoding="utf-8").splitlines():
        cellules = ligne.split("\t")
        if len(cellules) == 5 and cellules[1].startswith("<p>"):
            rangs.append([re.findall(r"<p>(.*?)</p>", c) or [c] for c in cellules])
    return rangs


def test_les_tableaux_d_enjeux_sont_de_vrais_tableaux_identiques_a_la_reference(construit) -> None:
    tableaux = [t for t in construit.document.tables
                if len(t.rows) > 1 and t.rows[1].cells[0].text == "Axes de travail"]
    assert len(tableaux) == 4
    enjeux = yaml.safe_load((RACINE / "sources" / "enjeux.yaml").read_text(encoding="utf-8"))["enjeux"]
    assert [len(e["axes"]) for e in enjeux] == [5, 7, 3, 4]
    rangs = []
    for tableau in tableaux:
        lignes = tableau.rows
        # Two heading rows (enjeu title, column headings), repeated on every page.
        for rang in lignes[:2]:
            assert rang._tr.trPr.find(qn("w:tblHeader")) is not None
        for rang in lignes[2:]:
            assert rang._tr.trPr.find(qn("w:cantSplit")) is not None
        rangs.extend(_cellules(tableau)[2:])
    reference = _tableaux_reference()
    assert len(rangs) == len(reference) == 19
    for obtenu, attendu in zip(rangs, reference):
        assert [[normaliser(x) for x in c] for c in obtenu[1:]] == [[normaliser(x) for x in c] for c in attendu[1:]]
        assert normaliser(obtenu[0][0]) == normaliser(attendu[0][0])
    # Bullets are real list paragraphs, not typed characters.
    premier = tableaux[0].rows[2].cells[1].paragraphs[0]
    assert premier.style.name == "Puce cellule"


def test_tableaux_de_chiffres_et_valeurs_calculees(construit) -> None:
    texte = "\n".join(construit.pages)
    assert "Évolution" in texte
    # 453 -> 409 (T2 2022 -> 2023): the change is computed, never typed in the sources.
    assert re.search(r"409\s+[−-]44\s+[−-]9,7\s*%", texte)
    assert re.search(r"45\s+[−-]15\s+[−-]25\s*%", texte)


def test_page_de_signature_avec_un_bloc_par_signataire(construit) -> None:
    contrat = yaml.safe_load((RACINE / "sources" / "contrat.yaml").read_text(encoding="utf-8"))
    derniere = normaliser(construit.pages[-1] + construit.pages[-2])
    for s in contrat["signataires"]:
        assert normaliser(s["qualite"]) in derniere, s["qualite"]
    assert "Marie-GuiteDUFAY" in derniere


def test_signets_pour_chaque_annexe_et_contribution(construit) -> None:
    with pikepdf.open(construit.pdf) as pdf:
        with pdf.open_outline() as plan:
            chapitres = {item.title: [enfant.title for enfant in item.children] for item in plan.root}
    annexes = [t for t in chapitres["VII/ Annexes"] if t.startswith("ANNEXE")]
    assert [t.split("\u00a0:")[0] for t in annexes] == ["ANNEXE N°1", "ANNEXE N°2", "ANNEXE N°3"]
    assert chapitres["VII/ Annexes"][0] == "Liste des annexes"
    contributions = chapitres["VIII/ Contributions des partenaires"]
    assert len(contributions) == 9 and contributions[0] == "Les dispositifs de l'Etat"
    assert "Contribution de la Caisse des Dépôts" in contributions
    assert "Liste des sigles" in chapitres
