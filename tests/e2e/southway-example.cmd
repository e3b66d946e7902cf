southway --as-of 2024-05-20 examples/southway-events.jsonl
