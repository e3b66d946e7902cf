greatwell --as-of 2024-07-16 examples/greatwell-events.jsonl
