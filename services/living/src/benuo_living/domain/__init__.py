"""The living pillar's rules, as plain code: no web framework, database or broker here."""
