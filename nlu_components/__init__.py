"""Custom Rasa NLU components for Chinese-first, bilingual social-insurance questions."""
