"""The Rasa server's check of action-server responses, with the validator built once."""

from __future__ import annotations

from unittest import mock

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from patches import action_response

ANSWER = {
    "events": [
        {"event": "slot", "name": "topic", "value": "medical_backpay_employee", "timestamp": None},
        {"event": "slot", "name": "pending_intent", "value": None, "timestamp": None},
    ],
    "responses": [
        {"text": "职工医保可以补缴吗？……需要带：身份证、户口本", "buttons": [], "elements": []}
    ],
}


@pytest.fixture(scope="module")
def action() -> RemoteAction:
    action_response.install()
    action_response.install()  # a second channel installs it again: still one wrapper
    return RemoteAction("action_answer_topic", None)


def test_a_valid_answer_passes_without_rechecking_the_schema(action: RemoteAction) -> None:
    validator_class = jsonschema.validators.validator_for(action.action_response_format_spec())
    with mock.patch.object(validator_class, "check_schema", side_effect=AssertionError):
        assert action._validate_action_result(ANSWER)


@pytest.mark.parametrize(
    "broken",
    [
        {"events": "not a list", "responses": []},
        {"events": [{"name": "topic"}], "responses": []},  # an event without its type
        {"events": [], "responses": "not a list"},
    ],
)
def test_an_invalid_answer_gets_rasas_own_error(action: RemoteAction, broken: dict) -> None:
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        action._validate_action_result(broken)
