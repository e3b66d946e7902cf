salix --as-of 2024-05-20 tests/e2e/salix-csv-edges.csv tests/e2e/salix-csv-twice.csv tests/e2e/salix-csv-facts-column.csv tests/e2e/salix-csv-bad-utf8.csv
