# The official Rasa image plus what this assistant's NLU pipeline and channels import
# (spaCy with jieba, cn2an, the socket.io version that keeps widget replies, defusedxml, limits
# with its Redis client for the flood limit), at the versions of requirements/lock.txt.
# Build context: the repository root.
# Tagged social-insurance-rasa:1.0 by docker-compose.yml and k8s/rasa.yaml.
FROM rasa/rasa:3.6.21
USER root
COPY requirements/lock.txt /tmp/lock.txt
RUN pip install --no-cache-dir -c /tmp/lock.txt \
      spacy jieba cn2an python-socketio defusedxml "limits[async-redis]" \
    && rm /tmp/lock.txt
USER 1001
WORKDIR /app
COPY --chown=1001 config.yml credentials.yml endpoints-scaled.yml ./
COPY --chown=1001 models/ models/
# Whole packages: the Rasa server's own (channels, patches, stores, NLU components) and the core
# they all build on.
COPY --chown=1001 social_insurance/ social_insurance/
COPY --chown=1001 channels/ channels/
COPY --chown=1001 patches/ patches/
COPY --chown=1001 stores/ stores/
COPY --chown=1001 nlu_components/ nlu_components/
COPY --chown=1001 data/knowledge/ data/knowledge/
# The entry point adds the WeChat / WeCom channels whose token is set, as scripts/run.sh does.
COPY --chown=1001 scripts/channel_credentials.py scripts/
COPY --chown=1001 deploy/rasa-entrypoint.sh deploy/
EXPOSE 5005
# Alive = the HTTP server answers (only after the model is loaded: 30-60 s, hence the start
# period). python's urllib (the image need not have curl); an HTTP error status raises: exit 1.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/webhooks/health/live', timeout=4)"]
ENTRYPOINT ["/bin/sh", "deploy/rasa-entrypoint.sh"]
CMD ["run", "--model", "models", "--endpoints", "endpoints-scaled.yml", "--port", "5005"]
