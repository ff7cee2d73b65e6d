"""Helpers shared by the guided flows: words from content, numbered questions, re-asking. Pure."""

from __future__ import annotations

from bot.content.normalise import ascii_digits, command_form
from bot.flows.render import View
from bot.flows.state import SessionState, Turn

MAIN = "menu"  # the engine's default flow id


def in_group(view: View, group: str, text: str) -> bool:
    """True when the whole message is one of the words of a words.yaml group ("haan", "skip" …)."""
    return matches(text, group_words(view, group))


def matches(text: str, words: list[str]) -> bool:
    """The whole message is one of `words` (emoji compared as sent, words in command form)."""
    stripped = text.strip()
    form = command_form(text)
    return any(word == stripped or (form and command_form(word) == form) for word in words)


def group_words(view: View, group: str) -> list[str]:
    return list(view.catalog.words.groups.get(group, [])) if view.catalog.words else []


def numbered(view: View, labels: list[str]) -> str:
    """'1 label' lines from message keys."""
    return "\n".join(f"{index} {view.text(label)}" for index, label in enumerate(labels, 1))


def pick(view: View, text: str, count: int) -> int | None:
    """The 1-based option a message picks, or None."""
    number = view.catalog.number_of(text)
    return number if number is not None and 1 <= number <= count else None


def enter(turn: Turn, flow: str, node: str, data: dict[str, object]) -> None:
    """Put the session in a guided flow, waiting on `node`."""
    turn.state = turn.state.model_copy(update={"flow": flow, "node": node, "options": [], "data": data})


def leave(turn: Turn) -> None:
    """Back to the plain menu conversation, nothing pending."""
    turn.state = SessionState(script=turn.state.script, stack=[])


def invalid(turn: Turn, view: View, key: str, body: str) -> Turn:
    """A wrong answer: say so and ask the same question again, with its options."""
    turn.say("errors.invalid_choice", view.text("errors.invalid_choice"))
    return turn.say(key, body)


def show_main_menu(turn: Turn, view: View) -> Turn:
    """End a flow at the main menu, as the engine shows it."""
    menu_id = view.catalog.main_menu
    menu = view.catalog.menus[menu_id]
    turn.state = SessionState(
        script=turn.state.script, node=f"menu:{menu_id}", options=[item.target for item in menu.items]
    )
    return turn.say(menu_id, view.menu(menu_id))


def ascii_form(text: str) -> str:
    """The message with Devanagari digits as ASCII (for reading ages and amounts)."""
    return ascii_digits(text)
