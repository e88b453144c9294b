"""The thin HTTP layer: parse, authenticate, call one use case, render."""
