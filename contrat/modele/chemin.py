"""A place in the contract's tree: the keys and list indexes from the root, as in the sources
(``("enjeux", 0, "axes", 2, "objectifs")``). Reading records positions by it; checks report by it."""

Chemin = tuple[str | int, ...]
