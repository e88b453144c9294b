"""Webhook delivery: the worker that sends each endpoint its organisation's event feed, and the
HTTP side of one delivery. The rules are in ``wallet.domain.webhooks``; the endpoints' use cases
in ``wallet.usecases.webhook_endpoints``; the worker's database steps in
``wallet.usecases.deliver_webhooks``."""
