"""Turning files into chunks and indexing them."""
