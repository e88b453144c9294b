"""Pooled budgets: one module per operation, sharing the pool context."""
