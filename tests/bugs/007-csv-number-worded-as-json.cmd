salix --as-of 2024-05-20 tests/bugs/007-csv-number-worded-as-json.csv
