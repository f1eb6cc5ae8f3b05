"""The printed contract (the object avenants are computed from) is what the DOCX prints."""

from __future__ import annotations

from pathlib import Path

from contrat.controles.dossier import valider_dossier
from contrat.impression.unites import imprimer, lignes
from contrat.rendu.docx import OptionsRendu, rendre_docx

from conftest import RACINE
from texte_imprime import lignes_imprimees_docx


def _comparer(sources: Path) -> tuple[list[str], list[str]]:
    contrat = valider_dossier(sources).contrat
    docx = lignes_imprimees_docx(rendre_docx(contrat, OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx",
                                                          dossier_sources=sources)))
    docx.remove("SOMMAIRE")  # the template's own heading; its entries are a computed field
    return lignes(imprimer(contrat)), docx


def test_l_arbre_imprime_a_exactement_les_lignes_du_docx() -> None:
    arbre, docx = _comparer(RACINE / "sources")
    assert len(docx) > 1500
    assert arbre == docx


def test_l_arbre_imprime_suit_le_docx_d_un_autre_territoire() -> None:
    arbre, docx = _comparer(RACINE / "tests" / "fixtures" / "minimal" / "sources")
    assert arbre == docx


def test_l_arbre_imprime_suit_le_docx_d_un_territoire_a_plusieurs_quartiers() -> None:
    arbre, docx = _comparer(RACINE / "exemples" / "rives-de-l-exemple" / "sources")
    assert "Les quartiers prioritaires" in docx and "Ensemble des quartiers (somme des lignes)" in docx
    assert arbre == docx


def test_le_contrat_consolide_imprime_la_page_des_signatures_signee(tmp_path: Path) -> None:
    """Amended with a new party and a new préfet: the consolidated DOCX prints the signature page as
    signed, then the party that joined; the tree says the same, line for line."""
    import shutil

    from contrat.impression.unites import page_signatures

    import scenarios

    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", sources)
    signe = valider_dossier(sources).contrat
    scenarios.avenant_1(sources)
    scenarios.remplacer(sources / "contrat.yaml", 'qualite: "Le Préfet du Jura"}', 'qualite: "La Préfète du Jura"}')
    consolide = valider_dossier(sources).contrat
    page = page_signatures(consolide, signe)
    options = OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx", signatures=page)
    docx = lignes_imprimees_docx(rendre_docx(consolide, options))
    docx.remove("SOMMAIRE")
    assert lignes(imprimer(consolide, page)) == docx
    fin = docx[docx.index("Signataires"):]
    assert fin[:3] == ["Signataires", "Fait à Dole, le …………………………, en 9 exemplaires originaux.", "État – Préfecture du Jura"]
    assert "Le Préfet du Jura" in fin and "La Préfète du Jura" not in fin
    assert fin[-2:] == ["Parties ayant adhéré au contrat par avenant", "Mutualité du Jura"]


def test_les_controles_lisent_chaque_mot_en_capitales_que_le_document_imprime() -> None:
    """The checks that read the words (acronyms, proper names) read the printed tree: every word in
    capitals a unit prints (its numbering and the list of acronyms aside) is in a text they read,
    with its place in the sources (the data sources' labels, the running header were missed when
    they walked the sources by hand)."""
    from contrat.impression.arbre import SANS_SIGLES, parcourir, textes_imprimes
    from contrat.modele.sigles import MOT_CAPITALES, sans_phrases_en_capitales

    for sources, dans_les_sources_de_donnees in ((RACINE / "sources", "SIG"),
                                                 (RACINE / "tests" / "fixtures" / "minimal" / "sources", "INSEE"),
                                                 (RACINE / "exemples" / "rives-de-l-exemple" / "sources", "INSEE")):
        arbre = imprimer(valider_dossier(sources).contrat)
        sigles = next((n for n in parcourir(arbre) if n.cle == "sigles"), None)
        liste = {id(n) for n in parcourir(sigles)} if sigles else set()
        imprimes = {m for n in parcourir(arbre) if id(n) not in liste and n.role not in SANS_SIGLES
                    for m in MOT_CAPITALES.findall(sans_phrases_en_capitales(n.texte))}
        lus = {m for _, t in textes_imprimes(arbre, sigles=True) for m in MOT_CAPITALES.findall(sans_phrases_en_capitales(t))}
        assert imprimes - lus == set(), sources
        assert dans_les_sources_de_donnees in lus
