"""Issue 22, signatories: a delegate, one person for two organisations, a collective, the number
of originals, empty groups and a group continued on the next page; as printed (the DOCX and the
PDF read back) and as ``check`` answers."""

from __future__ import annotations

import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from contrat.controles.dossier import valider_dossier
from contrat.rendu.docx import OptionsRendu, rendre_docx
from hostiles import MINIMAL

from conftest import RACINE, lancer, textes_pdf

GABARIT = RACINE / "templates" / "contrat.docx"

PARTENAIRES = 14
"""Enough signatories in one group for it to continue on the next page."""

SIGNATURE = """signature:
  lieu: "Fictiville"
  date: "2024-07-01"
  representation: oui
{exemplaires}groupes_signataires:
  - {{code: etat, titre: "Pour l'État"}}
  - {{code: vide, titre: "Pour les absents"}}
  - {{code: collectivites, titre: "Pour les collectivités"}}
  - {{code: partenaires, titre: "Pour les partenaires"}}
  - {{code: habitants, titre: "Pour les habitants"}}
signataires:
  - {{code: prefet, organisation: etat, qualite: "La Préfète", nom: "Camille EXEMPLE", groupe: etat}}
  - code: ccvf
    organisation: ccvf
    aussi_pour: [ville-fictiville]
    qualite: "Le Président de la communauté de communes, Maire de Fictiville"
    groupe: collectivites
  - code: caf
    organisation: caf
    qualite: "La Directrice"
    nom: "Sophie TITULAIRE"
    delegue: {{nom: "M. Paul DELEGUE", qualite: "directeur adjoint"}}
    groupe: collectivites
{partenaires}  - {{code: conseils, organisation: conseils-citoyens, qualite: "Leurs membres désignés", groupe: habitants}}
organisations:
  - {{code: etat, libelle: "État", nom: "État", genre: m}}
  - {{code: ccvf, libelle: "CCVF", nom: "Communauté de communes du Val Fictif", genre: f}}
  - {{code: ville-fictiville, libelle: "Ville de Fictiville", nom: "Ville de Fictiville", genre: f}}
  - {{code: caf, libelle: "CAF", sigle: "CAF", nom: "Caisse d'allocations familiales", genre: f}}
  - {{code: conseils-citoyens, libelle: "Conseils citoyens", nom: "Conseils citoyens du Val", nature: collectif, genre: m}}
{registre}"""


def _sources(dossier: Path, exemplaires: str | None = "6") -> Path:
    """The minimal contract with the signature page of this issue (its signatures and
    organisations replaced); ``exemplaires`` declared or not."""
    cible = dossier / "sources"
    shutil.copytree(MINIMAL, cible)
    contrat = cible / "contrat.yaml"
    texte = contrat.read_text(encoding="utf-8")
    debut, fin = texte.index("signature:\n"), texte.index("sigles:\n")
    partenaires = "".join(f"  - {{code: p{k}, organisation: partenaire-{k}, qualite: \"Le Directeur\", "
                          f"groupe: partenaires}}\n" for k in range(1, PARTENAIRES + 1))
    registre = "".join(f"  - {{code: partenaire-{k}, libelle: \"Partenaire {k}\", nom: \"Partenaire numéro {k}\", "
                       f"genre: m}}\n" for k in range(1, PARTENAIRES + 1))
    bloc = SIGNATURE.format(exemplaires=f"  exemplaires: {exemplaires}\n" if exemplaires else "",
                            partenaires=partenaires, registre=registre)
    contrat.write_text(texte[:debut] + bloc + texte[fin:], encoding="utf-8")
    return cible


