"""The crash class closed: no source that passes ``check`` makes the Word renderer fail. Every field
of the minimal contract (each YAML value once per place, list indices folded, and its Markdown
text) takes each hostile value of ``outils/fuzz_rendu.py`` (empty, control characters, a 400-letter
word, 20 000 characters, template braces, XML, bidirectional controls, private-use characters,
block Markdown in a one-line field, immense and negative numbers, far dates): each case is refused
by ``check`` or rendered. The Grand Dole's and the second example's fields are fuzzed by the same
script outside the tests (the counts are in the closing note of issue 22)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import RACINE


def test_aucune_source_validee_ne_fait_echouer_le_rendu() -> None:
    fini = subprocess.run([sys.executable, str(RACINE / "outils" / "fuzz_rendu.py"), "--sources",
                           str(RACINE / "tests" / "fixtures" / "minimal" / "sources")],
                          capture_output=True, text=True, timeout=600, cwd=RACINE)
    assert fini.returncode == 0, fini.stdout[-4000:] + fini.stderr[-2000:]
    compte = re.search(r"^(\d+) cas en \d+ s : (\d+) refusé, (\d+) rendu$", fini.stdout, re.M)
    assert compte, fini.stdout[-2000:]
    total, refuses, rendus = map(int, compte.groups())
    # Every case ran, and both outcomes occur: the fuzz reaches the renderer, not only check.
    assert total == refuses + rendus >= 1400 and rendus >= 400 and refuses >= 900
