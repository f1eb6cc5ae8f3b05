"""Data of real contracts (issue 22): figures not communicated or under statistical secrecy, the
document's subject with many QPV, references to totals, labelled totals, numbers normalised in
their column, a QPV's official code, usual name and status, a source per figure, the source line
of every table and an empty list of acronyms. Each test reads what prints (the PDF's text, the
DOCX's properties, the printed tree) or what ``check`` answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from hostiles import _remplacer, copie_minimale

from conftest import lancer

NOMS_LONGS = [
    "Monclar – Champfleury – Rocade Sud – Barbière",
    "Croix des Oiseaux, Reine Jeanne et Grand Cabaret",
    "Saint-Chamand – La Trillade – Les Olivades",
    "Les Sources – Pont des Deux Eaux – Argentière",
    "Le Jardin des Plantes et la Cité des Fleurs",
    "La Grande Côte – Les Hauts du Plateau Nord",
    "Quartier de la Gare – Faubourg Saint-Lazare",
    "Les Rives du Canal – Écluse – Vieux Port",
]

CHIFFRES = """# yaml-language-server: $schema=../../../../schemas/chiffres_cles.schema.json
tableaux:
  - code: population
    titre: "Population"
    source: insee-2020
    colonnes: [{code: "2014", libelle: "2014"}, {code: "2020", libelle: "2020"}]
    calculs: [{code: evolution, libelle: "Évolution", type: evolution_pct, de: "2014", a: "2020"}]
    lignes:
      - {code: habitants, libelle: "Habitants du QPV", valeurs: {"2014": "1 600", "2020": "1 480"}}
      - {code: menages, libelle: "Ménages", valeurs: {"2014": "n.c.", "2020": "702"}}
  - code: par-qpv
    titre: "Habitants par quartier"
    source: insee-2020
    total: {valeur: "34 200", unite: "habitants"}
    colonnes: [{code: habitants, libelle: "Habitants", unite: "hab."}, {code: pauvrete, libelle: "Pauvreté", unite: "%"}]
    lignes:
      - {code: a, libelle: "Quartier A", valeurs: {habitants: "5 537", pauvrete: "N.C."}}
      - {code: b, libelle: "Quartier B", valeurs: {habitants: "1579", pauvrete: "s"}}
      - {code: c, libelle: "Quartier C", valeurs: {habitants: "27659", pauvrete: "41.5"}}
    ligne_total: {libelle: "Ensemble", colonnes: [habitants]}
  - code: allocataires
    titre: "Allocataires"
    source: insee-2020
    colonnes: [{code: nombre, libelle: "Nombre"}]
    lignes:
      - {code: x, libelle: "Familles", valeurs: {nombre: "12"}}
      - {code: y, libelle: "Isolés", valeurs: {nombre: "s"}}
    ligne_total: {libelle: "Tous", colonnes: [nombre]}
  - code: export
    titre: "Demandeurs d'emploi exportés"
    fichier: donnees/export.csv
    calculs: [{code: ecart, libelle: "Écart", type: ecart, de: "2022", a: "2023"}]
"""

PREAMBULE = """Les quartiers comptent {chiffre:par-qpv.ligne_total.habitants} selon la somme des lignes, \
{chiffre:par-qpv.total} selon la source.

