"""Shared code for the book."""
