"""The contract's follow-up as check reads it: indicator sheets (sources/indicateurs.yaml) attached
to the criteria, and the follow-up folder beside the sources (suivi/: yearly values, programmation)
judged against the contract. Each error is a French message at file:line:column (a workbook's
cell), exit 1, no traceback; the coverage of the criteria is in check's summary; the values the
model holds are those pandas reads from the files."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from contrat.application.sources import lire
from contrat.controles.suivi import juger_suivi
from hostiles import MINIMAL, copie_minimale

from conftest import RACINE, lancer

FICHES = """indicateurs:
  - code: sorties-positives
    critere: sorties
    libelle: "Sorties positives des jeunes accompagnés"
    type: resultat
    unite: "%"
    perimetre: {comparaisons: [epci]}
    par_sexe: oui
    reference: {annee: "2023", valeur: "41,5"}
    cibles: {sens: hausse, "2027": "45", "2030": "50"}
    responsable: ccvf
  - code: jeunes-accompagnes
    critere: sorties
    libelle: "Jeunes accompagnés"
    type: realisation
    unite: "nombre"
    sans_sexe: "effectifs trop faibles pour être publiés par sexe"
    responsable: caf
  - code: appreciation
    critere: sorties
    libelle: "Qualité des sorties, vue par les jeunes"
    type: qualitatif
    sans_sexe: "appréciation collective"
