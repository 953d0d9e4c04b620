"""Benuo living service."""
