salix --grouped --as-of 2024-05-20 tests/bugs/004-repeated-case-split-a-grouped-case.jsonl
