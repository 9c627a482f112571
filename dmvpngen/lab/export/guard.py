"""The export guard: lab files carry the rendered configs and nothing that could change them.

CML YAML and GNS3 JSON quote their strings, but the controller hands each node's
``configuration`` to the router line by line, and titles and labels end up in filenames and
terminal output. Every string must be one printable line; node configurations may hold line
feeds between lines and nothing else. The router configs already passed the render guard;
this keeps lab options, infrastructure configs and future fields to the same rule.
"""

from __future__ import annotations

from dmvpngen.errors import Problem, ValidationFailed, format_path
from dmvpngen.model.text import describe_char
from dmvpngen.render.guard import find_unsafe

__all__ = ["MULTILINE_KEYS", "check_export"]

# Keys whose values are whole configs or note lists, written as multi-line text.
MULTILINE_KEYS = frozenset({"configuration", "notes", "startup_config_content", "config"})


def check_export(data: object, what: str) -> None:
    """Raise ValidationFailed naming every string of ``data`` that holds an unsafe character."""
    problems = [
        Problem(
            what,
            None,
            f"{format_path(path) or 'a value'} contains {describe_char(char)}: refused, it "
            "would change the config the controller loads",
            hint="remove the character from the inventory or the lab option that set it",
        )
        for path, char in find_unsafe(data, MULTILINE_KEYS)
    ]
    if problems:
        raise ValidationFailed(problems)