Le quartier B compte {chiffre:par-qpv.b.habitants}.
"""


def _quartiers_longs(sources: Path) -> None:
    """Eight QPV with long official names (a real agglomeration's), codes, statuses, a usual name,
    an area not communicated and one with its own source."""
    lignes = []
    for k, nom in enumerate(NOMS_LONGS, start=1):
        lignes += [f"  - code: q{k}", f'    nom: "{nom}"', '    commune: "Fictiville"', f'    code_qp: "QN0390{k}M"',
                   f'    statut: "{"nouvel entrant" if k % 2 else "maintenu"}"', '    source: insee-2020',
                   '    population: {valeur: "1 480", unite: "habitants"}']
        if k == 1:
            lignes.append('    nom_usuel: "Les Tilleuls"')
            lignes.append('    superficie: {valeur: "21", unite: "ha", source: sig-2024}')
        elif k == 2:
            lignes.append('    superficie: {valeur: "n.c."}')
    contrat = sources / "contrat.yaml"
    texte = contrat.read_text(encoding="utf-8")
    debut, fin = texte.index("quartiers:\n"), texte.index("periode:")
    texte = texte[:debut] + "quartiers:\n" + "\n".join(lignes) + "\n" + texte[fin:]
    texte = texte.replace('  - {code: insee-2020, libelle: "Source INSEE 2020"}',
                          '  - {code: insee-2020, libelle: "Source INSEE 2020"}\n'
                          '  - {code: sig-2024, libelle: "Cadastre communal 2024"}')
    texte = texte.replace('  nombre_communes: "12"\n', "")  # optional: nothing prints it
    contrat.write_text(texte, encoding="utf-8")


@pytest.fixture(scope="module")
def construit(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The minimal contract with all of the above, built once (DOCX and PDF)."""
    dossier = tmp_path_factory.mktemp("chiffres22")
    sources = copie_minimale(dossier)
    _quartiers_longs(sources)
    (sources / "chiffres_cles.yaml").write_text(CHIFFRES, encoding="utf-8")
    (sources / "donnees").mkdir()
    (sources / "donnees" / "export.csv").write_text("code;libelle;2022;2023\nde;Demandeurs;s;45\nje;Jeunes;12;10\n",
                                                     encoding="utf-8")
    (sources / "textes" / "preambule.md").write_text(PREAMBULE, encoding="utf-8")
    fini = lancer("--sources", str(sources), "--dist", str(dossier / "dist"))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    pdf = dossier / "dist" / "contrat-de-ville.pdf"
    texte = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    return {"texte": texte.replace("\u202f", " ").replace("\u00a0", " "),
            "docx": Document(str(dossier / "dist" / "contrat-de-ville.docx")), "sortie": fini.stdout + fini.stderr}


def _check(sources: Path) -> tuple[int, str]:
    fini = lancer("check", "--sources", str(sources))
    return fini.returncode, " ".join((fini.stdout + fini.stderr).split())


# --- missing figures ------------------------------------------------------------------------------


def test_une_valeur_manquante_s_imprime_par_sa_marque_avec_une_note(construit: dict) -> None:
    texte = construit["texte"]
    # « N.C. » typed in the YAML, « s » in a CSV export: both print their mark, with the note.
    assert re.search(r"Quartier A 5 537 hab\. n\.c\.", texte), texte
    assert re.search(r"Quartier B 1 579 hab\. s ", texte)
    assert "n.c. : non communiqué ; s : secret statistique" in texte
    assert "Demandeurs s 45 s" in texte  # the gap from a secret figure is not computed
    assert "Ménages n.c. 702 n.c." in texte  # nor is an evolution from a figure not communicated


def test_un_total_sur_une_colonne_qui_a_une_valeur_secrete_n_est_pas_calcule(construit: dict) -> None:
    # 12 + « s »: printing 12 would pass for the total, and a published total would give the
    # secret figure away. The total line prints the mark.
    assert "Familles 12" in construit["texte"] and "Isolés s Tous s" in construit["texte"]


@pytest.mark.parametrize(("ecrit", "attendu"), [
    ('"1 4SO"', "« 1 4SO » n'est pas un nombre (écriture attendue : 3025, 56 595 ou 34,7 ; une valeur manquante "
                "s'écrit « n.c. » (non communiqué) ou « s » (secret statistique))"),
    ('""', "valeur vide : écrire le nombre, ou « n.c. » (non communiqué) ou « s » (secret statistique)"),
    ("{}", "valeur vide : écrire le nombre, ou « n.c. »"),
])
def test_une_valeur_qui_n_est_pas_un_nombre_dit_comment_ecrire_une_valeur_manquante(tmp_path: Path, ecrit: str,
                                                                                   attendu: str) -> None:
    sources = copie_minimale(tmp_path)
    _remplacer(sources / "chiffres_cles.yaml", '"2020": "1 480"', f'"2020": {ecrit}')
    code, sortie = _check(sources)
    assert code == 1 and attendu in sortie, sortie


def test_une_cellule_vide_d_un_export_dit_comment_ecrire_une_valeur_manquante(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    (sources / "donnees").mkdir()
    (sources / "donnees" / "p.csv").write_text("code;libelle;2020\nhab;Habitants;\nmen;Ménages;n.c.\n", encoding="utf-8")
    _remplacer(sources / "chiffres_cles.yaml", "tableaux:\n", "tableaux:\n  - {code: p, titre: \"P\", fichier: donnees/p.csv}\n")
    code, sortie = _check(sources)
    assert code == 1, sortie
    assert "donnees/p.csv:2:3:" in sortie and "valeur vide : écrire le nombre, ou « n.c. »" in sortie
    assert "p.csv:3" not in sortie  # « n.c. » is accepted


def test_un_chiffre_cite_qui_manque_est_signale(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    (sources / "chiffres_cles.yaml").write_text(CHIFFRES.replace("fichier: donnees/export.csv", "fichier: x.csv")
                                                .split("  - code: export")[0], encoding="utf-8")
    (sources / "textes" / "preambule.md").write_text("La pauvreté atteint {chiffre:par-qpv.a.pauvrete}.\n",
                                                     encoding="utf-8")
    code, sortie = _check(sources)
    assert code == 0, sortie
    assert ("{chiffre:par-qpv.a.pauvrete} est « n.c. » (non communiqué) : la phrase imprimera « n.c. » à la place "
            "du chiffre") in sortie


# --- the DOCX subject, --debug ----------------------------------------------------------------------


def test_le_sujet_du_docx_tient_en_255_caracteres_avec_beaucoup_de_quartiers(construit: dict) -> None:
    sujet = construit["docx"].core_properties.subject
    # All the official names joined would make 400 characters (the build died, exit 70): the
    # subject says how many QPV and in which communes.
    assert len(" ".join(NOMS_LONGS)) > 255
    assert sujet == "Contrat de ville 2024-2030 – 8 quartiers prioritaires dans 1 commune : Fictiville"


def test_le_sujet_trop_long_est_coupe_a_un_mot_avec_des_points_de_suspension() -> None:
    from contrat.impression.unites import tronquer

    coupe = tronquer("mot " * 100)
    assert len(coupe) <= 255 and coupe.endswith("mot…")
    assert tronquer("court") == "court"


def test_debug_est_dans_l_aide() -> None:
    fini = lancer("--help")
    assert fini.returncode == 0
    assert "--debug" in fini.stdout and "trace Python" in fini.stdout


# --- references ---------------------------------------------------------------------------------


def test_un_renvoi_cite_la_ligne_de_total_et_le_total_saisi(construit: dict) -> None:
    texte = construit["texte"]
    assert "Les quartiers comptent 34 775 hab. selon la somme des lignes, 34 200 habitants selon la source." in texte
    assert "{chiffre:" not in texte  # nothing prints raw


def test_une_unite_qui_finit_une_phrase_n_imprime_pas_deux_points(construit: dict) -> None:
    assert "Le quartier B compte 1 579 hab. " in construit["texte"]
    assert "hab.." not in construit["texte"]


@pytest.mark.parametrize(("renvoi", "proches"), [
    ("{chiffre:population.ligne-total.2020}", "population.ligne_total"),
    ("{chiffre:Population.habitants.2020}", "population.habitants.2020"),
    ("{chiffre:population.habitants.2021}", "population.habitants.2020"),
    ("{chiffre:population.habitants.2020.x}", "population.habitants.2020"),
    ("{chiffre: population.habitants 2020}", "population.habitants.2020"),
    ("{Chiffre:population.habitant}", "population.habitants.2020"),
])
def test_un_renvoi_que_l_impression_ne_resout_pas_est_refuse_avec_les_renvois_proches(tmp_path: Path, renvoi: str,
                                                                                   proches: str) -> None:
    sources = copie_minimale(tmp_path)
    _remplacer(sources / "chiffres_cles.yaml", "    lignes:", "    ligne_total: {libelle: \"Total\"}\n    lignes:")
    (sources / "textes" / "preambule.md").write_text(f"Le quartier compte {renvoi} habitants.\n", encoding="utf-8")
    code, sortie = _check(sources)
    assert code == 1, sortie
    assert f"référence {renvoi} inconnue (références proches : " in sortie and proches in sortie, sortie


def test_une_unite_ecrite_apres_un_chiffre_qui_l_imprime_est_signalee(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _remplacer(sources / "chiffres_cles.yaml", '"2020": "1 480"}}', '"2020": "1 480"}, unite: "habitants"}')
    (sources / "textes" / "preambule.md").write_text("Le quartier compte {chiffre:population.habitants.2020} "
                                                     "habitants.\n", encoding="utf-8")
    code, sortie = _check(sources)
    assert code == 0, sortie
    assert ("{chiffre:population.habitants.2020} imprime déjà son unité (« 1 480 habitants ») : « habitants » écrit "
            "après s'imprimerait deux fois") in sortie


# --- totals, numbers ------------------------------------------------------------------------------


def test_le_total_saisi_et_la_ligne_calculee_sont_nommes(construit: dict) -> None:
    texte = construit["texte"]
    assert "Total indiqué : 34 200 habitants" in texte
    assert "Ensemble (somme des lignes) 34 775 hab." in texte


def test_les_nombres_d_une_colonne_s_impriment_a_la_francaise(construit: dict) -> None:
    texte = construit["texte"]
    # « 1579 » beside « 5 537 » and « 27659 »: grouped like them; « 41.5 » with a decimal comma.
    assert "1 579 hab." in texte and "27 659 hab." in texte and "1579" not in texte
    assert "41,5 %" in texte and "41.5" not in texte


def test_un_nombre_de_quatre_chiffres_seul_dans_sa_colonne_reste_tel_quel() -> None:
    from contrat.modele.nombres import lire_nombre, normaliser

    assert normaliser(lire_nombre("3025")) == "3025"  # the Grand Dole's « 3025 » QPV column
    assert normaliser(lire_nombre("3025"), grouper_milliers=True) == "3\u00a0025"
    assert normaliser(lire_nombre("1 480")) == "1\u00a0480"  # typed grouped, kept grouped
    assert normaliser(lire_nombre("-1234567,50")) == "\u22121\u00a0234\u00a0567,50"


# --- the QPV ------------------------------------------------------------------------------------


def test_le_tableau_des_quartiers_imprime_code_statut_nom_usuel_et_la_source_de_chaque_chiffre(construit: dict) -> None:
    texte = construit["texte"]
    assert "Quartier Code Commune Statut Superficie Population" in texte
    assert "QN03901M" in texte and "nouvel entrant" in texte and "maintenu" in texte
    assert "(« Les Tilleuls »)" in texte
    # The area of the first QPV has its own source: each source says which figures it gives.
    assert "(Source INSEE 2020, pour la superficie et la population)" in texte
    assert "(Cadastre communal 2024, pour la superficie)" in texte


def test_la_fiche_d_un_quartier_imprime_son_code_et_son_statut(tmp_path: Path) -> None:
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.arbre import parcourir
    from contrat.impression.unites import imprimer

    sources = copie_minimale(tmp_path)
    _remplacer(sources / "contrat.yaml", '    commune: "Fictiville"\n',
               '    commune: "Fictiville"\n    code_qp: "QN03901M"\n    statut: "maintenu"\n'
               '    nom_usuel: "Les Tilleuls du haut"\n')
    _remplacer(sources / "contrat.yaml", '{valeur: "21", unite: "ha"}', '{valeur: "21", unite: "ha", source: sig}')
    _remplacer(sources / "contrat.yaml", '  - {code: insee-2020, libelle: "Source INSEE 2020"}',
               '  - {code: insee-2020, libelle: "Source INSEE 2020"}\n  - {code: sig, libelle: "cadastre 2024"}')
    textes = [n.texte.replace("\u00a0", " ") for n in parcourir(imprimer(valider_dossier(sources).contrat))]
    assert "Quartier Les Tilleuls (« Les Tilleuls du haut »)" in textes
    assert "Code : QN03901M" in textes and "Statut : maintenu" in textes
    assert "Superficie : 21 ha (cadastre 2024)" in textes and "Population : 1 480 habitants" in textes


@pytest.mark.parametrize("code", ["QP039001", "qn03901m", "QN-039"])
def test_un_code_de_quartier_mal_forme_est_refuse(tmp_path: Path, code: str) -> None:
    sources = copie_minimale(tmp_path)
    _remplacer(sources / "contrat.yaml", '    commune: "Fictiville"\n', f'    commune: "Fictiville"\n    code_qp: "{code}"\n')
    retour, sortie = _check(sources)
    assert retour == 1
    assert f"« {code} » n'est pas un code de quartier prioritaire (« QN », le département puis le numéro" in sortie


def test_nombre_communes_est_facultatif_et_une_superficie_nulle_est_signalee(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _remplacer(sources / "contrat.yaml", '  nombre_communes: "12"\n', "")
    _remplacer(sources / "contrat.yaml", '{valeur: "21", unite: "ha"}', '{valeur: "0", unite: "ha"}')
    code, sortie = _check(sources)
    assert code == 0, sortie
    assert "superficie de 0 ha : si elle n'est pas connue, ne pas écrire « superficie »" in sortie


def test_une_superficie_non_communiquee_ou_inconnue_s_imprime_ainsi(construit: dict) -> None:
    # The second QPV writes « n.c. »; the others have no area at all.
    assert construit["texte"].count("non communiquée") == 7


# --- source lines, acronyms ---------------------------------------------------------------------


def test_chaque_tableau_imprime_sa_source_meme_celle_du_precedent(construit: dict) -> None:
    texte = construit["texte"]
    # Population, Habitants par quartier and Allocataires share their source: each says it.
    for titre in ("Population", "Habitants par quartier", "Allocataires"):
        assert f"{titre} Source INSEE 2020" in texte, titre


def test_une_liste_des_sigles_vide_imprime_une_phrase_et_pas_un_tableau_vide(tmp_path: Path) -> None:
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.arbre import Genre, parcourir
    from contrat.impression.unites import AUCUN_SIGLE, imprimer

    sources = copie_minimale(tmp_path)
    contrat = sources / "contrat.yaml"
    _remplacer(contrat, '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n',
               '  - {code: enjeux, titre: "Les enjeux", inclure: enjeux}\n'
               '  - {code: sigles, titre: "Liste des sigles", numerote: non, inclure: sigles}\n')
    arbre = imprimer(valider_dossier(sources).contrat)
    tableau = next(n for n in parcourir(arbre) if n.cle == "sigles" and n.genre != Genre.CHAPITRE)
    assert tableau.genre == Genre.TABLEAU and len(tableau.enfants) > 1  # acronyms used: the table
    # No acronym printed anywhere: a sentence instead of a header-only table.
    texte = contrat.read_text(encoding="utf-8")
    texte = texte.replace('libelle: "CAF", sigle: "CAF"', 'libelle: "Caisse"').replace('libelle: "CCVF"', 'libelle: "Val"')
    texte = texte.replace('"Source INSEE 2020"', '"Recensement 2020"').replace(
        "partenaires: [caf, {ref: [ccvf, etat], texte: \"CCVF et État\"}]", "partenaires: [caf]")
    contrat.write_text(texte, encoding="utf-8")
    (sources / "textes" / "preambule.md").write_text("Le quartier des Tilleuls.\n", encoding="utf-8")
    _remplacer(sources / "chiffres_cles.yaml", "Habitants du QPV", "Habitants")
    arbre = imprimer(valider_dossier(sources).contrat)
    sigles = next(n for n in parcourir(arbre) if n.cle == "sigles" and n.genre != Genre.CHAPITRE)
    assert sigles.genre == Genre.MENTION and sigles.texte == AUCUN_SIGLE == "Le contrat n'emploie aucun sigle."


def test_la_source_propre_d_un_chiffre_doit_exister(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    _remplacer(sources / "contrat.yaml", '{valeur: "21", unite: "ha"}', '{valeur: "21", unite: "ha", source: cadastre}')
    code, sortie = _check(sources)
    assert code == 1
    assert "superficie, source : « cadastre » n'est pas une source de sources_donnees (insee-2020)" in sortie


def test_une_evolution_depuis_zero_s_imprime_non_significative(tmp_path: Path) -> None:
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.arbre import parcourir
    from contrat.impression.unites import imprimer

    sources = copie_minimale(tmp_path)
    _remplacer(sources / "chiffres_cles.yaml", '"2014": "1 600"', '"2014": "0"')
    arbre = imprimer(valider_dossier(sources).contrat)
    ligne = next(n for n in parcourir(arbre) if n.cle == "habitants")
    assert [v.texte for v in ligne.enfants] == ["0", "1\u00a0480", "n.s."]  # never a division by zero


def test_un_export_xlsx_ecrit_ses_valeurs_manquantes_comme_le_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from contrat.controles.dossier import valider_dossier
    from contrat.impression.arbre import parcourir
    from contrat.impression.unites import imprimer

    sources = copie_minimale(tmp_path)
    (sources / "donnees").mkdir()
    classeur = Workbook()
    for rang in (["code", "libelle", "QPV"], ["pop", "Habitants", 1480], ["pauvres", "Pauvreté", "s"],
                 ["jeunes", "Jeunes", "n.c."]):
        classeur.active.append(rang)
    classeur.save(sources / "donnees" / "p.xlsx")
    _remplacer(sources / "chiffres_cles.yaml", "tableaux:\n", "tableaux:\n  - {code: p, titre: \"P\", fichier: donnees/p.xlsx}\n")
    # The QPV's population read from the secret cell: its card says so.
    _remplacer(sources / "contrat.yaml", '{valeur: "1 480", unite: "habitants"}', "{chiffre: p.pauvres.qpv}")
    arbre = imprimer(valider_dossier(sources).contrat)
    tableau = next(n for n in parcourir(arbre) if n.cle == "p")
    assert [[v.texte for v in l.enfants] for l in tableau.enfants if l.enfants][1:] == [["1480"], ["s"], ["n.c."]]
    assert "n.c. : non communiqué ; s : secret statistique" in [n.texte for n in tableau.enfants]
    assert "Population : secret statistique" in [n.texte for n in parcourir(arbre)]


# --- the crash class: what check passes, the DOCX renders -----------------------------------------


def _cas_aleatoire(alea, sources: Path, modele: dict, chiffres: dict) -> None:  # noqa: ANN001 - random.Random
    """A contract whose figure and QPV fields are drawn from values real users wrote, now and
    in some cases with what they mistyped (``mauvais``)."""
    import copy

    import yaml

    fautif = alea.random() < 0.4  # a case with mistakes, or none

    def tirer(bons: list, mauvais: list) -> object:
        return alea.choice(mauvais) if fautif and alea.random() < 0.15 else alea.choice(bons)

    noms = ["A", "x" * 300, "« Cité » & <b>", "Nom\u00a0insécable", "l'Île – Saint-Jean " * 12]
    valeurs = (["1 600", "0", "n.c.", "s", "-3,5", "1579", "27659", "34.7", "99999999999999999999", "N.C."],
               ["", "abc", "1 4SO"])
    contrat, tableaux = copy.deepcopy(modele), copy.deepcopy(chiffres)
    contrat["quartiers"] = [{
        "code": f"q{k}", "nom": alea.choice(noms), "commune": "Fictiville",
        **({"nom_usuel": alea.choice(noms)} if alea.random() < 0.5 else {}),
        **({"code_qp": tirer([f"QN039{k:02d}M", f"QN2A0{k:02d}", f"QN971{k:02d}N"], ["QP039001"])} if alea.random() < 0.5 else {}),
        **({"statut": tirer(["maintenu", "nouvel entrant", "périmètre modifié"], ["autre"])}
           if alea.random() < 0.5 else {}),
        **({"superficie": tirer([{"valeur": "0", "unite": "ha"}, {"valeur": "n.c."}, {"valeur": "s"},
                                 {"valeur": "38", "unite": "ha."}, {"valeur": "9", "unite": "ha", "source": "insee-2020"}],
                                [{"valeur": "38", "unite": "ha", "source": "x"}])} if alea.random() < 0.7 else {}),
        "population": {"chiffre": tirer(["population.habitants.2020", "population.ligne_total.2020"],
                                        ["population.x"])},
    } for k in range(alea.randint(1, 12))]
    t = tableaux["tableaux"][0]
    t["colonnes"][1]["unite"] = alea.choice(["", "hab.", "%", "€"])
    t["lignes"] = [{"code": f"l{k}", "libelle": alea.choice(noms),
                    "valeurs": {"2014": tirer(*valeurs), "2020": tirer(*valeurs)}} for k in range(alea.randint(1, 4))]
    t["lignes"][0]["code"] = "habitants"
    t["ligne_total"] = {"libelle": "Ensemble"}
    if alea.random() < 0.6:
        t["total"] = {"valeur": tirer(valeurs[0][:2], valeurs[1]), "unite": alea.choice(["habitants", "hab."])}
    (sources / "contrat.yaml").write_text(yaml.safe_dump(contrat, allow_unicode=True), encoding="utf-8")
    (sources / "chiffres_cles.yaml").write_text(yaml.safe_dump(tableaux, allow_unicode=True), encoding="utf-8")
    (sources / "textes" / "preambule.md").write_text(" ".join(
        tirer(["{chiffre:population.habitants.2020}.", "{chiffre:population.ligne_total.2020} au total.",
               "{chiffre: population.habitants.2014}", "Sans chiffre."], ["{chiffre:population.x}", "{chiffre:}"])
        for _ in range(2)) + "\n", encoding="utf-8")


def test_ce_que_check_accepte_des_chiffres_et_des_quartiers_s_imprime_sans_erreur_interne(tmp_path: Path) -> None:
    """40 contracts drawn from the values above: each is refused by check with a message, or
    renders its DOCX (Word's 255-character properties included) with every reference resolved."""
    import random

    import yaml

    from contrat.controles.dossier import valider_dossier
    from contrat.erreurs import ErreurSource
    from contrat.impression.arbre import parcourir
    from contrat.impression.unites import imprimer
    from contrat.rendu.docx import OptionsRendu, rendre_docx

    from conftest import RACINE

    sources = copie_minimale(tmp_path)
    modele = yaml.safe_load((sources / "contrat.yaml").read_text(encoding="utf-8"))
    chiffres = yaml.safe_load((sources / "chiffres_cles.yaml").read_text(encoding="utf-8"))
    options = OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx")
    acceptes = refuses = 0
    for graine in range(40):
        _cas_aleatoire(random.Random(graine), sources, modele, chiffres)
        try:
            contrat = valider_dossier(sources).contrat
        except ErreurSource as exc:
            assert str(exc).strip(), graine
            refuses += 1
            continue
        assert not any("{chiffre" in n.texte.lower() for n in parcourir(imprimer(contrat))), graine
        proprietes = Document(__import__("io").BytesIO(rendre_docx(contrat, options))).core_properties
        assert len(proprietes.subject) <= 255 and len(proprietes.title) <= 255
        acceptes += 1
    assert acceptes >= 5 and refuses >= 5, (acceptes, refuses)
