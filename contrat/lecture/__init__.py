"""Reading: takes a sources folder (YAML, Markdown, CSV/XLSX exports, PDF annexes); gives a tree of
plain values where every node keeps its file, line and column, plus the problems met on the way.

Knows nothing of the contract's meaning: paths are confined to the folder, sizes bounded, YAML read
without aliases, Markdown turned into prose trees (``contrat.modele.prose``).
"""
