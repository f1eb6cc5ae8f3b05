"""The example amendments of shared/scenarios, as edits of a copy of the sources."""

from __future__ import annotations

from pathlib import Path


def remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert texte.count(avant) == 1, avant
    fichier.write_text(texte.replace(avant, apres), encoding="utf-8")


def avenant_1(sources: Path) -> None:
    """Avenant n° 1 — comité de pilotage du 12 juin 2025."""
    csv = sources / "donnees" / "demandeurs-emploi-t2.csv"
    csv.write_text("code;libelle;2022;2023;2024\n"
                   "demandeurs-t2;Nombre de demandeurs d'emploi T2;453;409;398\n"
                   "demandeurs-moins-26-t2;Nombre de demandeurs d'emploi de catégories A, B ou C de moins "
                   "de 26 ans T2;60;45;41\n", encoding="utf-8")
    enjeux = sources / "enjeux.yaml"
    remplacer(enjeux, '''          - code: "creation-activite"
            texte: "Accompagner et sécuriser la création d'activité"
''', '''          - code: "creation-activite"
            texte: "Accompagner et sécuriser la création d'activité"
          - code: "pacte-plein-emploi"
            texte: "Déployer le Pacte plein emploi sur le quartier avec France Travail et le réseau pour l'emploi"
''')
    remplacer(enjeux, '''            texte: "Evolution des lieux de stage pour les élèves : Diversité et qualité des stages"
''', '''            texte: "Evolution des lieux de stage pour les élèves : Diversité et qualité des stages"
          - code: "orientation-filles-femmes"
            texte: "Nombre de jeunes filles et de femmes accompagnées dans leur orientation"
''')
    remplacer(enjeux, 'texte: "Centre de santé polyvalent"',
              'texte: "Centre de santé polyvalent de la Mutualité du Jura (ouvert en 2025)"')
    organisations = sources / "organisations.yaml"
    organisations.write_text(organisations.read_text(encoding="utf-8") + '''  - code: "mutualite-jura"
    libelle: "Mutualité du Jura"
    nom: "Mutualité du Jura"
    genre: "f"
''', encoding="utf-8")
    contrat = sources / "contrat.yaml"
    texte = contrat.read_text(encoding="utf-8")
    contrat.write_text(texte + '  - {code: mutualite-jura, organisation: mutualite-jura, '
                       'qualite: "Le Président de la Mutualité du Jura"}\n', encoding="utf-8")
    (sources / "avenants").mkdir(exist_ok=True)
    (sources / "avenants" / "avenant-01.yaml").write_text('''numero: "1"
modifie: "contrat-signe"
comite_pilotage: "2025-06-12"
objet: "actualiser les données de l'emploi, compléter les enjeux 2 et 3 et accueillir un nouveau signataire"
expose_motifs: |
  Le comité de pilotage du 12 juin 2025 a souhaité actualiser les données de l'emploi avec les chiffres 2024, intégrer le Pacte plein emploi et l'ouverture du centre de santé polyvalent, et renforcer les données genrées.
signature:
  lieu: "Dole"
''', encoding="utf-8")


def avenant_2(sources: Path) -> None:
    """Avenant n° 2 — comité de pilotage du 18 juin 2026 (on top of avenant n° 1)."""
    enjeux = sources / "enjeux.yaml"
    texte = enjeux.read_text(encoding="utf-8")
    # Enjeu 4: the axis « Lutter contre les trafics » is removed, its objectives go to
    # « Maintenir la sécurité des biens, le partage de l'espace public » (same codes).
    debut = texte.index('      - code: "lutte-trafics"')
    bloc = texte[debut:]
    objectifs = bloc[bloc.index("        objectifs:\n") + len("        objectifs:\n"):bloc.index("        partenaires:")]
    texte = texte[:debut]
    ancre = texte.index("        partenaires:", texte.index('      - code: "securite-espace-public"'))
    texte = texte[:ancre] + objectifs + texte[ancre:]
    texte = texte.replace('texte: "Nombre de jeunes repérés par la vidéo surveillance"',
                          'texte: "Nombre d\'interventions consécutives à la vidéoprotection"')
    # Enjeu 1: « Lien ville/quartier » is placed before « Vie du quartier ».
    vie = texte.index('      - code: "vie-du-quartier"')
    lien = texte.index('      - code: "lien-ville-quartier"')
    fin_lien = texte.index("\n  - code:", lien) + 1  # next enjeu: « Lien » is enjeu 1's last axis
    texte = texte[:vie] + texte[lien:fin_lien] + texte[vie:lien] + texte[fin_lien:]
    enjeux.write_text(texte, encoding="utf-8")
    remplacer(sources / "textes" / "evaluation.md",
              "Le Contrat de ville fera l'objet d'une évaluation intermédiaire et finale en 2030.",
              "Le Contrat de ville a fait l'objet d'une évaluation intermédiaire présentée au comité de pilotage du "
              "18 juin 2026 ; son évaluation finale aura lieu en 2030.")
    carte(sources / "annexes" / "carte-perimetre.pdf")
    remplacer(sources / "contrat.yaml", "  - {code: civ, fichier: annexes/civ.yaml}\n",
              "  - {code: civ, fichier: annexes/civ.yaml}\n"
              "  - {code: carte-perimetre, titre: \"Carte du périmètre du quartier prioritaire\", "
              "fichier: annexes/carte-perimetre.pdf}\n")
    (sources / "avenants" / "avenant-02.yaml").write_text('''numero: "2"
modifie: "avenant-1"
comite_pilotage: "2026-06-18"
objet: "recentrer l'enjeu 4, tenir compte du bilan à mi-parcours et annexer la carte du périmètre"
expose_motifs: |
  Le comité de pilotage du 18 juin 2026 a souhaité recentrer l'enjeu 4, tenir compte du bilan à mi-parcours et annexer la carte du périmètre du quartier prioritaire.
signature:
  lieu: "Dole"
''', encoding="utf-8")


def avenant_3(sources: Path) -> None:
    """A third avenant (not in shared/scenarios): the map annex is replaced by a new version."""
    carte(sources / "annexes" / "carte-perimetre.pdf", "Perimetre du QPV Mesnils Pasteur - mise a jour 2027")
    (sources / "avenants" / "avenant-03.yaml").write_text('''numero: "3"
modifie: "avenant-2"
comite_pilotage: "2027-06-10"
objet: "remplacer la carte du périmètre par sa version mise à jour"
expose_motifs: |
  Les services de l'État ont transmis une carte du périmètre mise à jour.
signature:
  lieu: "Dole"
''', encoding="utf-8")


def carte(chemin: Path, legende: str = "Perimetre du QPV Mesnils Pasteur") -> None:
    """The map of the QPV perimeter supplied by the State services (a one-page PDF)."""
    import pikepdf

    pdf = pikepdf.new()
    police = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                  BaseFont=pikepdf.Name.Helvetica))
    contenu = pdf.make_stream(f"BT /F1 20 Tf 72 760 Td ({legende}) Tj ET ".encode() +
                              b"0.2 0.4 0.7 RG 4 w 120 200 m 480 260 l 430 620 l 160 560 l h S")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=contenu,
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=police)))
    pdf.pages.append(pikepdf.Page(page))
    chemin.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(chemin)
