"""``dmvpngen rules``: list the lint rules, or show one rule's documentation."""

from __future__ import annotations

import typer

from dmvpngen.cli.output import OutputFormat, console, fail, print_json

__all__ = ["register"]


def rules(
    code: str = typer.Argument(None, help="Show this rule's documentation page."),
    fmt: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", "-f", help="Output format."),
) -> None:
    """List every lint rule (code, name, severity, role), or show the page of one rule."""
    from rich.markdown import Markdown
    from rich.table import Table

    from dmvpngen.lint.engine import all_rules
    from dmvpngen.lint.report import rule_doc, rule_doc_url

    known = all_rules()
    if code is None:
        if fmt is OutputFormat.JSON:
            print_json(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "role": r.role.value,
                        "summary": r.summary,
                        "help": rule_doc_url(r.code),
                    }
                    for r in known.values()
                ]
            )
            return
        table = Table("code", "name", "severity", "role", "summary", box=None)
        for r in known.values():
            table.add_row(r.code, r.name, r.severity.value, r.role.value, r.summary)
        console.print(table)
        console.print(f"{len(known)} rules. 'dmvpngen rules CODE' shows one rule's page.")
        return
    wanted = code.strip().upper()
    rule = known.get(wanted)
    if rule is None:
        fail(2, f"unknown rule code {code!r}", "run 'dmvpngen rules' to list the codes")
    page = rule_doc(wanted)
    if fmt is OutputFormat.JSON:
        print_json(
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.severity.value,
                "role": rule.role.value,
                "summary": rule.summary,
                "doc": page or "",
            }
        )
        return
    if page is None:
        console.print(
            f"{rule.code} {rule.name} ({rule.severity.value}): {rule.summary}", markup=False
        )
        console.print(f"documentation: {rule_doc_url(rule.code)}", markup=False)
        return
    console.print(Markdown(page))


def register(app: typer.Typer) -> None:
    """Add ``rules`` to ``app``."""
    app.command("rules")(rules)
