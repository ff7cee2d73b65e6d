"""Registers the guided flows of issue 4 (profile, scheme finder, EMI, market help, talk to a person)."""

from __future__ import annotations

from bot.flows.guided import FLOWS, TRIGGERS, Trigger
from bot.flows.guided.emi import EmiFlow
from bot.flows.guided.handoff import HandoffFlow
from bot.flows.guided.market import MarketFlow
from bot.flows.guided.profile import ProfileFlow
from bot.flows.guided.scheme_finder import SchemeFinderFlow

FLOWS.update({
    "profile": ProfileFlow(),
    "scheme_finder": SchemeFinderFlow(),
    "emi": EmiFlow(),
    "market": MarketFlow(),
    "handoff": HandoffFlow(),
})
TRIGGERS["profile"] = Trigger("profile", lambda contact: True)
