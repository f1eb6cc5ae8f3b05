"""The contract against the texts that govern it: a dated référentiel of requirements, each judged
by a rule over the model or attested by a named person (sources/conformite.yaml)."""
