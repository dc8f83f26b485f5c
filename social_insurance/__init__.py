"""The social-insurance assistant's core, in pure Python: no Rasa imports.

The knowledge base (schema, loader, lookup, rendering), the choice of language and the masking
of personal numbers. The action server, the Rasa server's channels and NLU component, the stores
and the benchmark all build on this package; it builds on none of them, so it is tested in
milliseconds (tests/unit/test_layout.py keeps it so).
"""

from social_insurance.loader import (
    KnowledgeBaseError,
    default_knowledge_base,
    knowledge_dir,
    load_knowledge_base,
)
from social_insurance.schema import KnowledgeBase

__all__ = [
    "KnowledgeBase",
    "KnowledgeBaseError",
    "default_knowledge_base",
    "knowledge_dir",
    "load_knowledge_base",
]
