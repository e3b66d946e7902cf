sedgemoor report --from 2024-01-01 --to 2024-05-20 --homes 4200 examples/sedgemoor-events.jsonl
