# The official Rasa image plus what this assistant's NLU pipeline and channels import
# (spaCy with jieba, cn2an, the socket.io version that keeps widget replies, defusedxml),
# at the versions of requirements/lock.txt. Build context: the repository root.
FROM rasa/rasa:3.6.21
USER root
COPY requirements/lock.txt /tmp/lock.txt
RUN pip install --no-cache-dir -c /tmp/lock.txt \
      spacy jieba cn2an python-socketio defusedxml \
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
