greatwell --as-of 2030-01-01 tests/e2e/greatwell-dates-4096-apart.jsonl
