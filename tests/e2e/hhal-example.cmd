hhal --as-of 2024-05-20 examples/hhal-events.jsonl
