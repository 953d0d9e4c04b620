"""Use cases: each loads what it needs, applies the domain rules, writes and emits.

Routes (JSON API and Open311) call these and commit; nothing here knows about HTTP formats.
"""
