from enum import StrEnum


class ClosureInReason(StrEnum):
    DEATH = "death"
    ENDED = "ended"
    MOVED = "moved"

    def __str__(self) -> str:
        return str(self.value)
