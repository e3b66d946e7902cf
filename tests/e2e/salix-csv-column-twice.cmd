salix --as-of 2024-05-20 tests/e2e/salix-csv-column-twice.csv
