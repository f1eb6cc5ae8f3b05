"""Accessibility required by ``check`` (issue 23): the cover's logo has an alternative text, which
the Word writer gives its picture and LibreOffice exports as the tagged PDF's /Alt; a Markdown
image is refused; a heading of a text may not skip a level below the title it prints under."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from hostiles import FIN, _ajouter, _remplacer, copie_minimale

from conftest import RACINE, lancer

EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple" / "sources"
ALTERNATIVE = "Logo « Val & Fictif » : un pont <vert> sur une rivière"
"""An alternative text with what XML must escape (« & », « < »)."""


def _logo(sources: Path, alternative: str | None) -> None:
    """A real PNG as the cover's logo, with ``alternative`` as its text (None: none written)."""
    (sources / "images").mkdir()
    Image.new("RGB", (60, 20), (0, 90, 0)).save(sources / "images" / "logo.png", "PNG")
    ligne = "" if alternative is None else f'  logo_alternative: "{alternative}"\n'
    _ajouter(sources / "contrat.yaml", "couverture:\n  logo: images/logo.png\n" + ligne)


def _preambule(sources: Path, texte: str) -> None:
    (sources / "textes" / "preambule.md").write_text(texte, encoding="utf-8")


def _verifier(sources: Path) -> tuple[int, list[str]]:
    """``check``'s exit code and the lines of its errors (warnings left out)."""
    fini = lancer("--sources", str(sources), "check")
    lignes = (fini.stdout + fini.stderr).splitlines()
    return fini.returncode, [l for l in lignes if ": avertissement :" not in l and l.startswith("sources/")]


# --- the logo's alternative text -------------------------------------------------------------------


