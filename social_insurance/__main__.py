"""`python -m social_insurance [DIR]`: validate the knowledge base, as the action server does."""

from __future__ import annotations

import sys

from social_insurance.loader import KnowledgeBaseError, load_knowledge_base


def main(directory: str = "data/knowledge") -> int:
    try:
        kb = load_knowledge_base(directory)
    except KnowledgeBaseError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"{directory}: OK — {len(kb.topics)} topics, {len(kb.articles)} articles, "
        f"{len(kb.documents)} documents, {len(kb.hotlines)} hotlines"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
