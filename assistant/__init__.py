"""Cited answers about England's SEND and AP Improvement Plan."""
