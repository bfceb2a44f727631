"""The JSON report: the analysis's JSON form and the JSON Schema it follows.

The JSON form itself is written by the records (:mod:`newsprism.analysis`); the schema ships as
``newsprism/data/analysis.schema.json``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..analysis import SCHEMA_VERSION, analysis_dict, analysis_json

__all__ = ["SCHEMA_VERSION", "schema", "to_dict", "to_json"]

to_dict = analysis_dict
to_json = analysis_json


def schema() -> dict[str, Any]:
    """The JSON Schema the document follows."""
    text = resources.files("newsprism").joinpath("data/analysis.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
