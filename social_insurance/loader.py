"""Load `data/knowledge/**/*.yml` into one validated `KnowledgeBase`.

Errors name the file, the entry and the field, so whoever edits the base finds the mistake
without reading a traceback. All problems are collected and reported together.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Dict, Iterable, List, Tuple

import yaml
from pydantic import ValidationError

from social_insurance.calculators.check import calculator_problems
from social_insurance.schema import KnowledgeBase, KnowledgeFile

# The project's own knowledge base; `KNOWLEDGE_DIR` in the environment points elsewhere (a test's
# altered copy, a deployment's mounted volume).
PROJECT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "data" / "knowledge"

# Sections indexed by `id` (hotlines by their number).
_SECTIONS = ("laws", "articles", "documents", "hotlines", "insurance_types", "topics", "regions")


class KnowledgeBaseError(Exception):
    """The knowledge base is malformed; `problems` lists each one as a readable line."""

    def __init__(self, problems: List[str]) -> None:
        self.problems = problems
        super().__init__("invalid knowledge base:\n" + "\n".join(f"  - {p}" for p in problems))


def knowledge_dir() -> Path:
    """Where the knowledge base is, for every process: the action server, the Rasa server's
    guard and NLU component, and `make kb-check`."""
    return Path(os.environ.get("KNOWLEDGE_DIR") or PROJECT_KNOWLEDGE_DIR)


@functools.cache
def default_knowledge_base() -> KnowledgeBase:
    """The knowledge base of `knowledge_dir()`, loaded and validated once per process, so a
    broken one stops a server at start-up instead of failing on the first user who hits it."""
    return load_knowledge_base(knowledge_dir())


def load_knowledge_base(directory: str | Path) -> KnowledgeBase:
    root = Path(directory)
    files = sorted(root.rglob("*.yml"))
    if not files:
        raise KnowledgeBaseError([f"{root}: no knowledge-base files (*.yml) found"])

    problems: List[str] = []
    parsed: List[Tuple[Path, KnowledgeFile]] = []
    for path in files:
        knowledge_file = _parse_file(path, problems)
        if knowledge_file is not None:
            parsed.append((path, knowledge_file))
    if problems:
        raise KnowledgeBaseError(problems)

    origin: Dict[Tuple[str, str], Path] = {}
    knowledge_base = _merge(parsed, origin, problems)
    if knowledge_base is not None:
        _check_references(knowledge_base, origin, problems)
    if problems or knowledge_base is None:
        raise KnowledgeBaseError(problems)
    return knowledge_base


def _parse_file(path: Path, problems: List[str]) -> KnowledgeFile | None:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(f"{path}: malformed YAML: {error}".replace("\n", " "))
        return None
    if not isinstance(raw, dict):
        problems.append(f"{path}: expected a mapping of sections at the top level")
        return None
    try:
        return KnowledgeFile.parse_obj(raw)
    except ValidationError as error:
        problems.extend(_describe(path, raw, dict(e)) for e in error.errors())
        return None


def _describe(path: Path, raw: Dict[str, Any], error: Dict[str, Any]) -> str:
    """Turn a pydantic error location like ('topics', 2, 'title', 'en') into prose."""
    location = list(error["loc"])
    section = str(location.pop(0)) if location else "?"
    entry = section
    if location and isinstance(location[0], int):
        index = location.pop(0)
        item = (raw.get(section) or [None] * (index + 1))[index]
        key = item.get("id") or item.get("number") if isinstance(item, dict) else None
        entry = f"{section} entry '{key}'" if key else f"{section} entry #{index + 1}"
    field = ".".join(str(part) for part in location) or "(entry)"
    return f"{path}: {entry}: field '{field}': {error['msg']}"


def _merge(
    parsed: List[Tuple[Path, KnowledgeFile]],
    origin: Dict[Tuple[str, str], Path],
    problems: List[str],
) -> KnowledgeBase | None:
    """Index every section by id; `origin` records which file each entry came from."""
    indexes: Dict[str, Dict[str, Any]] = {s: {} for s in _SECTIONS}
    messages, messages_path, menu = None, None, []
    calculators: Dict[str, Any] = {}
    calculator_messages = None
    for path, knowledge_file in parsed:
        for section in indexes:
            for item in getattr(knowledge_file, section):
                key = item.number if section == "hotlines" else item.id
                if key in indexes[section]:
                    problems.append(
                        f"{path}: {section} entry '{key}': duplicate id, "
                        f"first defined in {origin[(section, key)]}"
                    )
                    continue
                indexes[section][key] = item
                origin[(section, key)] = path
        if knowledge_file.messages is not None:
            if messages is not None:
                problems.append(f"{path}: messages: already defined in {messages_path}")
            messages, messages_path = knowledge_file.messages, path
        menu.extend(knowledge_file.menu)
        for calculator in knowledge_file.calculators:
            if calculator.id in calculators:
                problems.append(f"{path}: calculators entry '{calculator.id}': duplicate id")
            calculators[calculator.id] = calculator
            origin[("calculators", calculator.id)] = path
        calculator_messages = knowledge_file.calculator_messages or calculator_messages
    if messages is None:
        problems.append("no file defines the 'messages' section")
        return None
    if calculator_messages is None:
        problems.append("no file defines the 'calculator_messages' section")
        return None
    return KnowledgeBase(
        messages=messages,
        menu=menu,
        calculators=calculators,
        calculator_messages=calculator_messages,
        **indexes,
    )


def _check_references(
    kb: KnowledgeBase, origin: Dict[Tuple[str, str], Path], problems: List[str]
) -> None:
    def check(section: str, key: str, field: str, ids: Iterable[str], known: Dict) -> None:
        where = f"{origin[(section, key)]}: {section} entry '{key}': field '{field}'"
        problems.extend(f"{where}: unknown id '{i}'" for i in ids if i not in known)

    for article in kb.articles.values():
        check("articles", article.id, "law", [article.law], kb.laws)
    for region in kb.regions.values():
        province = [region.province] if region.province else []
        check("regions", region.id, "province", province, kb.regions)
    for kind in kb.insurance_types.values():
        parent = [kind.parent] if kind.parent else []
        check("insurance_types", kind.id, "parent", parent, kb.insurance_types)
        check("insurance_types", kind.id, "hotlines", kind.hotlines, kb.hotlines)
    for topic in kb.topics.values():
        check("topics", topic.id, "documents", topic.documents, kb.documents)
        check("topics", topic.id, "legal_basis", topic.legal_basis, kb.articles)
        check("topics", topic.id, "hotlines", topic.hotlines, kb.hotlines)
        insurance = [topic.insurance] if topic.insurance else []
        check("topics", topic.id, "insurance", insurance, kb.insurance_types)
        check("topics", topic.id, "also_covers", topic.also_covers, kb.insurance_types)
    for calculator in kb.calculators.values():
        check("calculators", calculator.id, "topics", calculator.topics, kb.topics)
        check("calculators", calculator.id, "legal_basis", calculator.legal_basis, kb.articles)
        check("calculators", calculator.id, "hotlines", calculator.hotlines, kb.hotlines)
        where = f"{origin[('calculators', calculator.id)]}: calculators entry '{calculator.id}'"
        problems.extend(f"{where}: {problem}" for problem in calculator_problems(calculator))
    topic_intents = {intent for topic in kb.topics.values() for intent in topic.intents}
    problems.extend(
        f"menu entry '{item.intent}': field 'intent': no topic answers this intent"
        for item in kb.menu
        if item.intent not in topic_intents
    )
