# The official action-server image plus the knowledge base's schema library (pydantic) and
# YAML loader, at the versions of requirements/lock.txt. Build context: the repository root.
FROM rasa/rasa-sdk:3.6.2
USER root
COPY requirements/lock.txt /tmp/lock.txt
RUN pip install --no-cache-dir -c /tmp/lock.txt pydantic PyYAML cn2an && rm /tmp/lock.txt
USER 1001
WORKDIR /app
COPY --chown=1001 actions/ actions/
# The unanswered-questions log masks personal numbers with the channels' own masking.
COPY --chown=1001 channels/__init__.py channels/privacy.py channels/
COPY --chown=1001 data/knowledge/ data/knowledge/
