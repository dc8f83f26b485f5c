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
