"""kg: Arabic news articles into a knowledge graph of actors, places and attributed claims."""

__version__ = "0.1.0"
