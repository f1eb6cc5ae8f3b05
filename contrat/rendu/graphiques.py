"""The report's charts drawn as PNG with matplotlib, from the printed tree's ``Figure``.

Rules (RGAA, WCAG 1.1.1 and 1.4.1): every value is labelled directly beside its mark, series are
told apart by their marker or hatching as well as their colour, and the alternative text and the
data table come from the same numbers (``impression.rapport``). The bytes are reproducible: the
project's declared fonts (Carlito, the template's Calibri), the Agg renderer, no date nor
software name in the file, a fixed hash salt.
"""

from __future__ import annotations

import io
import textwrap
from functools import cache
from typing import Any

from contrat.impression.arbre import Figure
from contrat.rendu.polices import RACINE_POLICES

POLICES = ("crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf")
"""Carlito: Calibri's metrics, the font of the template's text (a declared font)."""
COULEURS = ("#1F3864", "#9DC3E6", "#C55A11", "#A9D18E")
"""The template's dark blue, then a light blue: told apart by their lightness as well."""
HACHURES = ("", "///", "..", "xx")
MARQUEURS = ("o", "s", "D", "^")
LARGEUR_POUCES = 6.3
"""16 cm: the text's width."""
RESOLUTION = 150
LARGEUR_ETIQUETTE = 38


@cache
def _figure() -> Any:
    """matplotlib set up once: Carlito, no metadata that would change; its Figure class (not
    pyplot: no global state, no backend to choose, a tenth of a second less to load)."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure as FigureMpl

    familles = []
    for nom in POLICES:
        chemin = RACINE_POLICES / nom
        if chemin.is_file():
            font_manager.fontManager.addfont(str(chemin))
            familles.append("Carlito")
    matplotlib.rcParams.update({
        "font.family": familles[:1] or ["DejaVu Sans"],
        "font.size": 9,
        "svg.hashsalt": "contrat",
        "path.simplify": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "hatch.linewidth": 0.8,
    })
    return FigureMpl


def dessiner(figure: Figure) -> tuple[bytes, float]:
    """The chart as PNG bytes, and its width over its height (the writer sizes it)."""
    dessin = {"haltere": _haltere, "series": _series, "barres_empilees": _barres_empilees}[figure.sorte]
    fig = dessin(_figure(), figure)
    sortie = io.BytesIO()
    # The fastest zlib level: the PDF recompresses the image anyway (0.03 s less for four charts).
    fig.savefig(sortie, format="png", dpi=RESOLUTION, metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    largeur, hauteur = fig.get_size_inches()
    return sortie.getvalue(), float(largeur / hauteur)


def _marges(fig: Any, gauche: float, haut: float = 0.45, bas: float = 0.4, droite: float = 0.15, **autres: float) -> None:
    """Margins in inches (``tight_layout`` would lay the figure out once more: a third of its time);
    the left one holds the categories' labels, wrapped to ``LARGEUR_ETIQUETTE`` characters."""
    largeur, hauteur = fig.get_size_inches()
    fig.subplots_adjust(left=gauche / largeur, right=1 - droite / largeur, top=1 - haut / hauteur,
                        bottom=bas / hauteur, **autres)


def _coupe(texte: str, largeur: int = LARGEUR_ETIQUETTE) -> str:
    return "\n".join(textwrap.wrap(texte, largeur)) or texte


