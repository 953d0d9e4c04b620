"""Open311 GeoReport v2 under /open311/v2/, in JSON and XML.

Spec: https://wiki.open311.org/GeoReport_v2 (and the common extensions page). Public
responses carry no personal data whoever asks: the JSON API is where owners and officers
see more.
"""

PREFIX = "/open311/v2"
