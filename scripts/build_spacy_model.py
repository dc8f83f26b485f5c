"""Build the blank Chinese spaCy pipeline that Rasa's SpacyNLP loads from `models/spacy_zh`.

No pretrained spaCy model can be downloaded offline, and none is needed: the pipeline is spaCy's
Chinese tokenizer with the jieba segmenter, which splits mixed Chinese/English text ("我的
social insurance没交") into words without the whitespace tokens Rasa's JiebaTokenizer emits.

Usage: python scripts/build_spacy_model.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

DEFAULT_OUTPUT = Path("models/spacy_zh")


def build(output: Path) -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.meta["name"] = "social_insurance_zh"
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    build(target)
    print(f"spaCy pipeline written to {target}")
