"""Benuo gateway service."""
