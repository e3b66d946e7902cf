salix due --as-of 2024-05-20 --format jsonl examples/salix-events.jsonl
