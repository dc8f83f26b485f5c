"""The knowledge base: schema, loader, lookup and rendering, in pure Python.

Nothing here imports Rasa, so the whole package is tested in milliseconds and serves the action
server, the NLU entity extractor and the `kb-check` command alike.
"""

from actions.knowledge.loader import KnowledgeBaseError, load_knowledge_base
from actions.knowledge.schema import KnowledgeBase

__all__ = ["KnowledgeBase", "KnowledgeBaseError", "load_knowledge_base"]
