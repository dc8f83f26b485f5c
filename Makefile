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
# Chart.js for the maintainers' console, exactly as console/package-lock.json pins it.
CONSOLE_INSTALLED := console/node_modules/.installed
CONSOLE_PORT ?= 8090
TRAINING_DATA := config.yml domain.yml $(shell find data/nlu data/rules -name '*.yml') \
	$(wildcard nlu_components/*.py)
# pip prints one warning per package for this machine's unused local indexes; hide them.
QUIET_PIP := { grep -v "is ignored: it is neither a file nor a directory" || true; }

.PHONY: help run run-scaled shell test unit lint scan format kb-check validate test-stories \
	test-nlu test-e2e test-browser test-production test-wechat system-packages train web \
	console-assets console retention eval \
	nlu-report report-unanswered gazetteer bench bench-smoke soak lock clean

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(INSTALLED): requirements/lock.txt
	@echo "==> Python 3.10 venv with the pinned packages (requirements/lock.txt; ~3 minutes once)"
	@python=$$(scripts/find_python.sh) && $$python -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.0 2>&1 | $(QUIET_PIP)
	$(BIN)/pip install --quiet -r requirements/lock.txt 2>&1 | $(QUIET_PIP)
	@touch $@

$(SPACY_MODEL): scripts/build_spacy_model.py $(INSTALLED)
	@echo "==> Blank Chinese spaCy pipeline with the jieba segmenter (models/spacy_zh)"
	$(BIN)/python scripts/build_spacy_model.py models/spacy_zh

# Trains only when the training data, domain, config or NLU components changed.
$(MODEL): $(TRAINING_DATA) $(SPACY_MODEL) $(INSTALLED)
	@echo "==> Training the Rasa model (~3 minutes; only when data/, config or domain changed)"
	$(BIN)/rasa train --data data/nlu data/rules --out models \
		--fixed-model-name social-insurance
	@touch $@

train: $(MODEL) ## train the model if the training data changed

$(WEB_INSTALLED): web/package.json web/package-lock.json
	@echo "==> Chat widget from npm (web/package-lock.json)"
	npm ci --prefix web --no-audit --no-fund
	@touch $@

web: $(WEB_INSTALLED) ## install the chat widget (npm)

$(CONSOLE_INSTALLED): console/package.json console/package-lock.json
	@echo "==> Chart.js from npm (console/package-lock.json)"
	npm ci --prefix console --no-audit --no-fund
	@touch $@

console-assets: $(CONSOLE_INSTALLED) ## install the console's charting library (npm)

# The database is the bot's (TRACKER_DB, or PostgreSQL with POSTGRES_HOST); CONSOLE_PASSWORD
# is required.
console: $(INSTALLED) $(CONSOLE_INSTALLED) ## the maintainers' console on :8090 (CONSOLE_PORT; needs CONSOLE_PASSWORD)
	$(BIN)/python -m console --port $(CONSOLE_PORT)

run: $(MODEL) kb-check $(WEB_INSTALLED) $(CONSOLE_INSTALLED) ## install, train if needed, start the bot, its page and the console
	scripts/run.sh

# PostgreSQL and Redis must be running: POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB, POSTGRES_USER,
# POSTGRES_PASSWORD, REDIS_HOST, REDIS_PORT.
run-scaled: $(MODEL) kb-check $(WEB_INSTALLED) $(CONSOLE_INSTALLED) ## two Rasa servers (:5005, :5006) on PostgreSQL + Redis
	POSTGRES_HOST=$${POSTGRES_HOST:-localhost} RASA_INSTANCES=2 scripts/run.sh

shell: $(MODEL) kb-check ## chat with the bot in the terminal
	scripts/shell.sh

kb-check: $(INSTALLED) ## validate the knowledge base (data/knowledge/)
	$(BIN)/python -m social_insurance data/knowledge

lint: $(INSTALLED) ## ruff (lint + format) and the mypy type check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# checkov in its own venv on the system python3 (its dependencies conflict with Rasa's pins),
# installed from requirements/scan-lock.txt as $(INSTALLED) is from lock.txt.
SCAN_VENV := .venv-scan
SCAN_INSTALLED := $(SCAN_VENV)/.installed

$(SCAN_INSTALLED): requirements/scan-lock.txt
	@echo "==> checkov venv (requirements/scan-lock.txt; ~30 s once)"
	python3 -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/pip install --quiet --upgrade pip==24.0 2>&1 | $(QUIET_PIP)
	$(SCAN_VENV)/bin/pip install --quiet -r requirements/scan-lock.txt 2>&1 | $(QUIET_PIP)
	@touch $@

# The Dockerfiles and the Kubernetes manifests (deploy/k8s/), and every file of deploy/ for
# committed secrets; any failed check fails. A justified skip is written beside what it skips
# (`# checkov:skip=` in a Dockerfile, a checkov.io/skip annotation in a manifest). checkov has
# no docker-compose framework: docker-compose.yml gets only the secrets scan, and
# tests/unit/test_deploy.py checks its hardening and that it agrees with k8s/.
scan: $(SCAN_INSTALLED) ## security scan of deploy/ (checkov)
	$(SCAN_VENV)/bin/checkov --directory deploy --framework dockerfile kubernetes secrets \
		--quiet --compact --skip-download

format: $(INSTALLED) ## format and auto-fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(INSTALLED) ## rasa data validate (domain, NLU data, rules)
	$(BIN)/rasa data validate --data data/nlu data/rules --fail-on-warnings

# The fast tier: no model, no servers (what a bare `pytest` runs).
unit: $(INSTALLED) ## fast tests: knowledge base, core, actions, channels' pure parts (~30 s)
	$(BIN)/pytest -q tests/unit

test-stories: $(MODEL) ## conversation test stories (tests/test_stories_*.yml)
	$(BIN)/rasa test core --model $(MODEL) --stories tests \
		--out results/stories --fail-on-prediction-errors

test-nlu: $(MODEL) ## intent accuracy on the held-out set (tests/nlu/), at least 92%
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu --out results/nlu
	$(BIN)/python scripts/check_nlu_accuracy.py results/nlu/intent_report.json 0.92

# Includes the answer-quality check (tests/e2e/test_answer_quality.py) and the trap set.
test-e2e: $(MODEL) ## real Rasa + action server over REST: conversations, answer quality, traps
	$(BIN)/pytest -q -s tests/e2e

# Answer quality alone; RASA_URL=http://localhost:5005 checks a running bot instead.
eval: $(MODEL) ## answer-quality questions alone (RASA_URL=... for a running bot)
	$(BIN)/pytest -q -s tests/e2e/test_answer_quality.py

# 5-fold cross-validation of the NLU training data (a few minutes): results/nlu-cv/.
nlu-report: $(INSTALLED) $(SPACY_MODEL) ## 5-fold cross-validation of the training data
	$(BIN)/rasa test nlu --nlu data/nlu --cross-validation --folds 5 --out results/nlu-cv
	@grep -h '"accuracy"' results/nlu-cv/intent_report.json

# scripts/run.sh schedules this every day (scripts/supervisord.conf); by hand it runs once.
retention: $(INSTALLED) ## delete conversations older than RETENTION_DAYS (default 180)
	$(BIN)/python -m insights retention

# What users asked that the bot could not answer in the last 30 days, grouped, most frequent
# first, from the conversations' database (TRACKER_DB, or PostgreSQL when POSTGRES_HOST is set).
report-unanswered: $(INSTALLED) ## what users asked that the bot could not answer
	@$(BIN)/python -m insights unanswered

# Regenerate data/knowledge/regions.yml from libphonenumber's geocoding data.
gazetteer: $(INSTALLED) ## regenerate data/knowledge/regions.yml
	$(BIN)/python scripts/build_gazetteer.py data/knowledge/regions.yml

# Needs Debian's chromium and fonts-noto-cjk (`make system-packages`).
test-browser: $(MODEL) $(WEB_INSTALLED) $(CONSOLE_INSTALLED) ## the job-site page and chat widget in Chromium
	$(BIN)/pytest -q tests/browser

# Real PostgreSQL and Redis (Debian's postgresql and redis-server; `make system-packages`).
test-production: $(MODEL) $(WEB_INSTALLED) ## stores, restarts, two servers on PostgreSQL + Redis
	$(BIN)/pytest -q -s tests/production

# WeChat Official Account + WeCom channels: protocol vectors, then a real Rasa server driven by
# wechatpy as WeChat's side, with a fake WeChat API on loopback (ports 16005, 16055, 16100-16101).
test-wechat: $(MODEL) ## WeChat / WeCom channels against wechatpy and a fake WeChat API
	$(BIN)/pytest -q tests/wechat

system-packages: ## install the Debian packages the tests need (as root; else says which)
	@scripts/install_system_packages.sh

# Everything, from a fresh machine: the Debian packages, the venv, the model, then every tier.
test: system-packages kb-check lint scan unit validate test-stories test-nlu test-e2e test-browser test-production test-wechat ## everything: installs what it needs, then every tier

# Against the stock `rasa init` bot, both trained and measured in this run: results/bench.md and
# results/bench.png. BENCH_SECONDS of load per level (default 30; ~11 min). Not part of
# `make test`. Ports 20005/20055 (ours) and 20105 (stock).
bench: $(SPACY_MODEL) $(INSTALLED) ## load test against the stock rasa init bot (~11 min)
	$(BIN)/python -m bench

# The same in about 3 minutes for CI: 10 s per level, reusing models/ and var/bench/stock;
# writes results/bench-smoke.md / .png.
bench-smoke: $(MODEL) ## the same in ~3 minutes (10 s per level)
	$(BIN)/python -m bench --smoke

# scripts/run.sh for SOAK_MINUTES (default 30): 32 people each holding one conversation, one
# message in five hostile, and a client flooding 50 requests/s; each process's memory sampled
# every 30 s: results/soak.md / .png. Ports 20205 / 20207 / 20255.
SOAK_MINUTES ?= 30
soak: $(MODEL) ## long run: is memory flat? (SOAK_MINUTES, default 30)
	$(BIN)/python -m bench.soak --minutes $(SOAK_MINUTES)

lock: ## re-pin every package after changing requirements/project.txt
	rm -rf /tmp/lock-venv && $$(scripts/find_python.sh) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet pip==24.0 2>&1 | $(QUIET_PIP)
	/tmp/lock-venv/bin/pip install --quiet -r requirements/project.txt 2>&1 | $(QUIET_PIP)
	/tmp/lock-venv/bin/pip freeze --exclude-editable > requirements/lock.txt

clean: ## remove models, results and Rasa's cache
	rm -rf models results .rasa
