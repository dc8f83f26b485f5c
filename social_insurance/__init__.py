"""The knowledge base: schema, loader, lookup and rendering, in pure Python.

Nothing here imports Rasa, so the whole package is tested in milliseconds and serves the action
server, the NLU entity extractor and the `kb-check` command alike.
"""

from social_insurance.loader import KnowledgeBaseError, load_knowledge_base
from social_insurance.schema import KnowledgeBase

__all__ = ["KnowledgeBase", "KnowledgeBaseError", "load_knowledge_base"]
