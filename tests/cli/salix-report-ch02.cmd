salix report --from 2024-04-01 --to 2024-05-31 --homes 1000 tests/cli/salix-report-ch02.jsonl
