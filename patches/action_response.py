"""Check action-server responses with a validator built once, not once per message.

Rasa 3.6 checks every response of the action server with `jsonschema.validate()`, which first
validates Rasa's own (constant) response schema against the JSON-Schema meta-schema and builds a
new validator — on every message. Profiled under load that was ~19% of the Rasa server's time
per message (bench/, README "Performance"), and Rasa has no setting for it. `install()` makes
`RemoteAction` check a response with one validator built from the same schema at start-up. A
valid response passes exactly as before; an invalid one goes to Rasa's own check, so the error
and its message are Rasa's.
"""

from __future__ import annotations

from typing import Any, Dict

import jsonschema
from rasa.core.actions.action import RemoteAction

_rasa_validate = RemoteAction._validate_action_result


def install() -> None:
    """Swap in the validator built once; safe to call more than once."""
    if RemoteAction._validate_action_result is not _rasa_validate:
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(action: RemoteAction, result: Dict[str, Any]) -> bool:
        if validator.is_valid(result):
            return True
        return _rasa_validate(action, result)  # raises Rasa's own ValidationError

    RemoteAction._validate_action_result = validate_action_result
