greatwell --as-of 2030-01-01 tests/e2e/greatwell-long-case-out-of-order.jsonl
