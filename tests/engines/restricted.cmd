restricted --as-of 2024-03-20 tests/engines/restricted.jsonl
