"""The two default scorecards of standards.md section 3, as plain data for the scorer.

The product's scorecards live in the database (fixtures/scorecards.json); this copy lets the
labelled-set evaluation and the benchmark run without Django. tests/qa/test_autoscore_command.py
checks it against the fixture so the two cannot drift apart.
"""

from __future__ import annotations

from scoring.autoscore import AutoCriterion

INBOUND = (
    AutoCriterion("greeting", 5, False, "inbound.greeting"),
    AutoCriterion("agent_name", 5, False, "inbound.agent_name"),
    AutoCriterion("offer_help", 5, False, "inbound.offer_help"),
    AutoCriterion("verify_identity", 15, True, "inbound.verify_identity"),
    AutoCriterion("capture_location", 10, False, "inbound.capture_location"),
    AutoCriterion("reference_number", 15, True, "inbound.reference_number"),
    AutoCriterion("empathy", 10, False, "inbound.empathy"),
    AutoCriterion("hold_etiquette", 5, False, "inbound.hold_etiquette"),
    AutoCriterion("expectation", 10, False, "inbound.expectation"),
    AutoCriterion("professional_language", 10, True, "inbound.professional_language"),
    AutoCriterion("anything_else", 5, False, "inbound.anything_else"),
    AutoCriterion("closing", 5, False, "inbound.closing"),
)

OUTBOUND_COLLECTION = (
    AutoCriterion("greeting", 10, False, "outbound.greeting"),
    AutoCriterion("right_party", 20, True, "outbound.right_party"),
    AutoCriterion("call_purpose", 10, False, "outbound.call_purpose"),
    AutoCriterion("amount_and_date", 15, False, "outbound.amount_and_date"),
    AutoCriterion("payment_options", 15, False, "outbound.payment_options"),
    AutoCriterion("promise_to_pay", 10, False, "outbound.promise_to_pay"),
    AutoCriterion("no_threats", 10, True, "outbound.no_threats"),
    AutoCriterion("closing", 10, False, "outbound.closing"),
)

DEFAULT_SCORECARDS = {"inbound": INBOUND, "outbound_collection": OUTBOUND_COLLECTION}
PASS_MARK = 80.0
