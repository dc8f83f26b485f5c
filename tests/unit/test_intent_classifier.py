"""The intent classifier's weight layout changes how fast it predicts, never what."""

from __future__ import annotations

import numpy
from scipy.sparse import random as sparse_random
from sklearn.linear_model import LogisticRegression

from nlu_components.intent_classifier import _lay_out_for_single_messages


def test_column_ordered_weights_predict_the_same_without_copying():
    features = sparse_random(120, 5000, density=0.01, format="csr", random_state=1)
    labels = numpy.arange(120) % 6
    classifier = LogisticRegression(max_iter=200).fit(features, labels)
    before = classifier.predict_proba(features[:10])

    _lay_out_for_single_messages(classifier)

    assert classifier.coef_.T.flags["C_CONTIGUOUS"]  # what scipy multiplies by, uncopied
    numpy.testing.assert_allclose(classifier.predict_proba(features[:10]), before)


def test_the_input_is_the_matrix_rasas_own_classifier_builds():
    from rasa.nlu.classifiers.logistic_regression_classifier import (
        LogisticRegressionClassifier,
    )
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    from nlu_components.intent_classifier import LinearIntentClassifier

    def message(seed: int) -> Message:
        features = []
        for origin, width in (("words", 40), ("chars", 70)):
            tokens = sparse_random(6, width, density=0.3, format="coo", random_state=seed)
            sentence = sparse_random(1, width, density=0.3, format="coo", random_state=seed + 1)
            features.append(Features(tokens, "sequence", TEXT, origin))
            features.append(Features(sentence, "sentence", TEXT, origin))
        return Message(data={TEXT: "x"}, features=features)

    messages = [message(seed) for seed in range(3)]
    ours = LinearIntentClassifier._create_X(None, messages)  # type: ignore[arg-type]
    rasas = LogisticRegressionClassifier._create_X(None, messages)  # type: ignore[arg-type]
    assert ours.shape == rasas.shape == (3, 110)
    numpy.testing.assert_array_equal(ours.toarray(), rasas.toarray())
