"""The pure engine on its own: no database, no HTTP."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.content.schema import Channel
from bot.flows.engine import handle
from bot.flows.state import ContactView, Incoming, OptedOut, QueryAsked, SessionState


def test_a_stale_option_after_a_content_change_restarts_at_the_main_menu(catalog: Catalog) -> None:
    state = SessionState(node="menu:menu.removed", options=["scheme.no_longer_there"])
    turn = handle(state, Incoming("1", Channel.WHATSAPP), ContactView(script=None), catalog)
    assert [reply.key for reply in turn.replies] == [catalog.main_menu]
    assert turn.state.node == f"menu:{catalog.main_menu}"


def test_free_question_emits_one_query_event(catalog: Catalog) -> None:
    turn = handle(SessionState(), Incoming("mudra loan kaise milega", Channel.SMS), ContactView(script=None), catalog)
    queries = [event for event in turn.events if isinstance(event, QueryAsked)]
    assert len(queries) == 1 and queries[0].entry_id == "scheme.mudra" and queries[0].answered


def test_opt_out_already_answered_by_the_provider_is_silent(catalog: Catalog) -> None:
    incoming = Incoming("STOP", Channel.SMS, provider_replied=True)
    turn = handle(SessionState(), incoming, ContactView(script=None), catalog)
    assert turn.replies == [] and any(isinstance(event, OptedOut) for event in turn.events)


def test_the_engine_does_not_mutate_its_input_state(catalog: Catalog) -> None:
    state = SessionState()
    before = state.model_dump()
    handle(state, Incoming("1", Channel.WHATSAPP), ContactView(script=None), catalog)
    assert state.model_dump() == before