"""

ENTETE = "indicateur;annee;zone;sexe;valeur;statut;commentaire"


def _contrat(dossier: Path, fiches: str = FICHES) -> Path:
    sources = copie_minimale(dossier)
    (sources / "indicateurs.yaml").write_text(fiches, encoding="utf-8")
    return sources


def _valeurs(sources: Path, lignes: list[str], nom: str = "2025.csv") -> Path:
    valeurs = sources.parent / "suivi" / "valeurs"
    valeurs.mkdir(parents=True, exist_ok=True)
    (valeurs / nom).write_text("\n".join([ENTETE, *lignes]) + "\n", encoding="utf-8")
    return valeurs / nom


def _check(sources: Path, *options: str) -> tuple[int, list[str], str]:
    fini = lancer("check", *options, "--sources", str(sources))
    assert "Traceback" not in fini.stderr
    return fini.returncode, fini.stderr.splitlines(), fini.stdout


def _ligne(lignes: list[str], debut: str) -> str:
    trouvees = [l for l in lignes if l.startswith(debut)]
    assert len(trouvees) == 1, (debut, lignes)
    return trouvees[0]


def test_chaque_faute_des_valeurs_est_nommee_a_sa_ligne_et_sa_colonne(tmp_path: Path) -> None:
    sources = _contrat(tmp_path)
    _valeurs(sources, [
        "sorties-positives;2025;les-tilleuls;femmes;43,5;;",          # 2: fine
        "sorties-positive;2025;les-tilleuls;ensemble;40;;",           # 3: unknown indicator
        "sorties-positives;2021;les-tilleuls;ensemble;40;;",          # 4: year outside 2024-2030
        "sorties-positives;2025;les-peupliers;ensemble;40;;",         # 5: QPV not in the contract
        "jeunes-accompagnes;2025;les-tilleuls;ensemble;45 %;;",       # 6: % in a sheet in « nombre »
        "sorties-positives;2025;epci;ensemble;130;;",                 # 7: a percentage > 100
        "sorties-positives;2024;les-tilleuls;ensemble;12;secret;",    # 8: secret with a value
        "sorties-positives;2024;epci;ensemble;12;non_transmise;",     # 9: not transmitted with a value
        "sorties-positives;2025;les-tilleuls;femmes;44;;",            # 10: twice the same value
        "sorties-positives;2025;les-tilleuls;tous;44;;",              # 11: unknown sex
        "appreciation;2025;les-tilleuls;ensemble;3;;",                # 12: a figure for a qualitative sheet
    ])
    code, lignes, _ = _check(sources)
    assert code == 1
    f = "suivi/valeurs/2025.csv"
    assert "indicateur « sorties-positive » inconnu : aucune fiche de ce code dans indicateurs.yaml (vouliez-vous " \
           "« sorties-positives » ?)" in _ligne(lignes, f"{f}:3:1:")
    assert _ligne(lignes, f"{f}:4:2:").endswith("colonne « annee » : année 2021 hors de la période du contrat "
                                                 "(2024-2030) : une valeur de départ s'écrit dans la « reference » de "
                                                 "la fiche")
    assert "zone « les-peupliers » : ni un quartier du contrat (les-tilleuls), ni une zone de comparaison" \
           in _ligne(lignes, f"{f}:5:3:")
    assert _ligne(lignes, f"{f}:6:5:").endswith("valeur en « % » pour l'indicateur « jeunes-accompagnes », dont "
                                                 "l'unité est « nombre »")
    assert _ligne(lignes, f"{f}:7:5:").endswith("130 % : un pourcentage est compris entre 0 et 100 (l'indicateur "
                                                 "« sorties-positives » est en %)")
    assert _ligne(lignes, f"{f}:8:5:").endswith("valeur donnée sous secret statistique : elle ne se publie pas "
                                                 "(laisser la cellule « valeur » vide)")
    assert "valeur donnée avec le statut « non_transmise »" in _ligne(lignes, f"{f}:9:5:")
    assert _ligne(lignes, f"{f}:10:1:").endswith("valeur en double : « sorties-positives », 2025, les-tilleuls, "
                                                  "femmes est déjà donnée en suivi/valeurs/2025.csv:2")
    assert "« tous » : valeur non admise (valeurs possibles : femmes, hommes, ensemble)" in _ligne(lignes, f"{f}:11:4:")
    assert "valeur chiffrée pour l'indicateur qualitatif « appreciation »" in _ligne(lignes, f"{f}:12:5:")
    # Women without men, for a sheet followed by sex: a warning, on the first value of the year.
    assert _ligne(lignes, f"{f}:2:1:").endswith("avertissement : indicateur « sorties-positives » suivi par sexe "
                                                 "(par_sexe) : 2025, les-tilleuls sans valeur pour les hommes (une "
                                                 "valeur manquante s'écrit avec son statut)")
    assert lignes[-1] == "10 erreurs : aucun document produit."


def test_des_valeurs_justes_passent_et_le_resume_les_compte(tmp_path: Path) -> None:
    sources = _contrat(tmp_path)
    # A comma-separated export, the decimal comma quoted, the QPV by its code; a secret value
    # and its status; a count written with its unit.
    valeurs = sources.parent / "suivi" / "valeurs"
    valeurs.mkdir(parents=True)
    (valeurs / "2024.csv").write_text(
        "indicateur,annee,zone,sexe,valeur,statut\n"
        "sorties-positives,2024,les-tilleuls,femmes,\"43,5 %\",disponible\n"
        "sorties-positives,2024,les-tilleuls,hommes,,secret\n"
        "jeunes-accompagnes,2024,les-tilleuls,ensemble,\"1 204 nombre\",\n", encoding="utf-8")
    code, lignes, sortie = _check(sources, "--strict")
    assert code == 0, lignes
    assert "; 0 avertissement ; 1/1 critère mesuré, 1 par sexe ; suivi (2024) : 3 valeurs, 0 action programmée (" \
           in sortie


def test_un_classeur_nomme_la_cellule_de_sa_feuille(tmp_path: Path) -> None:
    sources = _contrat(tmp_path)
    dossier = sources.parent / "suivi" / "valeurs"
    dossier.mkdir(parents=True)
    table = pd.DataFrame([["sorties-positives", 2025, "les-tilleuls", "femmes", 43.5, "disponible"],
                          ["sorties-positives", 2025, "QN99999Z", "hommes", 45, "disponible"]],
                         columns=ENTETE.split(";")[:6])
    table.to_excel(dossier / "2025.xlsx", index=False, sheet_name="Feuil1")
    code, lignes, _ = _check(sources)
    assert code == 1
    assert "suivi/valeurs/2025.xlsx:3:3: cellule Feuil1!C3 (colonne « zone ») : zone « QN99999Z » : ni un quartier " \
           "du contrat" in _ligne(lignes, "suivi/valeurs/2025.xlsx:3:3:")


def test_un_fichier_de_valeurs_illisible_est_dit_sans_trace(tmp_path: Path) -> None:
    sources = _contrat(tmp_path)
    valeurs = sources.parent / "suivi" / "valeurs"
    valeurs.mkdir(parents=True)
    (valeurs / "latin1.csv").write_bytes((ENTETE + "\nsorties-positives;2025;les-tilleuls;femmes;43,5;;é\n")
                                         .encode("latin-1"))
    (valeurs / "decale.csv").write_text(ENTETE + "\nsorties-positives;2025;les-tilleuls;femmes;43,5;;;;\n",
                                        encoding="utf-8")
    (valeurs / "colonnes.csv").write_text("indicateur;annee;quartier;valeur\n", encoding="utf-8")
    (valeurs / "2025.ods").write_bytes(b"PK")
    ailleurs = tmp_path / "ailleurs.csv"
    ailleurs.write_text(ENTETE + "\n", encoding="utf-8")
    (valeurs / "lien.csv").symlink_to(ailleurs)
    code, lignes, _ = _check(sources)
    assert code == 1
    assert "le fichier n'est pas encodé en UTF-8 (l'enregistrer en « CSV UTF-8 »)" in _ligne(
        lignes, "suivi/valeurs/latin1.csv:2:1:")
    assert "9 cellules au lieu de 7" in _ligne(lignes, "suivi/valeurs/decale.csv:2:1:")
    colonnes = [l for l in lignes if l.startswith("suivi/valeurs/colonnes.csv:1:")]
    assert any("colonne inconnue « quartier »" in l for l in colonnes)
    assert any("il manque la ou les colonnes zone" in l for l in colonnes)
    assert "avertissement : fichier non lu" in _ligne(lignes, "suivi/valeurs/2025.ods:")
    assert _ligne(lignes, "suivi/valeurs/lien.csv:").endswith("est un lien qui sort du dossier suivi/ : refusé")


def test_chaque_faute_de_la_programmation_est_nommee(tmp_path: Path) -> None:
    sources = _contrat(tmp_path)
    programmation = sources.parent / "suivi" / "programmation"
    programmation.mkdir(parents=True)
    (programmation / "2025.csv").write_text(
        "action;porteur;axe;quartier;credits_specifiques;droit_commun;cofinanceurs;beneficiaires_femmes;"
        "beneficiaires_hommes;pluriannuel\n"
        "Atelier CV;Mission locale;insertion;les-tilleuls;12 000;5 000;caf, etat;12;9;oui\n"
        "Atelier CV;Mission locale;insertio;;1 000;0;;;;non\n"
        "Atelier CV;Mission locale;insertion;les-peupliers;1 000;0;cafe;3;4;non\n"
        "Atelier CV;Mission locale;insertion;;-500;0;;;;non\n", encoding="utf-8")
    (programmation / "budget.csv").write_text("action;porteur;axe\nx;y;insertion\n", encoding="utf-8")
    (programmation / "2035.csv").write_text("action;porteur;axe\nx;y;insertion\n", encoding="utf-8")
    pd.DataFrame([["x", "y", "insertion"]], columns=["action", "porteur", "axe"]).to_excel(programmation / "2025.xlsx",
                                                                                           index=False)
    code, lignes, _ = _check(sources)
    assert code == 1
    f = "suivi/programmation/2025.csv"
    assert _ligne(lignes, f"{f}:3:3:").endswith("colonne « axe » : axe « insertio » inconnu (enjeux.yaml) (vouliez-vous "
                                                 "« insertion » ?)")
    assert "quartier « les-peupliers » absent du contrat (quartiers : les-tilleuls)" in _ligne(lignes, f"{f}:4:4:")
    assert "cofinanceur : organisation « cafe » absente du registre (vouliez-vous « caf » ?)" in _ligne(
        lignes, f"{f}:4:7:")
    assert _ligne(lignes, f"{f}:5:5:").endswith("montant négatif (-500) : un montant mobilisé est positif ou nul")
    assert "se nomme par son année" in _ligne(lignes, "suivi/programmation/budget.csv:")
    assert "programmation 2035 hors de la période du contrat (2024-2030)" in _ligne(lignes, "suivi/programmation/2035.csv")
    assert _ligne(lignes, "suivi/programmation/2025.xlsx").endswith(
        "programmation 2025 déjà donnée par « suivi/programmation/2025.csv » : une année, un fichier")


def test_chaque_faute_des_fiches_est_nommee_dans_indicateurs_yaml(tmp_path: Path) -> None:
    fiches = FICHES.replace("critere: sorties\n    libelle: \"Jeunes", "critere: sortie\n    libelle: \"Jeunes")
    fiches = fiches.replace("responsable: caf", "responsable: ccvff").replace("responsable: ccvf\n",
                                                                             "responsable: etat\n    producteur: insee\n")
    sources = _contrat(tmp_path, fiches)
    _remplacer_dans(sources / "contrat.yaml", '  - {code: prefet, organisation: etat, qualite: "La Préfète", '
                                             'nom: "Camille EXEMPLE"}\n', "")
    code, lignes, _ = _check(sources)
    assert code == 1
    assert "avertissement : indicateur « Jeunes accompagnés », critere : critère d'évaluation « sortie » inconnu " \
           "(vouliez-vous « sorties » ?) : la fiche ne mesure aucun critère" in _ligne(lignes, "sources/indicateurs.yaml:14:14:")
    assert "organisation « ccvff » absente du registre (vouliez-vous « ccvf » ?)" in _ligne(
        lignes, "sources/indicateurs.yaml:19:18:")
    assert "« etat » ne signe pas le contrat : le responsable des données est un signataire" in _ligne(
        lignes, "sources/indicateurs.yaml:11:18:")
    assert "organisation « insee » absente du registre" in _ligne(lignes, "sources/indicateurs.yaml:12:17:")


def test_une_fiche_qualitative_chiffree_est_refusee_au_typage(tmp_path: Path) -> None:
    sources = _contrat(tmp_path, FICHES.replace('sans_sexe: "appréciation collective"',
                                                'sans_sexe: "appréciation collective"\n    unite: "%"'))
    code, lignes, _ = _check(sources)
    assert code == 1
    assert any(l.startswith("sources/indicateurs.yaml:19:5:") and "une fiche qualitative n'a ni unité, ni "
               "référence, ni cibles chiffrées (ici : unite)" in l for l in lignes), lignes


def _remplacer_dans(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert avant in texte
    fichier.write_text(texte.replace(avant, apres), encoding="utf-8")


def test_la_couverture_des_criteres_et_du_sexe(tmp_path: Path) -> None:
    # Without sheets: no warning (the file is optional), the summary says none is measured.
    code, _, sortie = _check(MINIMAL, "--strict")
    assert code == 0 and "; 0 avertissement ; 0/1 critère mesuré, 0 par sexe (" in sortie
    # A second criterion without a sheet, a sheet that does not say whether it is by sex.
    fiches = FICHES.replace('    sans_sexe: "effectifs trop faibles pour être publiés par sexe"\n', "")
    sources = _contrat(tmp_path, fiches)
    _remplacer_dans(sources / "contrat.yaml", 'criteres_evaluation: [{code: sorties, texte: "Nombre de sorties positives"}]',
                    'criteres_evaluation: [{code: sorties, texte: "Nombre de sorties positives"}, '
                    '{code: abandons, texte: "Abandons en cours de parcours"}]')
    code, lignes, sortie = _check(sources)
    assert code == 0
    assert "; 2 avertissements ; 1/2 critères mesurés, 1 par sexe (" in sortie
    assert any("avertissement :" in l and "critère « abandons » sans fiche d'indicateur (indicateurs.yaml)" in l
               and l.startswith("sources/contrat.yaml:61:") for l in lignes), lignes
    assert _ligne(lignes, "sources/indicateurs.yaml:12:5:").endswith(
        "avertissement : indicateur « Jeunes accompagnés » : « jeunes-accompagnes » ne dit pas s'il est suivi par sexe "
        "(les données du rapport annuel sont présentées par sexe) : « par_sexe: oui », ou « sans_sexe: » et la raison")
    strict, lignes, _ = _check(sources, "--strict")
    assert strict == 1 and lignes[-1] == "0 erreur : aucun document produit."


def test_un_critere_de_meme_code_dans_deux_axes_demande_son_axe(tmp_path: Path) -> None:
    grand_dole = (RACINE / "sources" / "indicateurs.yaml").read_text(encoding="utf-8")
    fiche = grand_dole[grand_dole.index("  - code: participants-diversite"):grand_dole.index("  - code: reussite-apprentissage")]
    dole = tmp_path / "dole"
    shutil.copytree(RACINE / "sources", dole / "sources")
    (dole / "sources" / "indicateurs.yaml").write_text("indicateurs:\n" + fiche.replace(
        "    axe: diversite-culturelle-integration\n", ""), encoding="utf-8")
    # The contract stays valid (a sheet prints nothing): a warning, an error under --strict.
    code, lignes, _ = _check(dole / "sources", "--strict")
    assert code == 1
    assert _ligne(lignes, "sources/indicateurs.yaml:3:14:").endswith(
        "critere : le critère « nombre-participants » est dans 3 axes (diversite-culturelle-integration, "
        "vivre-ensemble, laicite-citoyennete-valeurs) : préciser lequel par « axe » (la fiche les mesure tous d'ici là)")
    assert "avertissement : indicateur « Participants aux sessions" in _ligne(lignes, "sources/indicateurs.yaml:3:14:")


def test_le_grand_dole_mesure_ses_55_criteres_et_l_exemple_passe_strict() -> None:
    code, _, sortie = _check(RACINE / "sources")
    assert code == 0
    assert "; 55/55 critères mesurés, 24 par sexe ; suivi (2024-2025) : 216 valeurs, 10 actions programmées (" in sortie
    code, lignes, sortie = _check(RACINE / "exemples" / "rives-de-l-exemple" / "sources", "--strict")
    assert code == 0, lignes
    assert "; 0 avertissement ; 6/6 critères mesurés, 6 par sexe ; suivi (2024-2025) : 196 valeurs, 4 actions " \
           "programmées (" in sortie


@pytest.mark.parametrize("exemple", ["sources", "exemples/rives-de-l-exemple/sources"])
def test_les_valeurs_du_modele_sont_celles_que_pandas_lit(exemple: str) -> None:
    sources = RACINE / exemple
    contrat = lire(sources).contrat
    juge = juger_suivi(sources, contrat)
    assert juge is not None and juge.erreurs == []
    code_qp = {q.code_qp: q.code for q in contrat.quartiers if q.code_qp}
    lues = []
    for fichier in sorted((sources.parent / "suivi" / "valeurs").iterdir()):
        if fichier.suffix == ".csv":
            table = pd.read_csv(fichier, sep=";", dtype=str, keep_default_na=False)
        else:
            table = pd.read_excel(fichier, dtype=str, keep_default_na=False, engine="openpyxl")  # another reader than the engine's
        lues.append(table)
    table = pd.concat(lues)
    disponibles = table[table["statut"] == "disponible"]
    attendu = {(r.indicateur, int(r.annee), code_qp.get(r.zone, r.zone), r.sexe):
               Decimal(r.valeur.replace("\u202f", "").replace(" ", "").replace(",", "."))
               for r in disponibles.itertuples()}
    modele = {(v.indicateur, v.annee, v.zone, v.sexe): v.valeur for v in juge.suivi.valeurs if v.statut == "disponible"}
    assert modele == attendu and len(modele) > 100
    secrets = table[table["statut"] == "secret"]
    assert {(v.indicateur, v.annee, v.zone, v.sexe) for v in juge.suivi.valeurs if v.statut == "secret"} == {
        (r.indicateur, int(r.annee), code_qp.get(r.zone, r.zone), r.sexe) for r in secrets.itertuples()}
    # The programmation's funds, recomputed: each action's specific credits and droit commun.
    programmation = pd.read_csv(sources.parent / "suivi" / "programmation" / "2025.csv", sep=None, engine="python",
                                dtype=str)
    actions = juge.suivi.programmation(2025)
    assert actions is not None
    total = sum(Decimal(x.replace(" ", "")) for x in programmation["credits_specifiques"])
    assert sum(a.credits_specifiques for a in actions.actions) == total > 0


def test_les_donnees_de_suivi_n_arretent_que_check(tmp_path: Path) -> None:
    """The follow-up is not a contract source: what builds, amends or verifies the contract reads
    the sources alone (``verifier``, ``lire(...).juger``), whatever suivi/ holds; check reads both."""
    from contrat.application.sources import verifier

    sources = _contrat(tmp_path)
    _valeurs(sources, ["inconnu;2025;les-tilleuls;ensemble;12;;"])
    assert verifier(sources).suivi is None and lire(sources).juger().contrat.indicateurs
    code, lignes, _ = _check(sources)
    assert code == 1 and "indicateur « inconnu » inconnu" in _ligne(lignes, "suivi/valeurs/2025.csv:2:1:")


def test_une_reference_cite_un_chiffre_cle_du_contrat(tmp_path: Path) -> None:
    from contrat.impression.evaluation import reference_de

    habitants = """  - code: habitants
    critere: sorties
    libelle: "Habitants du quartier"
    type: contexte
    unite: "{unite}"
    sans_sexe: "population"
    reference: {{annee: "2020", chiffre: {chiffre}}}
