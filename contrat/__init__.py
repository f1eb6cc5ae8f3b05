"""contrat: builds a French contrat de ville from versioned, validated sources."""

__version__ = "0.1.0"
