from enum import StrEnum


class WebhookEndpointCreatedOutDisabledReasonType0(StrEnum):
    FAILING = "failing"
    MANUAL = "manual"

    def __str__(self) -> str:
        return str(self.value)
