"""Benuo economy service."""
