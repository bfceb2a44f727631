"""The package version, on the ground floor so that records and reports can name it."""

__version__ = "0.1.0"
