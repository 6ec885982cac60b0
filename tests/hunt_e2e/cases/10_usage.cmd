usage --ledger tests/hunt_e2e/cases/usage_ledger.jsonl
