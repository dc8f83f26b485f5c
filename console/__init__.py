"""The maintainers' console: a small web app behind one password.

It shows the knowledge base's maintainers what the bot's users ran into — questions it could not
answer (grouped, and exported as training or evaluation YAML), how helpful each topic's answer
was rated and the conversation behind a bad rating, messages per day, and which topics nobody
asks or nobody has checked for a long time. It only reads: the records come from `insights`
(the conversations' database), the topics from the knowledge base.

    CONSOLE_PASSWORD=... .venv/bin/python -m console --port 8090    (make console)
"""
