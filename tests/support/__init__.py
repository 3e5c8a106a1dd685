"""Helpers shared by the whole-document test suites (not tests themselves)."""
