"""Twilio Programmable Messaging: SMS (outside India) and WhatsApp."""
