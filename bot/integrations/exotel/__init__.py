"""Exotel: two-way SMS on a long code, missed calls on an ExoPhone, DLT-bound outbound SMS."""
