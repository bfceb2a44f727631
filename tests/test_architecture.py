"""The shape docs/architecture.md promises: stages only look down, no import circle, no private
name used across modules, no source file over 1,000 lines, spaCy components that say what they
assign.  Each check reads the code as it stands, so a change that breaks the shape fails here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "newsprism"
MAX_LINES = 1000


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def test_architecture_layers_and_no_circles() -> None:
    """`lint-imports` holds the code to .importlinter: the layer contract (stages only import
    the layers below them) and the acyclic contract (no circle at any depth)."""
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (it comes with the dev extra)")
    run = subprocess.run([str(lint), "--config", str(ROOT / ".importlinter")], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "2 kept, 0 broken" in run.stdout


def _module_of(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(importer: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = _module_of(importer).split(".")
    if importer.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def private_imports() -> list[str]:
    """``from newsprism.x import _name`` where ``_name`` is defined in another module."""
    out = []
    for path in _sources():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _resolve(path, node)
            if not target.startswith("newsprism"):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    out.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {target}.{alias.name}")
    return out


def test_architecture_no_private_name_crosses_modules() -> None:
    assert private_imports() == []


def test_architecture_private_import_check_can_fail(tmp_path: Path, monkeypatch) -> None:
    """The checker itself finds a private import (so the test above cannot pass vacuously)."""
    fake = tmp_path / "src" / "newsprism" / "stage"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "a.py").write_text("from .b import _helper\nfrom ..model import Article\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path / "src" / "newsprism")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert private_imports() == ["src/newsprism/stage/a.py:1 imports newsprism.stage.b._helper"]


def test_architecture_no_source_file_over_1000_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _sources()
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_architecture_spacy_components_declare_what_they_assign() -> None:
    """Every ``@Language.component`` names what it sets (``assigns=[...]``), as spaCy's own do,
    so the pipeline's analysis (``nlp.analyze_pipes``) can check the order."""
    missing = []
    for path in _sources():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("component", "factory")
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "Language"
                    and not any(k.arg == "assigns" for k in node.keywords)):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []
