"""Benuo governance service."""
