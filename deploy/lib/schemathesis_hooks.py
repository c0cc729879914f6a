"""Schemathesis hooks for deploy/test.sh: generated bodies that name people name people who exist.

Three rules of the record cannot be written in a schema: an e-mail in a request must belong to a stakeholder of
the organisation, a commitment's done date goes with the status `done` and falls after the day it was made, and
an Idempotency-Key sent again must come with the same body (the fuzzer sends the same few keys with many bodies).
Random text never meets them, so without these hooks every generated body of the operations below is refused
with 422 and the operations are barely fuzzed. The hooks change only values the schema already accepts, into
other accepted values, so a negative case stays negative. Generated phases get the body hooks through `map_body`;
the coverage phase, which builds its cases without body hooks, through `map_case` (only there: mapping whole cases
in the generated phases makes many of them alike, and hypothesis then counts them as filtered out). A valid
Idempotency-Key is replaced by one of its own in generated POSTs (`map_headers`) and in the coverage phase's
positive ones. A positive update of a versioned record (a stakeholder, an initiative) is sent with the version
the record has just then (`before_call`), since a random one is nearly always stale and answered 409; a positive
new peer group goes to the demo's peer-coaching initiative, with known people, starting today, and a positive
new influence link joins two distinct known people (`before_call`). Likewise a positive notice preference gets a
real time zone and a target of its channel's kind, a positive owner assignment names the run's user and known
people, a positive action goes on a flag still open, owned by the run's user, and a positive initiative naming a
pilot names the demo's (`before_call`).
"""

import datetime
import itertools
import json
import os
import re
import urllib.request
import zlib

import schemathesis
from schemathesis import GenerationMode
from schemathesis.generation.meta import TestPhase

# The demo organisation's stakeholders, one e-mail per line (written by run_schemathesis).
_EMAILS = [line.strip() for line in open(os.environ["RADAR_SCHEMATHESIS_EMAILS"], encoding="utf-8") if line.strip()]
_SPACE = "\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_EXCLUDED = "@\u0000\t\n\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_EMAIL = re.compile(f"^[{_SPACE}]*[^{_EXCLUDED}]+@[^{_EXCLUDED}]+[{_SPACE}]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]([\t\x20-\x7e]*[\x21-\x7e])?$")
_KEYS = itertools.count(1)
_CONVERSATIONS = {"method": "POST", "path_regex": r"/conversations$"}
_COMMITMENT = {"method": "PATCH", "path_regex": r"/commitments/"}
_PEER_GROUPS = {"method": "POST", "path_regex": r"/peer-groups$"}
# The demo organisation's one peer-coaching initiative (sql-free: DemoOrganisation.swift names it).
_PEER_INITIATIVE = "peer-trio-maya"
# The demo's pilot (DemoOrganisation.swift), which a generated roll-out may name.
_DEMO_PILOT = "ops-pilot"
_VERSIONED = {"method": "PATCH", "path_regex": r"/(stakeholders|initiatives)/\{[a-z]+\}$"}


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
        for item in body.get("commitments") or []:
            if isinstance(item, dict) and "accountability_partner" in item:
                item["accountability_partner"] = _partner(item["accountability_partner"], item.get("owner"))
    return body


def _partner(value, owner):
    """A known partner who is not the commitment's owner."""
    partner = _known(value)
    if partner == owner and partner in _EMAILS:
        partner = _EMAILS[(_EMAILS.index(partner) + 1) % len(_EMAILS)]
    return partner


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


def _fresh_key(headers):
    """A key of its own for each request, in place of a valid one the fuzzer may have used before."""
    if isinstance(headers, dict):
        key = headers.get("Idempotency-Key")
        if isinstance(key, str) and len(key) <= 200 and _IDEMPOTENCY_KEY.match(key):
            headers["Idempotency-Key"] = f"schemathesis-{os.getpid()}-{next(_KEYS)}"
    return headers


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


@schemathesis.hook("map_headers").apply_to(method="POST")
def a_fresh_idempotency_key(context, headers):
    return _fresh_key(headers)


@schemathesis.hook("map_case").apply_to(method="POST")
def a_fresh_idempotency_key_in_coverage(context, case):
    # Positive cases only, and in place: a negative case (a header left out on purpose) stays as it was made.
    if _in_coverage_phase(case) and case.meta.generation.mode == GenerationMode.POSITIVE:
        _fresh_key(case.headers)
    return case


def _positive(case):
    """Whether the case was generated to be valid (a negative one must keep what makes it invalid)."""
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


def _api_get(path):
    """A JSON answer from the API with the run's token; None if it cannot be read."""
    request = urllib.request.Request(
        os.environ["RADAR_SCHEMATHESIS_URL"] + path,
        headers={"Authorization": "Bearer " + os.environ["RADAR_SCHEMATHESIS_TOKEN"]})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)
    except (OSError, ValueError):
        return None


def _current_version(path):
    """The version the record at `path` has now, read through the API; None if unreadable."""
    version = (_api_get(path) or {}).get("version")
    return version if isinstance(version, int) else None


