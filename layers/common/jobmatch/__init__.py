"""Shared code of every function of the job-matching API (the common Lambda layer)."""
