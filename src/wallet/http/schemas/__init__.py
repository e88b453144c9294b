"""Request and response bodies. Money is a strict integer of minor units: no floats, no strings."""
