"""`python -m social_insurance [DIR]`: validate the knowledge base (default: `knowledge_dir()`),
as the servers do when they start."""

from __future__ import annotations

import sys

from social_insurance.loader import KnowledgeBaseError, knowledge_dir, load_knowledge_base


def main(directory: str | None = None) -> int:
    directory = directory or str(knowledge_dir())
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
