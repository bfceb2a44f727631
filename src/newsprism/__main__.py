"""``python -m newsprism``: the same as the ``newsprism`` command."""

from .cli import main

main()