"""
    sources = _contrat(tmp_path, FICHES + habitants.format(unite="nombre", chiffre="population.habitants.2020"))
    contrat = lire(sources).juger().contrat
    depart = reference_de(contrat, contrat.indicateurs[-1])  # typed once, in chiffres_cles.yaml
    assert depart is not None and getattr(depart, "valeur", None) == Decimal(1480)
    (sources / "indicateurs.yaml").write_text(
        FICHES + habitants.format(unite="nombre", chiffre="population.habitant.2020")
        + habitants.format(unite="%", chiffre="population.habitants.2020").replace("code: habitants", "code: part"),
        encoding="utf-8")
    code, lignes, _ = _check(sources)
    assert code == 1
    assert _ligne(lignes, "sources/indicateurs.yaml:30:41:").endswith(
        "chiffre « population.habitant.2020 » introuvable dans les tableaux de chiffres clés (tableau.ligne.colonne) ; "
        "proches : population.habitants.2020, population.habitants.2014")
    # The table's line has no unit: the sheet's is not contradicted; a typed value and a figure
    # cited together are refused when typed.
    assert lignes[-1] == "1 erreur : aucun document produit."
    (sources / "indicateurs.yaml").write_text(FICHES + habitants.format(
        unite="nombre", chiffre='population.habitants.2020, valeur: "1 480"'), encoding="utf-8")
    code, lignes, _ = _check(sources)
    assert code == 1 and "« valeur », ou « chiffre » (tableau.ligne.colonne des chiffres clés) : l'un ou l'autre" \
        in _ligne(lignes, "sources/indicateurs.yaml:30:")
