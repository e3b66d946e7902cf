salix --as-of 2024-05-20 tests/e2e/salix-crm-dates.jsonl
