"""Commands of this area register on kg.cli.app (filled in by its capability)."""
