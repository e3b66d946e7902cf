salix --as-of 2024-05-20 tests/bugs/052-one-events-read.jsonl