def _haltere(FigureMpl: Any, f: Figure) -> Any:
    """Each category a line from its QPV value (filled circle) to its area's (hollow square),
    both labelled."""
    n = len(f.categories)
    fig = FigureMpl(figsize=(LARGEUR_POUCES, 0.55 * n + 1.1))
    ax = fig.subplots()
    y = list(range(n))[::-1]
    qpv, zone = f.series[0], f.series[1]
    for k, (a, b) in enumerate(zip(qpv.valeurs, zone.valeurs)):
        if a is not None and b is not None:
            ax.plot([a, b], [y[k], y[k]], color="#7F7F7F", linewidth=1.5, zorder=1)
    for serie, marqueur, couleur, plein, rang in ((qpv, "o", COULEURS[0], True, 0), (zone, "s", COULEURS[2], False, 1)):
        xs = [(v, y[k]) for k, v in enumerate(serie.valeurs) if v is not None]
        ax.scatter([x for x, _ in xs], [yy for _, yy in xs], marker=marqueur, s=60, zorder=2, label=serie.nom,
                   facecolors=couleur if plein else "white", edgecolors=couleur, linewidths=1.8)
        etiquettes = f.etiquettes[rang] if len(f.etiquettes) > rang else ()
        for k, v in enumerate(serie.valeurs):
            if v is not None and k < len(etiquettes):
                autre = (zone if rang == 0 else qpv).valeurs[k]
                gauche = autre is not None and v < autre
                ax.annotate(etiquettes[k], (v, y[k]), xytext=(-8 if gauche else 8, 6), textcoords="offset points",
                            ha="right" if gauche else "left", va="bottom", fontsize=8, color="#262626")
    ax.set_yticks(y, [_coupe(c) for c in f.categories])
    valeurs = [v for s in f.series for v in s.valeurs if v is not None]
    marge = (max(valeurs) - min(valeurs)) * 0.15 or 1
    ax.set_xlim(min(0, min(valeurs)) - marge * 0.2, max(valeurs) + marge)
    ax.set_ylim(-0.7, n - 0.3)
    ax.xaxis.set_major_formatter(lambda v, _: _nombre(v, 0) + (f"\u00a0{f.unite}" if f.unite else ""))
    ax.grid(axis="x", color="#D9D9D9", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    _marges(fig, 2.5)
    return fig


def _series(FigureMpl: Any, f: Figure) -> Any:
    """Small multiples: each category its values by year (line, dots, labels) and its targets
    (hollow diamonds labelled « cible »)."""
    n = len(f.categories)
    colonnes = 2 if n > 1 else 1
    rangees = (n + colonnes - 1) // colonnes
    fig = FigureMpl(figsize=(LARGEUR_POUCES, 2.1 * rangees + 0.3))
    axes = fig.subplots(rangees, colonnes, squeeze=False)
    for k, (categorie, serie) in enumerate(zip(f.categories, f.series)):
        ax = axes[k // colonnes][k % colonnes]
        points = [(a, v) for a, v in zip(f.annees, serie.valeurs) if v is not None]
        ax.plot([a for a, _ in points], [v for _, v in points], marker="o", color=COULEURS[0], linewidth=1.6)
        for a, v in points:
            ax.annotate(_nombre(v), (a, v), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=8)
        cibles = f.cibles[k] if k < len(f.cibles) else ()
        if cibles:
            ax.scatter([a for a, _ in cibles], [v for _, v in cibles], marker="D", s=40, facecolors="white",
                       edgecolors=COULEURS[2], linewidths=1.5, zorder=3)
            for a, v in cibles:
                ax.annotate(f"cible {_nombre(v)}", (a, v), xytext=(0, -13), textcoords="offset points",
                            ha="center", fontsize=8, color=COULEURS[2])
        annees = sorted({*f.annees, *(a for a, _ in cibles)})
        ax.set_xticks(annees, [str(a) for a in annees])
        ax.set_xlim(annees[0] - 0.5, annees[-1] + 0.5)
        tout = [v for _, v in points] + [v for _, v in cibles]
        haut = max(tout) if tout else 1
        ax.set_ylim(0, haut * 1.3 or 1)
        ax.yaxis.set_major_formatter(lambda v, _: _nombre(v, 1 if haut < 10 else 0))  # « 1 500 », « 2,5 »
        ax.set_title(_coupe(categorie, 45), fontsize=9, loc="left")
        ax.grid(axis="y", color="#D9D9D9", linewidth=0.6)
        ax.set_axisbelow(True)
    for k in range(n, rangees * colonnes):
        axes[k // colonnes][k % colonnes].set_visible(False)
    _marges(fig, 0.45, haut=0.35, bas=0.3, hspace=0.75, wspace=0.25)
    return fig


def _barres_empilees(FigureMpl: Any, f: Figure) -> Any:
    """Horizontal bars, one per category, its series stacked (each its hatching and colour), each
    part labelled inside when it fits and the whole at the bar's end."""
    n = len(f.categories)
    fig = FigureMpl(figsize=(LARGEUR_POUCES, 0.5 * n + 1.2))
    ax = fig.subplots()
    y = list(range(n))[::-1]
    gauche = [0.0] * n
    total = max(sum(s.valeurs[k] or 0 for s in f.series) for k in range(n)) or 1
    for rang, serie in enumerate(f.series):
        largeurs = [v or 0 for v in serie.valeurs]
        ax.barh(y, largeurs, left=gauche, color=COULEURS[rang % len(COULEURS)], hatch=HACHURES[rang % len(HACHURES)],
                edgecolor="#404040", linewidth=0.6, label=serie.nom, height=0.6)
        etiquettes = f.etiquettes[rang] if rang < len(f.etiquettes) else ()
        if len(f.series) > 1:
            for k, v in enumerate(largeurs):
                if v > total * 0.16 and k < len(etiquettes):
                    ax.text(gauche[k] + v / 2, y[k], etiquettes[k], ha="center", va="center", fontsize=7.5,
                            color="white" if rang == 0 else "black",
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8, "alpha": 0.0 if rang == 0 else 0.85})
        gauche = [g + v for g, v in zip(gauche, largeurs)]
    bouts = f.etiquettes[len(f.series)] if len(f.etiquettes) > len(f.series) else \
        (f.etiquettes[0] if len(f.series) == 1 and f.etiquettes else ())
    for k, g in enumerate(gauche):
        if k < len(bouts):
            ax.text(g + total * 0.01, y[k], bouts[k], va="center", fontsize=8)
    ax.set_yticks(y, [_coupe(c) for c in f.categories])
    ax.set_xlim(0, total * 1.35)
    ax.xaxis.set_major_formatter(lambda v, _: _nombre(v, 0) + (f"\u00a0{f.unite}" if f.unite else ""))
    ax.grid(axis="x", color="#D9D9D9", linewidth=0.6)
    ax.set_axisbelow(True)
    if len(f.series) > 1:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(f.series), frameon=False)
    _marges(fig, 2.5)
    return fig


def _nombre(v: float, decimales: int = 1) -> str:
    """French notation for an axis or label drawn from a float (the printed ones come as text)."""
    from decimal import Decimal

    from contrat.modele.nombres import ecrire_nombre

    return ecrire_nombre(Decimal(repr(round(float(v), decimales))), decimales)
