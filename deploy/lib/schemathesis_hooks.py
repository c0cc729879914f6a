"""Schemathesis hooks for deploy/test.sh: generated bodies that name people name people who exist.

Two rules of the record cannot be written in a schema: an e-mail in a request must belong to a stakeholder of
the organisation, and a commitment's done date goes with the status `done` and falls after the day it was made.
Random text never meets them, so without these hooks every generated body of the operations below is refused
with 422 and the operations are barely fuzzed. The hooks change only values the schema already accepts, into
other accepted values, so a negative case stays negative. Generated phases get them through `map_body`; the
coverage phase, which builds its cases without body hooks, through `map_case` (only there: mapping whole cases
in the generated phases makes many of them alike, and hypothesis then counts them as filtered out).
"""

import datetime
import os
import re
import zlib

import schemathesis
from schemathesis.generation.meta import TestPhase

# The demo organisation's stakeholders, one e-mail per line (written by run_schemathesis).
_EMAILS = [line.strip() for line in open(os.environ["RADAR_SCHEMATHESIS_EMAILS"], encoding="utf-8") if line.strip()]
_SPACE = "\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_EXCLUDED = "@\u0000\t\n\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_EMAIL = re.compile(f"^[{_SPACE}]*[^{_EXCLUDED}]+@[^{_EXCLUDED}]+[{_SPACE}]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONVERSATIONS = {"method": "POST", "path_regex": r"/conversations$"}
_COMMITMENT = {"method": "PATCH", "path_regex": r"/commitments/"}


def _known(value):
    """A stakeholder's e-mail in place of a well-formed one, the same one for the same input."""
    if isinstance(value, str) and 3 <= len(value) <= 254 and _EMAIL.match(value):
        return _EMAILS[zlib.crc32(value.encode("utf-8", "surrogatepass")) % len(_EMAILS)]
    return value


def _valid_date(value):
    if not (isinstance(value, str) and _DATE.match(value)):
        return False
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _people(items, field):
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and field in item:
                item[field] = _known(item[field])


def _conversation(body):
    """Existing people as initiator, participants, fear holders and commitment owners."""
    if isinstance(body, dict):
        if "initiated_by" in body:
            body["initiated_by"] = _known(body["initiated_by"])
        _people(body.get("participants"), "email")
        _people(body.get("fears"), "email")
        _people(body.get("commitments"), "owner")
    return body


def _commitment_changes(body):
    """An existing owner, and a done date only beside the status done, on a day after the commitment was made."""
    if isinstance(body, dict):
        if "owner" in body:
            body["owner"] = _known(body["owner"])
        if _valid_date(body.get("done_on")):
            if body.get("status") == "done":
                body["done_on"] = datetime.date.today().isoformat()
            elif body.get("status") in (None, "open", "dropped"):
                del body["done_on"]
    return body


@schemathesis.hook("map_body").apply_to(**_CONVERSATIONS)
def known_people_in_a_generated_conversation(context, body):
    return _conversation(body)


@schemathesis.hook("map_body").apply_to(**_COMMITMENT)
def known_owner_in_generated_commitment_changes(context, body):
    return _commitment_changes(body)


def _in_coverage_phase(case):
    return case.meta is not None and case.meta.phase.name == TestPhase.COVERAGE


@schemathesis.hook("map_case").apply_to(**_CONVERSATIONS)
def known_people_in_a_coverage_conversation(context, case):
    if _in_coverage_phase(case):
        case.body = _conversation(case.body)
    return case


@schemathesis.hook("map_case").apply_to(**_COMMITMENT)
def known_owner_in_coverage_commitment_changes(context, case):
    if _in_coverage_phase(case):
        case.body = _commitment_changes(case.body)
    return case
