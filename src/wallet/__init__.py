"""wallet: a double-entry ledger for personal budgets held on a person's behalf."""
