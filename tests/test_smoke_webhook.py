from tests.conftest import Twilio
from tests.fakes.twilio_api import FakeTwilioApi


def test_signed_whatsapp_message_is_answered(twilio: Twilio, twilio_api: FakeTwilioApi) -> None:
    response = twilio.message("whatsapp:+919800000001", "नमस्ते")
    assert response.status_code == 200
    assert "<Response" in response.text
    assert any("साथी" in body for body in twilio_api.bodies)
