sedgemoor --as-of 2024-05-20 examples/sedgemoor-events.jsonl
