salix --as-of 2024-05-20 tests/bugs/046-misspelt-key-ignored.jsonl
