#!/usr/bin/env python3
"""The layering check (ARCHITECTURE.md, "Inside src/"): fails when an import points the wrong way.

- `core/`, `recovery/` and `entities/` import no domain and no edge (`core` may use `entities`,
  `entities` may use `recovery`'s vocabulary: a column holds a wire enum, and `recovery` imports
  nothing);
- a domain imports no edge (`http/`, `cli/`, `demo/`, `main.rs`, `lib.rs`);
- the domains' imports form no circle (a domain calls another only downward);
- inside any folder, the files' imports of each other form no circle;
- SQLite and Postgres are told apart only in `core/` (`core/db` and the audit store).

`python3 scripts/layering.py` checks src/; `--self-test` shows that it fails on wrong imports.
"""
import os
import re
import shutil
import sys
import tempfile

EDGES = {"http", "cli", "demo", "main", "lib"}
FOUNDATION = {"core": {"entities"}, "recovery": set(), "entities": {"recovery"}}
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)


def group_items(text, start):
    """The top-level item names of the `{...}` group that opens at text[start]."""
    depth, cur, items = 0, "", []
    for c in text[start:]:
        if c == "{":
            depth += 1
            if depth == 1:
                continue
        elif c == "}":
            depth -= 1
            if depth == 0:
                items.append(cur)
                break
        elif c == "," and depth == 1:
            items.append(cur)
            cur = ""
            continue
        cur += c
    names = []
    for it in items:
        m = re.match(r"\s*(" + IDENT + r")", it)
        if m:
            names.append(m.group(1))
    return names


def references(text, prefix):
    """Names that follow `prefix::` (a path or a `{group}`)."""
    names = set()
    for m in re.finditer(r"(?<![\w:])" + prefix + r"::", text):
        i = m.end()
        if text.startswith("{", i):
            names.update(group_items(text, i))
        else:
            mm = re.match(IDENT, text[i:])
            if mm:
                names.add(mm.group(0))
    return names


def module_path(root, path):
    parts = os.path.relpath(path, root)[:-3].split(os.sep)
    return parts[:-1] if parts[-1] == "mod" else parts


def find_cycle(graph):
    state, stack = {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check(root):
    files = {}
    for d, _, names in os.walk(root):
        for f in names:
            if f.endswith(".rs"):
                p = os.path.join(d, f)
                files[tuple(module_path(root, p))] = (p, strip_comments(open(p).read()))
    modules = set(files)
    tops = {m[0] for m in modules if m}
    failures = []
    top_graph = {t: set() for t in tops}
    where = {}
    sibling_graphs = {}
    for mod, (path, text) in files.items():
        if not mod:
            continue
        top = mod[0]
        for name in references(text, "crate"):
            if name in tops and name != top:
                top_graph[top].add(name)
                where.setdefault((top, name), os.path.relpath(path, root))
        # Siblings in the same folder: `super::x` from a file, `crate::a::b::x` spelled out.
        is_mod_rs = path.endswith("mod.rs")
        parent = mod[:-1] if not is_mod_rs else None
        if parent is None or len(mod) < 2:
            continue
        refs = set(references(text, "super"))
        spelled = "crate::" + "::".join(parent)
        refs |= references(text, re.escape(spelled))
        for name in refs:
            sib = parent + (name,)
            if sib in modules and sib != mod:
                sibling_graphs.setdefault(parent, {}).setdefault(mod[-1], set()).add(name)
    for top, deps in sorted(top_graph.items()):
        if top in FOUNDATION:
            for dep in sorted(deps - FOUNDATION[top]):
                failures.append(f"{top}/ imports {dep} ({where[(top, dep)]}): "
                                f"{top}/ stands beneath every domain")
        elif top not in EDGES:
            for dep in sorted(deps & EDGES):
                failures.append(f"domain {top}/ imports the edge {dep} ({where[(top, dep)]})")
    domain_graph = {t: {d for d in deps if d not in EDGES and d not in FOUNDATION}
                    for t, deps in top_graph.items() if t not in EDGES and t not in FOUNDATION}
    cycle = find_cycle(domain_graph)
    if cycle:
        steps = " -> ".join(cycle)
        hops = ", ".join(where[(a, b)] for a, b in zip(cycle, cycle[1:]))
        failures.append(f"domains import each other in a circle: {steps} ({hops})")
    backend = re.compile(r"\b(?:DatabaseBackend|DbBackend)::(?:Postgres|Sqlite)\b|\.is_sqlite\(\)")
    for mod, (path, text) in sorted(files.items()):
        if mod and mod[0] != "core" and backend.search(text):
            failures.append(f"{os.path.relpath(path, root)} branches on the database backend: "
                            "that difference belongs in core/db")
    for parent, graph in sorted(sibling_graphs.items()):
        cycle = find_cycle(graph)
        if cycle:
            failures.append(f"files of {'/'.join(parent)}/ import each other in a circle: "
                            + " -> ".join(cycle))
    return failures, domain_graph


def self_test(root):
    wrong = [
        ("core/db.rs", "use crate::clients::service;\n", "core/ imports clients"),
        ("staff/service.rs", "use crate::auth::service;\n", "in a circle"),
        ("clients/progress.rs", "use super::service;\n", "files of clients/"),
        ("notes/service.rs", "use crate::http::router;\n", "imports the edge http"),
        ("clients/service.rs", "const B: sea_orm::DbBackend = sea_orm::DbBackend::Sqlite;\n",
         "branches on the database backend"),
    ]
    for file, line, expected in wrong:
        tmp = tempfile.mkdtemp()
        try:
            copy = os.path.join(tmp, "src")
            shutil.copytree(root, copy)
            with open(os.path.join(copy, file), "a") as f:
                f.write(line)
            failures, _ = check(copy)
            caught = [f for f in failures if expected in f]
            if not caught:
                print(f"self-test: `{line.strip()}` in {file} was not caught", file=sys.stderr)
                return 1
            print(f"self-test: `{line.strip()}` in {file} -> {caught[0]}")
        finally:
            shutil.rmtree(tmp)
    return 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.join(here, "..", "src")
    if "--self-test" in sys.argv:
        return self_test(root)
    failures, graph = check(root)
    if "--map" in sys.argv:
        for top, deps in sorted(graph.items()):
            print(f"{top}: {' '.join(sorted(deps)) or '-'}")
    for f in failures:
        print(f"layering: {f}", file=sys.stderr)
    if not failures:
        print(f"layering: {len(graph)} domains on core/, recovery/ and entities/, no circles")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
