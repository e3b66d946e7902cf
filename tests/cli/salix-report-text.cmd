salix report --from 2024-01-01 --to 2024-05-20 --homes 8000 --format text examples/salix-events.jsonl
