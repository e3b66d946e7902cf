salix --as-of 2024-05-02 tests/e2e/salix-csv-y-n.csv
