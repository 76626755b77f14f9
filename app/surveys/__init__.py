"""Anonymous satisfaction surveys: set-up, invitation codes, answering, published results."""
