salix --as-of 2024-05-20 tests/bugs/006-csv-crlf-quoted-last-field.csv
