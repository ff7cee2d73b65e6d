"""Saathi (साथी): Hindi SMS and WhatsApp support for rural micro-entrepreneurs."""
