"""Rasa store classes of the assistant, named by module path in endpoints-scaled.yml."""
