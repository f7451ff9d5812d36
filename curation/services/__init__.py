"""Curation writes: each one calls the owning app's service and audit.record in one transaction."""
