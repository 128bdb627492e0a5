"""awards/ keeps review (council, approvals, publication) apart from issuing (decisions, PDFs, register):
review never imports issuing (issuing builds on review), and no module is two modules glued together
behind `# noqa: E402` imports."""

import ast
from pathlib import Path

import awards

AWARDS = Path(awards.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                package = path.parent.relative_to(AWARDS.parent).parts
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_review_never_imports_issuing():
    offending = {
        str(path.relative_to(AWARDS.parent)): sorted(m for m in _imported_modules(path) if m.startswith("awards.issuing"))
        for path in sorted((AWARDS / "review").rglob("*.py"))
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}


def test_no_module_of_awards_has_imports_glued_on_halfway():
    glued = [str(path.relative_to(AWARDS.parent)) for path in sorted(AWARDS.rglob("*.py"))
             if "noqa: E402" in path.read_text(encoding="utf-8")]
    assert glued == []
