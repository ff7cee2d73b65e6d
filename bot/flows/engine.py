"""One turn of conversation: a pure function of (session, message, contact, content).

Order of precedence: whole-message keywords (STOP, START, help, 0, #, language) always win; then the
node the session is waiting on (a menu, follow-ups, suggestions, language choice); then a free question.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.content.catalog import Catalog
from bot.content.matcher import Band, MatchResult
from bot.content.schema import Channel, EntryAction, FaqEntry, Script
from bot.flows import rsvp
from bot.flows.guided import FLOWS, TRIGGERS, GuidedFlow, feedback, handoff
from bot.flows.render import View
from bot.flows.script import detect_script
from bot.flows.state import (
    ContactView,
    Incoming,
    OptedIn,
    OptedOut,
    QueryAsked,
    ScriptChosen,
    SessionState,
    Turn,
)

LANGUAGE_CHOICES = (Script.HI, Script.HI_LATN, Script.EN)
# Engine-owned message keys: the content checker requires every one of them.
REQUIRED_MESSAGES = (
    "welcome", "help", "optout.confirmed", "optin.confirmed", "language.prompt", "language.saved",
    "answer.more_sms", "answer.follow_ups", "answer.source", "suggest.prompt", "suggest.none",
    "errors.invalid_choice", "errors.not_understood", "errors.media_only", "errors.too_long",
    "errors.generic", "menu.nav", "menu.ask_hint", "action.language.title",
)


def handle(state: SessionState, incoming: Incoming, contact: ContactView, catalog: Catalog) -> Turn:
    """Decide the replies, the new session state and the events for one inbound message."""
    written = detect_script(incoming.text)
    state = state.model_copy(update={"script": written or state.script})
    view = View(catalog, contact.script or state.script or Script.HI, incoming.channel, contact)
    turn = Turn(state=state)
    held = handoff.hold(turn, view, contact, catalog.intent_of(incoming.text))
    if held is not None:
        return held  # a person is handling this conversation
    if contact.is_new:
        turn.say("welcome", view.text("welcome"))
    if incoming.truncated:
        turn.say("errors.too_long", view.text("errors.too_long"))
    if not incoming.text:
        key = "errors.media_only" if incoming.has_media else "errors.not_understood"
        return turn.say(key, view.text(key))
    intent = catalog.intent_of(incoming.text)
    if intent in INTENTS:
        return _flow_keyword(turn, view, contact, intent) or INTENTS[intent](turn, view, incoming)
    featured = _meeting_or_trigger(turn, view, incoming, contact, intent)
    if featured is not None:
        return featured
    first = _first_contact(turn, view, incoming) if contact.is_new and "profile" in FLOWS else None
    if first is not None:
        return first
    if feedback.take(turn, view, incoming):
        return turn
    guided = FLOWS.get(state.flow)
    if guided is not None:
        resumed = guided.resume(turn, view, incoming, contact)
        if resumed is not None:
            return resumed
        turn.state = SessionState(script=turn.state.script)
    elif state.node and _resume(turn, view, incoming):
        return turn
    return _free_text(turn, view, incoming, contact)


# --- keywords -------------------------------------------------------------------------------------

def _opt_out(turn: Turn, view: View, incoming: Incoming) -> Turn:
    turn.events.append(OptedOut())
    turn.state = SessionState(script=turn.state.script)
    if incoming.provider_replied:
        return turn
    return turn.say("optout.confirmed", view.text("optout.confirmed"))


def _opt_in(turn: Turn, view: View, incoming: Incoming) -> Turn:
    turn.events.append(OptedIn())
    if not incoming.provider_replied:
        turn.say("optin.confirmed", view.text("optin.confirmed"))
    return _show_main_menu(turn, view)


def _help(turn: Turn, view: View, incoming: Incoming) -> Turn:
    return turn.say("help", view.text("help"))


def _home(turn: Turn, view: View, incoming: Incoming) -> Turn:
    return _show_main_menu(turn, view)


def _back(turn: Turn, view: View, incoming: Incoming) -> Turn:
    stack = list(turn.state.stack)
    previous = stack.pop() if stack else view.catalog.main_menu
    return _show_menu(turn, view, previous, stack=stack)


def _language(turn: Turn, view: View, incoming: Incoming) -> Turn:
    turn.state = turn.state.model_copy(update={"node": "language", "options": []})
    return turn.say("language.prompt", view.text("language.prompt"))


def _flow_keyword(turn: Turn, view: View, contact: ContactView, intent: str | None) -> Turn | None:
    """Let the active guided flow see a keyword first: `#` may go back a question, 0 may count as a skip."""
    on_intent = getattr(FLOWS.get(turn.state.flow), "on_intent", None)
    if on_intent is None or intent is None:
        return None
    handled: Turn | None = on_intent(turn, view, intent, contact)
    if handled is None:  # the keyword leaves the flow (help, language, 0, STOP …)
        turn.state = SessionState(script=turn.state.script, stack=turn.state.stack)
    return handled


def _meeting_or_trigger(
    turn: Turn, view: View, incoming: Incoming, contact: ContactView, intent: str | None
) -> Turn | None:
    """A meeting answer (never a menu choice), else a guided flow its keyword may start."""
    answered = rsvp.answer_rsvp(turn, view, incoming, contact)
    if answered is not None:
        return answered
    trigger = TRIGGERS.get(intent or "")
    if trigger is not None and trigger.allowed(contact) and trigger.flow in FLOWS:
        return FLOWS[trigger.flow].start(turn, view, contact)
    return None


INTENTS: dict[str, Callable[[Turn, View, Incoming], Turn]] = {
    "optout": _opt_out,
    "optin": _opt_in,
    "help": _help,
    "menu": _home,
    "back": _back,
    "language": _language,
}


# --- waiting nodes --------------------------------------------------------------------------------

def _resume(turn: Turn, view: View, incoming: Incoming) -> bool:
    """Answer the node the session waits on; False when the message is not an answer to it."""
    node = turn.state.node or ""
    if node == "language":
        return _choose_language(turn, view, incoming)
    number = view.catalog.number_of(incoming.text)
    options = turn.state.options
    if number is None:
        return False
    if node == "more":
        return _more(turn, view, number)
    if 1 <= number <= len(options):
        _select(turn, view, options[number - 1], incoming.text)
        return True
    _invalid_choice(turn, view)
    return True


def _choose_language(turn: Turn, view: View, incoming: Incoming) -> bool:
    number = view.catalog.number_of(incoming.text)
    if number is None or not 1 <= number <= len(LANGUAGE_CHOICES):
        turn.say("errors.invalid_choice", view.text("errors.invalid_choice"))
        turn.say("language.prompt", view.text("language.prompt"))
        return True
    script = LANGUAGE_CHOICES[number - 1]
    turn.events.append(ScriptChosen(script))
    chosen = View(view.catalog, script, view.channel, view.contact)
    turn.say("language.saved", chosen.text("language.saved"))
    _show_main_menu(turn, chosen)
    return True


def _more(turn: Turn, view: View, number: int) -> bool:
    """SMS: "1" after an answer lists its follow-ups."""
    entry_id = turn.state.options[0] if turn.state.options else None
    if number != 1 or entry_id not in view.catalog.entries:
        return False
    follow_ups = view.catalog.entries[entry_id].follow_ups
    turn.state = turn.state.model_copy(update={"node": "followups", "options": list(follow_ups)})
    turn.say("answer.follow_ups", view.options_list("answer.follow_ups", list(follow_ups)))
    return True


def _invalid_choice(turn: Turn, view: View) -> None:
    turn.say("errors.invalid_choice", view.text("errors.invalid_choice"))
    node = turn.state.node or ""
    if node.startswith("menu:"):
        turn.say(node.removeprefix("menu:"), view.menu(node.removeprefix("menu:")))
    elif node == "suggest":
        turn.say("suggest.prompt", _suggestions(view, turn.state.options))
    else:  # the list again with its header: a bare list would be an SMS no DLT template can match
        turn.say("answer.follow_ups", view.options_list("answer.follow_ups", turn.state.options))


# --- selecting and answering ----------------------------------------------------------------------

def _select(turn: Turn, view: View, target: str, raw_text: str) -> None:
    if target in view.catalog.menus:
        stack = list(turn.state.stack)
        current = (turn.state.node or "").removeprefix("menu:")
        if current in view.catalog.menus:
            stack.append(current)
        _show_menu(turn, view, target, stack=stack)
    elif target == "action.language":
        _language(turn, view, Incoming(text=raw_text, channel=view.channel))
    elif target in view.catalog.entries:
        turn.events.append(QueryAsked(raw_text, raw_text, target, 1.0, "menu", True))
        _answer(turn, view, target)  # a number picked it: nothing in the text to reuse
    else:
        # A session saved before a content change can offer an id that no longer exists: start over.
        _show_main_menu(turn, view)


def _answer(turn: Turn, view: View, entry_id: str, text: str = "") -> None:
    entry = view.catalog.entries[entry_id]
    flow_id = _flow_for(entry, view.contact)
    if flow_id is not None:
        turn.state = turn.state.model_copy(update={"data": {"trigger_text": text}})
        FLOWS[flow_id].start(turn, view, view.contact)
        return
    if entry.action in (EntryAction.MENU, EntryAction.HELP, EntryAction.LANGUAGE):
        handler = {"menu": _home, "help": _help, "language": _language}[entry.action.value]
        handler(turn, view, Incoming(text="", channel=view.channel))
        return
    meeting = rsvp.next_meeting_text(view, view.contact) if entry.action == EntryAction.NEXT_MEETING else None
    if meeting is not None:
        turn.say(entry_id, meeting)
        turn.state = turn.state.model_copy(update={"node": None, "options": []})
        return
    turn.say(entry_id, view.answer(entry_id))
    if not entry.follow_ups:
        turn.state = turn.state.model_copy(update={"node": None, "options": []})
    elif view.channel == Channel.SMS:
        turn.state = turn.state.model_copy(update={"node": "more", "options": [entry_id]})
    else:
        turn.state = turn.state.model_copy(update={"node": "followups", "options": list(entry.follow_ups)})
    feedback.maybe_ask(turn, view, entry_id)


def _flow_for(entry: FaqEntry, contact: ContactView) -> str | None:
    """The guided flow an entry starts: its own, a person for `human`, the profile for a due greeting."""
    flow_id = entry.flow if entry.action == EntryAction.FLOW else None
    if entry.action == EntryAction.HUMAN:
        flow_id = "handoff"
    elif entry.action == EntryAction.MENU and contact.facts.get("profile_due"):
        flow_id = "profile"
    return flow_id if flow_id in FLOWS else None


def _free_text(turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn:
    number = view.catalog.number_of(incoming.text)
    if number is not None:
        return _main_menu_choice(turn, view, incoming, number)
    result = view.catalog.matcher.match(incoming.text)
    turn.events.append(_query_event(result))
    claimed = _claiming_flow(view, incoming.text)
    if claimed is not None:
        turn.state = turn.state.model_copy(update={"data": {"trigger_text": incoming.text}})
        return claimed.start(turn, view, contact)
    if result.band == Band.ANSWER and result.entry_id:
        _answer(turn, view, result.entry_id, incoming.text)
    elif result.band == Band.SUGGEST and result.candidates:
        _suggest(turn, view, [candidate.entry_id for candidate in result.candidates])
    elif contact.is_new:
        _show_main_menu(turn, view)
    else:
        turn.say("errors.not_understood", view.text("errors.not_understood"))
        turn.state = turn.state.model_copy(update={"node": None, "options": []})
    return turn


def _first_contact(turn: Turn, view: View, incoming: Incoming) -> Turn | None:
    """A new contact gets the profile's first question, unless they opened with a real question."""
    if _claiming_flow(view, incoming.text) is not None:
        return None
    if view.catalog.number_of(incoming.text) is None:
        result = view.catalog.matcher.match(incoming.text)
        entry = view.catalog.entries.get(result.entry_id or "")
        greeting = entry is not None and entry.action == EntryAction.MENU
        if result.band == Band.ANSWER and not greeting:
            return None  # answer it now; the profile is asked on a later greeting
        if not greeting:
            turn.events.append(_query_event(result))  # staff still see what a newcomer asked
    return FLOWS["profile"].start(turn, view, view.contact)


