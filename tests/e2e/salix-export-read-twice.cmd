salix --as-of 2024-05-20 examples/salix-events.jsonl examples/salix-events.jsonl