@schemathesis.hook("before_call").apply_to(**_VERSIONED)
def the_version_the_record_has(context, case, kwargs):
    # Only a positive case with a well-formed version: a negative one keeps the version it was made with.
    version = case.body.get("version") if isinstance(case.body, dict) else None
    if not _positive(case):
        return
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return
    current = _current_version(case.formatted_path)
    if current is not None:
        case.body["version"] = current


@schemathesis.hook("before_call").apply_to(**_PEER_GROUPS)
def a_peer_group_in_the_demo_trio_initiative(context, case, kwargs):
    # Only positive cases: a negative one keeps the path and body it was made with.
    if not _positive(case):
        return
    if "ref" in (case.path_parameters or {}):
        case.path_parameters["ref"] = _PEER_INITIATIVE
    body = case.body
    if isinstance(body, dict):
        if isinstance(body.get("members"), list):
            known = []
            for member in body["members"]:
                email = _known(member)
                # Distinct people: a repeat would be refused, so the next one not yet named takes its place.
                if email in known and email in _EMAILS:
                    email = next((e for e in _EMAILS if e not in known), email)
                known.append(email)
            body["members"] = known
        if _valid_date(body.get("starts_on")):
            body["starts_on"] = datetime.date.today().isoformat()


_INFLUENCE_LINKS = {"method": "POST", "path_regex": r"/influence-links$"}


@schemathesis.hook("before_call").apply_to(**_INFLUENCE_LINKS)
def an_influence_link_between_two_known_people(context, case, kwargs):
    # Positive cases only: two distinct demo stakeholders, from a day that exists, so the link is stored.
    if not _positive(case):
        return
    body = case.body
    if isinstance(body, dict):
        person = _known(body.get("person"))
        other = _known(body.get("other"))
        if person == other and person in _EMAILS:
            other = next(e for e in _EMAILS if e != person)
        body["person"], body["other"] = person, other
        if "since" in body and not _valid_date(body["since"]):
            body["since"] = datetime.date.today().isoformat()


# The run's own user: an administrator, so an HR owner, an action's owner and a notice's e-mail it may name.
_RUN_USER = "schemathesis@demo.example"
_ZONES = ["Europe/London", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]
_NOTICE_TARGETS = {
    "email": _RUN_USER,
    "webhook": "http://127.0.0.1:9/radar-notices",
    "slack": "http://127.0.0.1:9/radar-slack",
    "teams": "http://127.0.0.1:9/radar-teams",
    "directory": "/tmp/radar-schemathesis-notices",
}


@schemathesis.hook("before_call").apply_to(method="PUT", path_regex=r"/mine/notices$")
def a_notice_preference_that_fits_its_channel(context, case, kwargs):
    # Positive cases only: a real time zone, and a target of the kind chosen (an e-mail when no kind is sent).
    body = case.body
    if not _positive(case) or not isinstance(body, dict):
        return
    if isinstance(body.get("time_zone"), str):
        body["time_zone"] = _ZONES[zlib.crc32(body["time_zone"].encode("utf-8", "surrogatepass")) % len(_ZONES)]
    if "kind" in body or "target" in body:
        kind = body.get("kind") if body.get("kind") in _NOTICE_TARGETS else "email"
        body["kind"], body["target"] = kind, _NOTICE_TARGETS[kind]


@schemathesis.hook("before_call").apply_to(method="PUT", path_regex=r"/owners$")
def owners_assigned_to_known_people(context, case, kwargs):
    # Positive cases only: the run's user as the owner (or none), and demo stakeholders as the people.
    body = case.body
    if not _positive(case) or not isinstance(body, dict):
        return
    if isinstance(body.get("owner_email"), str):
        body["owner_email"] = _RUN_USER
    if isinstance(body.get("people"), list):
        body["people"] = [_known(person) for person in body["people"]]


@schemathesis.hook("before_call").apply_to(method="POST", path_regex=r"/flags/\{id\}/actions$")
def an_action_on_an_open_flag(context, case, kwargs):
    # Positive cases only: a flag still open in the demo, owned by the run's user, so the action is stored.
    body = case.body
    if not _positive(case) or not isinstance(body, dict):
        return
    flags = _api_get("/api/v1/orgs/demo/flags?limit=50") or {}
    open_flags = [flag["id"] for flag in flags.get("items", []) if flag.get("status") != "resolved"]
    if open_flags and "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = open_flags[zlib.crc32(str(case.path_parameters["id"]).encode()) % len(open_flags)]
    if isinstance(body.get("owner"), str):
        body["owner"] = _RUN_USER


@schemathesis.hook("before_call").apply_to(path_regex=r"/initiatives(/\{ref\})?$")
def a_roll_out_spreads_the_demo_pilot(context, case, kwargs):
    # Positive cases only: a pilot named is the demo's pilot, and a new pilot names none (a pilot spreads no pilot).
    body = case.body
    if not _positive(case) or not isinstance(body, dict) or not isinstance(body.get("pilot"), str):
        return
    if body.get("kind") == "pilot":
        del body["pilot"]
    elif body["pilot"]:
        body["pilot"] = _DEMO_PILOT
