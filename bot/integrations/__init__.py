"""Messaging providers behind one small interface (`base.MessagingProvider`)."""
