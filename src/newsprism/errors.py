"""One exception tree.  Messages carry a short code so users can search for them."""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class: a problem the user can act on (shown without a traceback by the CLI)."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(NewsprismError):
    """An input file or record cannot be read; reported and skipped by batch runs."""

    code = "E100"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NoInputError(NewsprismError):
    """Nothing readable was given."""

    code = "E101"


class ModelMissingError(NewsprismError):
    """A model package is not installed; the message says what to install."""

    code = "E200"


class ConfigError(NewsprismError):
    """A setting or an option has a value that cannot be used; the message names it."""

    code = "E300"


class StoreError(NewsprismError):
    """The corpus store cannot do what was asked; the message names the database and the problem."""

    code = "E400"


class QueryError(ConfigError):
    """A search query that cannot be run as given (too long, too many different words, only
    words too common to search for); the message says which."""

    code = "E301"


class DependencyError(NewsprismError):
    """A package the code imports is missing or broken in this environment (an undeclared
    dependency, a partial install); the message names the package and how to install it."""

    code = "E201"