def test_un_logo_sans_texte_de_remplacement_est_une_erreur_a_sa_ligne(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _logo(sources, None)
    code, erreurs = _verifier(sources)
    assert code == 1
    assert erreurs == [f"sources/contrat.yaml:{FIN + 1}:9: couverture, logo : le logo n'a pas de texte de "
                       "remplacement : écrire sous lui « logo_alternative: … », ce qu'il montre (les lecteurs "
                       "d'écran le lisent à la place de l'image, le PDF accessible l'exige)"]


def test_un_texte_de_remplacement_vide_est_une_erreur_a_sa_ligne(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _logo(sources, "  ")
    code, erreurs = _verifier(sources)
    assert code == 1
    assert len(erreurs) == 1
    assert erreurs[0].startswith(f"sources/contrat.yaml:{FIN + 2}:")
    assert "couverture, logo_alternative : le texte de remplacement du logo est vide" in erreurs[0]


def test_une_image_dans_le_texte_est_refusee_a_sa_ligne(tmp_path: Path) -> None:
    """The Markdown reader prints no image: one in a text, with or without its alternative text,
    is refused with its line as an image (not as a link to a file)."""
    sources = copie_minimale(tmp_path)
    _preambule(sources, "Premier alinéa.\n\n![](images/plan.png)\n\nSuite.\n\n![Plan du quartier](https://exemple.fr/plan.png)\n")
    code, erreurs = _verifier(sources)
    assert code == 1
    assert erreurs == [f"sources/textes/preambule.md:{ligne}:1: image « {cible} » non prise en charge dans le texte du "
                       "contrat : la seule image imprimée est le logo de la couverture (« couverture: {logo: …, "
                       "logo_alternative: …} », avec son texte de remplacement)"
                       for ligne, cible in ((3, "images/plan.png"), (7, "https://exemple.fr/plan.png"))]


@pytest.mark.pdf
def test_le_logo_porte_son_texte_de_remplacement_dans_le_docx_et_le_pdf_balise(tmp_path: Path) -> None:
    """The picture's ``wp:docPr/@descr`` in the DOCX, the /Alt of the PDF's /Figure (what a
    screen reader says), the text exactly as written, escaped characters included."""
    sources = copie_minimale(tmp_path)
    _logo(sources, ALTERNATIVE)
    dist = tmp_path / "dist"
    fini = lancer("--sources", str(sources), "--dist", str(dist))
    assert fini.returncode == 0, fini.stdout + fini.stderr
    document = zipfile.ZipFile(dist / "contrat-de-ville.docx").read("word/document.xml")
    from lxml import etree

    descriptions = [e.get("descr") for e in etree.fromstring(document).iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descriptions == [ALTERNATIVE]
    with pikepdf.open(dist / "contrat-de-ville.pdf") as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        assert [str(f.get("/Alt")) for f in figures] == [ALTERNATIVE]


def _elements(racine: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element of the tagged PDF's tree (``StructTreeRoot``), in order."""
    trouves: list[pikepdf.Dictionary] = []
    pile: list[object] = [racine.get("/K")]
    while pile:
        x = pile.pop()
        if isinstance(x, pikepdf.Array):
            pile.extend(reversed(list(x)))
        elif isinstance(x, pikepdf.Dictionary):
            if "/S" in x:
                trouves.append(x)
            if "/K" in x:
                pile.append(x.K)
    return trouves


# --- heading levels --------------------------------------------------------------------------------


def test_un_titre_qui_saute_un_niveau_sous_le_chapitre_est_une_erreur(tmp_path: Path) -> None:
    """A chapter's title is level 1: its text's first heading is « ## »."""
    sources = copie_minimale(tmp_path)
    _preambule(sources, "Premier alinéa.\n\n### Un titre trop bas\n\nSuite.\n")
    code, erreurs = _verifier(sources)
    assert code == 1
    assert erreurs == ["sources/textes/preambule.md:3:1: chapitre « Préambule », texte : titre « ### » (niveau 3) "
                       "directement sous le titre du chapitre (niveau 1) : le niveau 2 est sauté, écrire « ## » "
                       "(les lecteurs d'écran parcourent le document par niveaux de titres)"]


def test_descendre_de_deux_niveaux_est_une_erreur_remonter_ne_l_est_pas(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _preambule(sources, "## Un\n\n### Un point\n\n#### Un détail\n\n## Deux\n\n#### Sauté\n\n## Trois\n\n"
                        "### Trois point un\n\n###### Très sauté\n")
    code, erreurs = _verifier(sources)
    assert code == 1
    assert [e.split(": chapitre", 1)[0] for e in erreurs] == ["sources/textes/preambule.md:9:1",
                                                            "sources/textes/preambule.md:15:1"]
    assert "titre « #### » (niveau 4) directement sous un titre « ## » (niveau 2) : le niveau 3 est sauté, " \
           "écrire « ### »" in erreurs[0]
    assert "titre « ###### » (niveau 6) directement sous un titre « ### » (niveau 3) : le niveau 4 est sauté" in erreurs[1]


def test_des_niveaux_continus_passent(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _preambule(sources, "## Un\n\n### Un point\n\n#### Un détail\n\n## Deux\n\n### Deux point un\n")
    assert _verifier(sources) == (0, [])


def _contribution(sources: Path, blocs: list[str], piece: str | None = None) -> None:
    """A contribution of text blocks (and a piece attached to it, when given)."""
    _remplacer(sources / "contrat.yaml", "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n",
               "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n"
               "  - {code: contributions, titre: \"Contributions\", inclure: contributions}\n")
    _ajouter(sources / "contrat.yaml", "contributions:\n  - {fichier: contributions/caf.yaml}\n")
    (sources / "contributions").mkdir()
    texte = 'code: caf-contribution\ntitre: "Contribution de la CAF"\norganisation: caf\nblocs:\n'
    texte += "".join("  - texte: |\n" + "".join(f"      {l}\n" if l else "\n" for l in b.splitlines()) for b in blocs)
    if piece is not None:
        texte += ('pieces_jointes:\n  - code: bilan\n    titre: "Bilan"\n    texte: |\n'
                  + "".join(f"      {l}\n" if l else "\n" for l in piece.splitlines()))
    (sources / "contributions" / "caf.yaml").write_text(texte, encoding="utf-8")


def test_une_contribution_commence_au_niveau_3_et_ses_blocs_se_suivent(tmp_path: Path) -> None:
    """A contribution's title is level 2: its text may open with « ### »; a « #### » of its second
    block follows the « ### » of its first; a piece attached has its title at level 3."""
    sources = copie_minimale(tmp_path)
    _contribution(sources, ["### Action\n\nTexte.", "#### Détail\n\nTexte."], piece="#### Chiffres\n\nTexte.")
    assert _verifier(sources) == (0, [])


def test_une_contribution_qui_saute_un_niveau_est_une_erreur_a_sa_ligne(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _contribution(sources, ["Texte.\n\n#### Détail\n\nTexte."], piece="##### Trop bas")
    code, erreurs = _verifier(sources)
    assert code == 1
    assert erreurs[0].startswith("sources/contributions/caf.yaml:8:1: contribution « Contribution de la CAF », "
                                 "bloc n° 1, texte : titre « #### » (niveau 4) directement sous le titre de l'annexe "
                                 "ou de la contribution (niveau 2) : le niveau 3 est sauté")
    assert erreurs[1].startswith("sources/contributions/caf.yaml:15:1: contribution « Contribution de la CAF », "
                                 "pièce jointe ")
    assert "titre « ##### » (niveau 5) directement sous le titre de la pièce jointe (niveau 3) : le niveau 4 est " \
           "sauté" in erreurs[1]
    assert len(erreurs) == 2


@pytest.mark.parametrize("dossier", [RACINE / "sources", EXEMPLE, RACINE / "contrat" / "squelette" / "sources"],
                         ids=["grand-dole", "second-exemple", "squelette"])
def test_les_contrats_livres_passent(dossier: Path) -> None:
    """The Grand Dole, the second example (its logo described) and the skeleton pass both rules."""
    code, erreurs = _verifier(dossier)
    assert (code, erreurs) == (0, [])


def test_le_logo_du_second_exemple_est_decrit() -> None:
    from contrat.controles.dossier import valider_dossier

    couverture = valider_dossier(EXEMPLE).contrat.couverture
    assert couverture.logo == "images/logo.png"
    assert couverture.logo_alternative is not None and "trois vagues" in couverture.logo_alternative


def test_le_docx_porte_le_texte_de_remplacement_du_logo(tmp_path: Path) -> None:
    """Without LibreOffice: the logo's picture, first paragraph of the cover, carries the text as
    written, escaped characters included."""
    from docx import Document

    from contrat.controles.dossier import valider_dossier
    from contrat.rendu.docx import OptionsRendu, rendre_docx

    sources = copie_minimale(tmp_path)
    _logo(sources, ALTERNATIVE)
    resultat = valider_dossier(sources)
    options = OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx", dossier_sources=sources,
                           fichiers_sources=resultat.fichiers)
    document = Document(io.BytesIO(rendre_docx(resultat.contrat, options)))
    from docx.oxml.ns import qn

    docpr = document.paragraphs[0]._p.findall(".//" + qn("wp:docPr"))
    assert [d.get("descr") for d in docpr] == [ALTERNATIVE]
