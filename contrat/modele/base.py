"""The base of every class of the model: frozen, and built by pydantic when first used.

Building a class (its schema, its validator) at import took a third of the start of every
command, for classes most commands never validate (a build with nothing to do validates none;
``check`` validates ``Contrat``, which builds the classes it holds). Built lazily, a class is
built by one thread at a time: pydantic 2.13's lazy rebuild is not thread-safe (pydantic
issue 13419), and ``verify`` reads two sources folders at once.
"""

from __future__ import annotations

import threading
from typing import Any

from pydantic import BaseModel, ConfigDict

CONSTRUCTION = threading.RLock()
"""Held while a class of the model is built (re-entrant: building one builds those it holds)."""


class ModeleFige(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    @classmethod
    def model_rebuild(cls, **options: Any) -> bool | None:
        """pydantic's, under the lock. pydantic's first use of a class comes through here too."""
        # pydantic reads the caller's namespace this many frames up: one more for this frame.
        profondeur = options.get("_parent_namespace_depth", 2)
        if profondeur > 0:
            options["_parent_namespace_depth"] = profondeur + 1
        with CONSTRUCTION:
            return super().model_rebuild(**options)