def _texte(docx: bytes) -> list[str]:
    """Every paragraph of the DOCX, those of its tables' cells included, in order."""
    document = Document(BytesIO(docx))
    corps = document.element.body
    return [" ".join("".join(t.text or "" for t in p.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")).split())
            for p in corps.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")]


def _page_des_signatures(lignes: list[str]) -> list[str]:
    """From the title « Signataires » on, without the empty paragraphs."""
    return [l for l in lignes[lignes.index("Signataires"):] if l]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _sources(tmp_path_factory.mktemp("signataires"))


@pytest.fixture(scope="module")
def page(dossier: Path) -> list[str]:
    """The signature page of the DOCX, paragraph by paragraph."""
    contrat = valider_dossier(dossier).contrat
    return _page_des_signatures(_texte(rendre_docx(contrat, OptionsRendu(gabarit=GABARIT, dossier_sources=dossier))))


@pytest.fixture(scope="module")
def construit(dossier: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The text of each page of the PDF built by ``build.py``."""
    dist = tmp_path_factory.mktemp("dist")
    fini = lancer("--sources", str(dossier), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr
    return [" ".join(t.split()) for t in textes_pdf(dist / "contrat-de-ville.pdf")]


def test_le_delegue_s_imprime_apres_le_titulaire(page: list[str]) -> None:
    bloc = page[page.index("Caisse d'allocations familiales"):][:4]
    assert bloc == ["Caisse d'allocations familiales", "représentée par la Directrice", "Sophie TITULAIRE",
                    "représentée par M. Paul DELEGUE, directeur adjoint"]


def test_une_personne_pour_deux_organisations_signe_un_bloc(page: list[str]) -> None:
    pour = "Communauté de communes du Val Fictif et Ville de Fictiville"
    assert page.count(pour) == 1
    # Two feminine names: « représentées », the title as written.
    assert page[page.index(pour) + 1] == ("représentées par le Président de la communauté de communes, Maire de "
                                          "Fictiville")
    assert not any(l in ("Communauté de communes du Val Fictif", "Ville de Fictiville") for l in page)


def test_un_collectif_est_represente_au_pluriel(page: list[str]) -> None:
    assert page[page.index("Conseils citoyens du Val") + 1] == "représentés par leurs membres désignés"


def test_le_nombre_d_exemplaires_declare_s_imprime(page: list[str]) -> None:
    assert page[1] == "Fait à Fictiville, le 1er juillet 2024, en 6 exemplaires originaux."


def test_sans_nombre_declare_un_original_par_organisation(tmp_path: Path) -> None:
    """18 signatories, 19 organisations: the one who signs for two has two originals."""
    sources = _sources(tmp_path, exemplaires=None)
    contrat = valider_dossier(sources).contrat
    assert len(contrat.signataires) == PARTENAIRES + 4
    lignes = _page_des_signatures(_texte(rendre_docx(contrat, OptionsRendu(gabarit=GABARIT))))
    assert lignes[1] == f"Fait à Fictiville, le 1er juillet 2024, en {PARTENAIRES + 5} exemplaires originaux."


def test_un_groupe_vide_ne_s_imprime_pas_et_check_le_dit(page: list[str], dossier: Path) -> None:
    assert "Pour les absents" not in page
    assert [l for l in page if l.startswith("Pour ")] == ["Pour l'État", "Pour les collectivités", "Pour les partenaires",
                                                         "Pour les habitants"]
    fini = lancer("check", "--sources", str(dossier))
    assert fini.returncode == 0, fini.stderr
    sortie = " ".join((fini.stdout + fini.stderr).split())
    assert "« Pour les absents » : ce groupe n'a aucun signataire : son titre ne sera pas imprimé" in sortie
    assert "contrat.yaml" in sortie


def test_trop_peu_d_exemplaires_est_un_avertissement(dossier: Path) -> None:
    """6 originals for 19 organisations: printed as declared, warned (an error under --strict)."""
    fini = lancer("check", "--sources", str(dossier))
    sortie = " ".join((fini.stdout + fini.stderr).split())
    assert fini.returncode == 0
    assert ("6 exemplaires originaux pour 19 organisations signataires : chacune en garde d'ordinaire un ; "
            "vérifier le nombre inscrit au contrat signé") in sortie
    strict = lancer("check", "--strict", "--sources", str(dossier))
    assert strict.returncode == 1
    assert "6 exemplaires originaux pour 19 organisations" in " ".join((strict.stdout + strict.stderr).split())


@pytest.mark.pdf
def test_le_pdf_imprime_la_page_et_repete_le_titre_du_groupe_continue(construit: list[str]) -> None:
    pages = [k for k, t in enumerate(construit) if "Pour les partenaires" in t]
    # The group of 14 continues on the next page, under its heading again.
    assert len(pages) >= 2, pages
    for k in pages:
        apres = construit[k].split("Pour les partenaires", 1)[1]
        assert re.match(r"\s*Partenaire numéro \d+", apres), apres[:80]
    suite = construit[pages[1]]
    assert suite.index("Pour les partenaires") < suite.index("Partenaire numéro")
    texte = " ".join(construit)
    assert "en 6 exemplaires originaux" in texte
    assert "Sophie TITULAIRE représentée par M. Paul DELEGUE, directeur adjoint" in texte
    assert "Pour les absents" not in texte
    # Each partner once (a heading repeated, never a block).
    for k in range(1, PARTENAIRES + 1):
        assert len(re.findall(rf"Partenaire numéro {k}\b", texte)) == 1


@pytest.mark.parametrize(("remplacement", "message"), [
    ("aussi_pour: [ville-fictiville]", "organisation « ville-fictivile » absente du registre"),
    ("aussi_pour: [ville-fictiville, ccvf]", "l'organisation « ccvf » est déjà nommée pour ce signataire"),
])
def test_aussi_pour_nomme_des_organisations_du_registre(tmp_path: Path, remplacement: str, message: str) -> None:
    sources = _sources(tmp_path)
    contrat = sources / "contrat.yaml"
    faux = remplacement.replace("[ville-fictiville]", "[ville-fictivile]")
    contrat.write_text(contrat.read_text(encoding="utf-8").replace("aussi_pour: [ville-fictiville]", faux),
                       encoding="utf-8")
    fini = lancer("check", "--sources", str(sources))
    sortie = " ".join((fini.stdout + fini.stderr).split())
    assert fini.returncode == 1, sortie
    assert message in sortie
    assert "contrat.yaml" in sortie


@pytest.mark.parametrize(("avant", "apres", "message"), [
    ("exemplaires: 6", "exemplaires: six", "« six » n'est pas un nombre d'exemplaires"),
    ("exemplaires: 6", "exemplaires: 0", "« 0 » n'est pas un nombre d'exemplaires"),
    ('qualite: "directeur adjoint"', 'titre: "directeur adjoint"', "qualite"),
])
def test_une_signature_mal_ecrite_est_refusee_en_francais(tmp_path: Path, avant: str, apres: str,
                                                          message: str) -> None:
    sources = _sources(tmp_path)
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace(avant, apres), encoding="utf-8")
    fini = lancer("check", "--sources", str(sources))
    sortie = " ".join((fini.stdout + fini.stderr).split())
    assert fini.returncode == 1, sortie
    assert message in sortie
    assert "contrat.yaml" in sortie


def test_l_exemple_imprime_delegue_double_signature_collectif_et_exemplaires() -> None:
    exemple = RACINE / "exemples" / "rives-de-l-exemple" / "sources"
    contrat = valider_dossier(exemple, strict=True).contrat
    page = _page_des_signatures(_texte(rendre_docx(contrat, OptionsRendu(gabarit=GABARIT, dossier_sources=exemple))))
    assert page[1] == "Fait à Bellerive, le 14 juin 2024, en 21 exemplaires originaux."
    assert page[page.index("Ville de Bellerive"):][:3] == [
        "Ville de Bellerive", "représentée par le Maire",
        "représenté par Mme Claire DURAND, première adjointe au maire"]
    assert "Communauté d'agglomération Rives de l'Exemple et Ville de Saint-Fictif" in page
    assert "Ville de Saint-Fictif" not in page
    assert page[page.index("Conseils citoyens de Bellerive et de Montclair") + 1] == \
        "représentés par leurs membres désignés"


@pytest.mark.pdf
def test_l_avenant_nomme_les_parties_avec_delegue_et_organisations_jointes(tmp_path: Path) -> None:
    """« Entre les soussignés » of an avenant lists the parties as the signature page does; a new
    delegate is a change of representative; the originals are counted per organisation."""
    from depots import depot_signe, enregistrer

    depot = tmp_path / "depot"
    depot_signe(depot, _sources(tmp_path, exemplaires=None), "2024-07-01")
    contrat = depot / "sources" / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace(
        'delegue: {nom: "M. Paul DELEGUE", qualite: "directeur adjoint"}',
        'delegue: {nom: "Mme Anne NOUVELLE", qualite: "directrice adjointe"}'), encoding="utf-8")
    preambule = depot / "sources" / "textes" / "preambule.md"
    preambule.write_text(preambule.read_text(encoding="utf-8").replace("le seul QPV", "l'unique QPV"),
                         encoding="utf-8")
    (depot / "sources" / "avenants").mkdir()
    (depot / "sources" / "avenants" / "avenant-01.yaml").write_text(
        'numero: "1"\nmodifie: "contrat-signe"\ncomite_pilotage: "2025-06-12"\n'
        'objet: "préciser le préambule"\nexpose_motifs: |\n  Motifs.\nsignature:\n  lieu: "Fictiville"\n',
        encoding="utf-8")
    enregistrer(depot, "avenant")
    diff = lancer("diff", cwd=depot)
    assert diff.returncode == 0, diff.stderr
    assert ("Caisse d'allocations familiales : La Directrice, Sophie TITULAIRE, représentée par M. Paul DELEGUE, "
            "directeur adjoint → La Directrice, Sophie TITULAIRE, représentée par Mme Anne NOUVELLE, directrice "
            "adjointe") in " ".join(diff.stdout.split())
    fini = lancer("avenant", "--dist", str(tmp_path / "dist"), cwd=depot)
    assert fini.returncode == 0, fini.stderr
    texte = " ".join(" ".join(textes_pdf(tmp_path / "dist" / "avenant-01.pdf")).split())
    assert ("Communauté de communes du Val Fictif et Ville de Fictiville, représentées par le Président de la "
            "communauté de communes, Maire de Fictiville ;") in texte
    assert ("Caisse d'allocations familiales, représentée par la Directrice, Sophie TITULAIRE, elle-même "
            "représentée par Mme Anne NOUVELLE, directrice adjointe ;") in texte
    assert "Conseils citoyens du Val, représentés par leurs membres désignés" in texte
    assert f"en {PARTENAIRES + 5} exemplaires originaux" in texte


def test_un_delegue_sans_genre_connu_est_signale_et_genre_le_decide(tmp_path: Path) -> None:
    """« L'Administratrice » says no gender: check warns; ``genre: f`` makes it « représentée »."""
    sources = _sources(tmp_path)
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace('qualite: "La Directrice"',
                                                                   'qualite: "L\'Administratrice"'), encoding="utf-8")
    fini = lancer("check", "--sources", str(sources))
    sortie = " ".join((fini.stdout + fini.stderr).split())
    assert fini.returncode == 0, sortie
    assert ("la qualité « L'Administratrice » ne commence ni par « Le » ni par « La » : la page imprimera "
            "« représenté(e) par » son délégué") in sortie
    page = _page_des_signatures(_texte(rendre_docx(valider_dossier(sources).contrat, OptionsRendu(gabarit=GABARIT))))
    assert "représenté(e) par M. Paul DELEGUE, directeur adjoint" in page
    contrat.write_text(contrat.read_text(encoding="utf-8").replace('qualite: "L\'Administratrice"',
                                                                   'qualite: "L\'Administratrice"\n    genre: f'),
                       encoding="utf-8")
    page = _page_des_signatures(_texte(rendre_docx(valider_dossier(sources).contrat, OptionsRendu(gabarit=GABARIT))))
    assert page[page.index("Caisse d'allocations familiales"):][1:4] == [
        "représentée par l'Administratrice", "Sophie TITULAIRE", "représentée par M. Paul DELEGUE, directeur adjoint"]


def test_une_organisation_signee_deux_fois_est_signalee(tmp_path: Path) -> None:
    sources = _sources(tmp_path)
    contrat = sources / "contrat.yaml"
    contrat.write_text(contrat.read_text(encoding="utf-8").replace("aussi_pour: [ville-fictiville]",
                                                                   "aussi_pour: [ville-fictiville, caf]"),
                       encoding="utf-8")
    fini = lancer("check", "--sources", str(sources))
    sortie = " ".join((fini.stdout + fini.stderr).split())
    assert fini.returncode == 0, sortie
    assert "l'organisation « caf » signe aussi par le signataire « caf » : deux blocs, deux originaux" in sortie


def test_un_seul_exemplaire_s_ecrit_au_singulier(tmp_path: Path) -> None:
    sources = _sources(tmp_path, exemplaires="1")
    contrat = valider_dossier(sources).contrat
    page = _page_des_signatures(_texte(rendre_docx(contrat, OptionsRendu(gabarit=GABARIT))))
    assert page[1] == "Fait à Fictiville, le 1er juillet 2024, en un exemplaire original."
    fini = lancer("check", "--sources", str(sources))
    sortie = " ".join((fini.stdout + fini.stderr).split())
    assert "un exemplaire original pour 19 organisations signataires" in sortie
