salix --as-of 2024-05-02 tests/e2e/salix-csv-semicolons.csv tests/e2e/salix-csv-tabs.csv tests/e2e/salix-csv-semicolons.jsonl