def _claiming_flow(view: View, text: str) -> GuidedFlow | None:
    """A guided flow that recognises the message as its own ("1 lakh 12% 2 saal" is an EMI question)."""
    for flow in FLOWS.values():
        claims = getattr(flow, "claims", None)
        if claims is not None and claims(view, text):
            return flow
    return None


def _main_menu_choice(turn: Turn, view: View, incoming: Incoming, number: int) -> Turn:
    """A bare number with nothing pending picks from the main menu."""
    menu = view.catalog.menus[view.catalog.main_menu]
    turn.state = turn.state.model_copy(
        update={"node": f"menu:{view.catalog.main_menu}", "options": [item.target for item in menu.items], "stack": []}
    )
    if 1 <= number <= len(menu.items):
        _select(turn, view, menu.items[number - 1].target, incoming.text)
    else:
        _invalid_choice(turn, view)
    return turn


def _suggest(turn: Turn, view: View, entry_ids: list[str]) -> None:
    turn.say("suggest.prompt", _suggestions(view, entry_ids))
    turn.state = turn.state.model_copy(update={"node": "suggest", "options": entry_ids})


def _suggestions(view: View, entry_ids: list[str]) -> str:
    return view.options_list("suggest.prompt", entry_ids, "suggest.none")


def _query_event(result: MatchResult) -> QueryAsked:
    return QueryAsked(
        raw_text=result.text,
        normalised_text=result.normalised,
        entry_id=result.entry_id or (result.candidates[0].entry_id if result.candidates else None),
        confidence=result.confidence,
        band=result.band.value,
        answered=result.band == Band.ANSWER,
    )


def _show_main_menu(turn: Turn, view: View) -> Turn:
    return _show_menu(turn, view, view.catalog.main_menu, stack=[])


def _show_menu(turn: Turn, view: View, menu_id: str, *, stack: list[str]) -> Turn:
    menu = view.catalog.menus[menu_id]
    turn.state = turn.state.model_copy(
        update={"node": f"menu:{menu_id}", "options": [item.target for item in menu.items], "stack": stack}
    )
    return turn.say(menu_id, view.menu(menu_id))
