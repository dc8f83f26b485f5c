# The official action-server image plus the knowledge base's schema library (pydantic) and
# YAML loader, at the versions of requirements/lock.txt. Build context: the repository root.
FROM rasa/rasa-sdk:3.6.2
USER root
COPY requirements/lock.txt /tmp/lock.txt
RUN pip install --no-cache-dir -c /tmp/lock.txt pydantic PyYAML cn2an && rm /tmp/lock.txt
USER 1001
WORKDIR /app
# Whole packages: the actions and the core they build on.
COPY --chown=1001 social_insurance/ social_insurance/
COPY --chown=1001 actions/ actions/
COPY --chown=1001 data/knowledge/ data/knowledge/
