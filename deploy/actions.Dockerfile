# The official action-server image plus the knowledge base's schema library (pydantic) and
# YAML loader, and the database libraries of the maintainers' records (insights/: SQLAlchemy,
# psycopg2, alembic for its migrations), at the versions of requirements/lock.txt. Build context: the repository root.
# Tagged social-insurance-actions:1.0 by docker-compose.yml and k8s/action-server.yaml.
FROM rasa/rasa-sdk:3.6.2
USER root
COPY requirements/lock.txt /tmp/lock.txt
RUN pip install --no-cache-dir -c /tmp/lock.txt pydantic PyYAML cn2an SQLAlchemy psycopg2-binary \
  alembic && rm /tmp/lock.txt
USER 1001
WORKDIR /app
# Whole packages: the actions, rasa_sdk's plugin with the health routes, the records they
# write and the core they build on.
COPY --chown=1001 social_insurance/ social_insurance/
COPY --chown=1001 actions/ actions/
COPY --chown=1001 insights/ insights/
COPY --chown=1001 rasa_sdk_plugins/ rasa_sdk_plugins/
COPY --chown=1001 data/knowledge/ data/knowledge/
EXPOSE 5055
# python's urllib (the image need not have curl); an HTTP error status raises: exit 1.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health/live', timeout=4)"]
# rasa_sdk itself as PID 1, not the image's ./entrypoint.sh, so that it gets SIGTERM and
# drains in-flight requests.
ENTRYPOINT ["python", "-m", "rasa_sdk"]
CMD ["--actions", "actions", "--port", "5055"]
