salix --as-of 2024-05-20 tests/bugs/003-repeated-field-taken-silently.jsonl
