"""The loader accepts the real knowledge base and names file, entry and field for bad ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from social_insurance import KnowledgeBaseError, load_knowledge_base
from social_insurance.__main__ import main as kb_check
from tests.conftest import KNOWLEDGE_DIR


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(directory: Path) -> str:
    with pytest.raises(KnowledgeBaseError) as error:
        load_knowledge_base(directory)
    return str(error.value)


def test_real_knowledge_base_loads(kb):
    assert "employee_medical_backpay" in kb.topics
    assert {a.number for a in kb.articles.values()} >= {58, 60, 62, 63, 86}


def test_missing_translation_names_file_entry_and_field(kb_copy):
    topics = kb_copy / "topics" / "employer_arrears.yml"
    edit(
        topics,
        "      en: What can the collection agency do if the employer still does not pay?\n",
        "",
    )
    message = load_error(kb_copy)
    assert "employer_arrears.yml" in message
    assert "topics entry 'enforcement'" in message
    assert "field 'title.en'" in message


def test_broken_document_reference_is_reported(kb_copy):
    edit(kb_copy / "topics" / "medical_insurance.yml", "hukou_booklet,", "passport,")
    message = load_error(kb_copy)
    assert "medical_insurance.yml" in message
    assert "topics entry 'employee_medical_backpay'" in message
    assert "field 'documents': unknown id 'passport'" in message


def test_broken_article_reference_is_reported(kb_copy):
    edit(kb_copy / "topics" / "employer_arrears.yml", "[sil_62, sil_60]", "[sil_99]")
    message = load_error(kb_copy)
    assert "topics entry 'employer_not_declared'" in message
    assert "field 'legal_basis': unknown id 'sil_99'" in message


def test_malformed_yaml_names_the_file(kb_copy):
    (kb_copy / "documents.yml").write_text("documents:\n  - id: [unclosed\n", encoding="utf-8")
    message = load_error(kb_copy)
    assert "documents.yml: malformed YAML" in message


def test_unknown_field_is_rejected(kb_copy):
    edit(kb_copy / "documents.yml", "  - id: id_card\n", "  - id: id_card\n    colour: red\n")
    message = load_error(kb_copy)
    assert "documents entry 'id_card': field 'colour'" in message


def test_seed_typo_split_percentage_is_rejected(kb_copy):
    edit(kb_copy / "laws.yml", "上月缴费额的110%确定", "上月缴费额的1 10%确定")
    message = load_error(kb_copy)
    assert "articles entry 'sil_62'" in message
    assert "1 10%" in message


def test_duplicate_id_is_rejected(kb_copy):
    edit(kb_copy / "documents.yml", "  - id: hukou_booklet", "  - id: id_card")
    assert "duplicate id" in load_error(kb_copy)


def test_kb_check_command_exit_codes(kb_copy, capsys):
    assert kb_check(str(kb_copy)) == 0
    edit(kb_copy / "hotlines.yml", '"12393"', '"12-393"')
    assert kb_check(str(kb_copy)) == 1
    assert "field 'number': must be digits only" in capsys.readouterr().err


def test_no_text_in_the_knowledge_base_prints_the_seed_typo():
    for path in Path(KNOWLEDGE_DIR).rglob("*.yml"):
        assert "1 10%" not in path.read_text(encoding="utf-8"), path
