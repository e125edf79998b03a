"""Storing chunks (Chroma + BM25) and searching them."""
