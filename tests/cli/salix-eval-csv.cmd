salix eval --as-of 2024-05-20 --format csv examples/salix-events.jsonl
