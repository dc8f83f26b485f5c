"""Rasa input channels of the assistant, and what they share before a message enters Rasa."""
