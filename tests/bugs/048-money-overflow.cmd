sedgemoor --as-of 2024-05-20 tests/bugs/048-money-overflow.jsonl
