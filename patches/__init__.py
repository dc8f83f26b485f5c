"""Changes to Rasa's own behaviour that Rasa 3.6 offers no setting for, each installed once by
the Rasa server at start-up and documented where it is made."""
