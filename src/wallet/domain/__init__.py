"""The pure domain core.

Nothing in this package imports FastAPI, SQLAlchemy or Pydantic: the rules of the money
are plain Python so they can be read, tested and reasoned about on their own.
"""
