# Social-insurance assistant. `make run` to chat, `make test` to check everything.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

# Rasa would otherwise send telemetry and error reports to its servers.
export RASA_TELEMETRY_ENABLED := false

VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MODEL := models/social-insurance.tar.gz
SPACY_MODEL := models/spacy_zh/meta.json
# The chat widget (rasa-webchat), installed from npm exactly as web/package-lock.json pins it.
WEB_INSTALLED := web/node_modules/.installed
TRAINING_DATA := config.yml domain.yml $(shell find data/nlu data/rules -name '*.yml') \
	$(wildcard nlu_components/*.py)
# pip prints one warning per package for this machine's unused local indexes; hide them.
QUIET_PIP := { grep -v "is ignored: it is neither a file nor a directory" || true; }

.PHONY: help run shell test kb-check lint format validate unit test-stories test-nlu test-e2e \
	train lock clean eval nlu-report report-unanswered gazetteer web test-browser \
	run-scaled test-production test-wechat bench bench-smoke

help:
	@echo "make run      install, train if needed, start action server (:5055), Rasa (:5005), page (:8080)"
	@echo "make test     every check: knowledge base, lint, unit, data, stories, NLU, end-to-end"
	@echo "make shell    chat with the bot in the terminal"
	@echo "make kb-check validate data/knowledge/"
	@echo "make run-scaled  two Rasa servers (:5005, :5006) on PostgreSQL + Redis (POSTGRES_HOST, ...)"
	@echo "make test-browser  the job-site page and chat widget in Chromium (tests/browser)"

$(INSTALLED): requirements/lock.txt
	@python=$$(scripts/find_python.sh) && $$python -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.0 2>&1 | $(QUIET_PIP)
	$(BIN)/pip install --quiet -r requirements/lock.txt 2>&1 | $(QUIET_PIP)
	@touch $@

$(SPACY_MODEL): scripts/build_spacy_model.py $(INSTALLED)
	$(BIN)/python scripts/build_spacy_model.py models/spacy_zh

# Trains only when the training data, domain, config or NLU components changed.
$(MODEL): $(TRAINING_DATA) $(SPACY_MODEL) $(INSTALLED)
	$(BIN)/rasa train --data data/nlu data/rules --out models \
		--fixed-model-name social-insurance
	@touch $@

train: $(MODEL)

$(WEB_INSTALLED): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund
	@touch $@

web: $(WEB_INSTALLED)

run: $(MODEL) kb-check $(WEB_INSTALLED)
	scripts/run.sh

# Two Rasa servers sharing PostgreSQL and Redis, which must be running: set POSTGRES_HOST,
# POSTGRES_PORT, POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD, REDIS_HOST, REDIS_PORT.
run-scaled: $(MODEL) kb-check $(WEB_INSTALLED)
	POSTGRES_HOST=$${POSTGRES_HOST:-localhost} RASA_INSTANCES=2 scripts/run.sh

shell: $(MODEL) kb-check
	scripts/shell.sh

kb-check: $(INSTALLED)
	$(BIN)/python -m social_insurance data/knowledge

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(INSTALLED)
	$(BIN)/rasa data validate --data data/nlu data/rules --fail-on-warnings

unit: $(INSTALLED)
	$(BIN)/pytest -q tests/unit

test-stories: $(MODEL)
	$(BIN)/rasa test core --model $(MODEL) --stories tests \
		--out results/stories --fail-on-prediction-errors

test-nlu: $(MODEL)
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu/holdout.yml --out results/nlu
	$(BIN)/python scripts/check_nlu_accuracy.py results/nlu/intent_report.json 0.92

# Includes the answer-quality check (tests/e2e/test_answer_quality.py).
test-e2e: $(MODEL)
	$(BIN)/pytest -q -s tests/e2e

# Answer quality alone; RASA_URL=http://localhost:5005 checks a running bot instead.
eval: $(MODEL)
	$(BIN)/pytest -q -s tests/e2e/test_answer_quality.py

# 5-fold cross-validation of the NLU training data (a few minutes): results/nlu-cv/.
nlu-report: $(INSTALLED) $(SPACY_MODEL)
	$(BIN)/rasa test nlu --nlu data/nlu --cross-validation --folds 5 --out results/nlu-cv
	@grep -h '"accuracy"' results/nlu-cv/intent_report.json

# What users asked that the bot could not answer, most frequent first.
report-unanswered:
	@$(BIN)/python scripts/report_unanswered.py var/unanswered.jsonl

# Regenerate data/knowledge/regions.yml from libphonenumber's geocoding data.
gazetteer: $(INSTALLED)
	$(BIN)/python scripts/build_gazetteer.py data/knowledge/regions.yml

# Needs Debian's chromium and fonts-noto-cjk (.ci/run installs them).
test-browser: $(MODEL) $(WEB_INSTALLED)
	$(BIN)/pytest -q tests/browser

# Real PostgreSQL and Redis (Debian's postgresql and redis-server; .ci/run installs them).
test-production: $(MODEL) $(WEB_INSTALLED)
	$(BIN)/pytest -q -s tests/production

# WeChat Official Account + WeCom channels: protocol vectors, then a real Rasa server driven by
# wechatpy as WeChat's side, with a fake WeChat API on loopback (ports 16005, 16055, 16100-16101).
test-wechat: $(MODEL)
	$(BIN)/pytest -q tests/wechat

test: kb-check lint unit validate test-stories test-nlu test-e2e test-browser test-production \
	test-wechat

# Load test against the stock `rasa init` bot, both trained and measured in this run (issue 7):
# results/bench.md and results/bench.png. BENCH_SECONDS of load per level (default 30; ~11 min).
# Not part of `make test`. Ports 20005/20055 (ours) and 20105 (stock).
bench: $(SPACY_MODEL) $(INSTALLED)
	$(BIN)/python -m bench

# The same in about 3 minutes for CI: 10 s per level, reusing models/ and var/bench/stock;
# writes results/bench-smoke.md / .png.
bench-smoke: $(MODEL)
	$(BIN)/python -m bench --smoke

# Re-pin every package after changing requirements/project.txt.
lock:
	rm -rf /tmp/lock-venv && $$(scripts/find_python.sh) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet pip==24.0 2>&1 | $(QUIET_PIP)
	/tmp/lock-venv/bin/pip install --quiet -r requirements/project.txt 2>&1 | $(QUIET_PIP)
	/tmp/lock-venv/bin/pip freeze --exclude-editable > requirements/lock.txt

clean:
	rm -rf models results .rasa
