anchors --as-of 2024-12-05 tests/engines/anchors.jsonl
