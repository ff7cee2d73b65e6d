"""Market help for the contact's district: its ODOP product and where to sell (GeM, ONDC, e-NAM, melas).

Asks the district first when it is not known. Ends with the channels as numbered follow-ups, which
the engine answers from their FAQ entries (steps to list on each).
"""

from __future__ import annotations

from bot.content.matcher import Band
from bot.flows.guided import common
from bot.flows.guided_events import ProfileUpdated
from bot.flows.render import View
from bot.flows.state import ContactView, Incoming, Turn

FLOW = "market"
CHANNELS = ("market.gem_register", "market.ondc", "market.enam_register", "market.melas_exhibitions")
FARM_FIRST = ("market.enam_register", "market.ondc", "market.melas_exhibitions", "market.gem_register")


class MarketFlow:
    def start(self, turn: Turn, view: View, contact: ContactView) -> Turn:
        """Help for a known district; otherwise ask which district first."""
        if contact.district:
            return _help(turn, view, contact, contact.district)
        common.enter(turn, FLOW, "district", {})
        return turn.say("market.ask_district", _district_question(view))

    def sms_texts(self, view: View) -> dict[str, str]:
        """The SMS this flow composes: the district question with its numbered districts."""
        return {"market.ask_district": _district_question(view)}

    def resume(self, turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn | None:
        number = common.pick(view, incoming.text, len(view.catalog.districts))
        district = list(view.catalog.districts)[number - 1] if number else view.catalog.district_index.find(incoming.text)
        if district is not None:
            turn.events.append(ProfileUpdated("district", district))
            return _help(turn, view, contact, district)
        if view.catalog.matcher.match(incoming.text).band == Band.ANSWER:
            return None
        return common.invalid(turn, view, "market.ask_district", _district_question(view))


def _district_question(view: View) -> str:
    names = [d.name.edition(view.script, view.channel) for d in view.catalog.districts.values()]
    lines = "\n".join(f"{index} {name}" for index, name in enumerate(names, 1))
    return view.text("market.ask_district") + "\n" + lines


def _help(turn: Turn, view: View, contact: ContactView, district: str) -> Turn:
    name = view.catalog.districts[district].name.edition(view.script, view.channel)
    odop_key = f"market.odop.{district}"
    if odop_key in view.catalog.messages:
        turn.say(odop_key, view.text("market.odop", district=name, product=view.text(odop_key)))
    else:
        turn.say("market.odop.none", view.text("market.odop.none", district=name))
    channels = list(FARM_FIRST if contact.profile.get("sector") == "agriculture" else CHANNELS)
    common.leave(turn)
    turn.state = turn.state.model_copy(update={"node": "followups", "options": channels})
    return turn.say("market.channels", view.options_list("market.channels", channels))
