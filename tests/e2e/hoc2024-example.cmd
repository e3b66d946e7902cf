hoc2024 --as-of 2024-05-20 examples/hoc2024-events.jsonl
