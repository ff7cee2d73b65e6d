"""Guided flows (profile, scheme finder, EMI, …): multi-step conversations the engine hands over to.

A flow registers itself in FLOWS under the id content uses (`action: flow`, `flow: <id>`). While a flow
is active (SessionState.flow == its id) it sees each message after the global keywords (STOP, 0, #…).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.flows.render import View
from bot.flows.state import ContactView, Incoming, Turn


class GuidedFlow(Protocol):
    def start(self, turn: Turn, view: View, contact: ContactView) -> Turn:
        """Begin the flow: set turn.state.flow/node, say the first question."""
        ...

    def resume(self, turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn | None:
        """Handle an answer; return None when the message is not for this flow (the engine then
        treats it as a free question and the flow is left)."""
        ...


FLOWS: dict[str, GuidedFlow] = {}


@dataclass(frozen=True)
class Trigger:
    """A keyword intent that starts a flow for the contacts `allowed` admits (others get the usual answer)."""

    flow: str
    allowed: Callable[[ContactView], bool]


TRIGGERS: dict[str, Trigger] = {}  # keyword intent -> flow

# Imported last, for their side effect: each module registers its flows in FLOWS and TRIGGERS.
from bot.flows.guided import notice, registry  # noqa: E402,F401
