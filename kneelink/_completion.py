"""Shell completion for the ``kneelink`` command: ``kneelink completion bash|zsh``.

The script is generated from the command's own argparse parser (subcommands, their
options, the choices of each option) and from a rule pack's ids (symptoms after
``suggest``, contraindication kinds and regions after ``--contraindication``), so it
cannot drift from the command. The ids are those of the pack the script was made from;
regenerate it for another pack with ``kneelink completion bash --pack DIR``. zsh runs the
bash function through ``bashcompinit``.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterable

_HEADER = """\
# kneelink {version} shell completion for rule pack {pack}, generated from the command's parser.
# Install: eval "$(kneelink completion {shell})"  (or save it where your shell loads completions)
"""

# {commands}: every subcommand and top-level option; {cases}: one `case` branch per subcommand.
_FUNCTION = """\
_kneelink() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" command="" i
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            -*) ;;
            *) command="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    if [[ -z "$command" ]]; then
        COMPREPLY=($(compgen -W {commands} -- "$cur"))
        return 0
    fi
    # With ":" in COMP_WORDBREAKS (bash's default), KIND:REGION arrives as KIND, ":", REGION.
    local option=""
    if [[ "$cur" == ":" ]]; then
        option="${{COMP_WORDS[COMP_CWORD-2]}}"
        cur=""
    elif [[ "$prev" == ":" ]]; then
        option="${{COMP_WORDS[COMP_CWORD-3]}}"
    fi
    if [[ "$option" == "--contraindication" ]]; then
        COMPREPLY=($(compgen -W {regions} -- "$cur"))
        return 0
    fi
    case "$command" in
{cases}
    esac
    return 0
}}
"""

_BASH_TAIL = "complete -F _kneelink kneelink\n"
# zsh runs the bash function through bashcompinit; compinit first, unless .zshrc ran it.
_ZSH_HEAD = (
    "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\n"
    "autoload -U +X bashcompinit && bashcompinit\n"
)


def _words(words: Iterable[str]) -> str:
    return shlex.quote(" ".join(sorted(dict.fromkeys(words))))


def _values_of(action: argparse.Action, ids: dict[str, list[str]]) -> str | None:
    """The bash that completes the value of ``action``, or None to complete nothing."""
    if action.choices is not None:
        return f'COMPREPLY=($(compgen -W {_words(str(choice) for choice in action.choices)} -- "$cur"))'
    if action.metavar == "DIR":
        return 'COMPREPLY=($(compgen -d -- "$cur"))'
    if action.metavar == "KIND:REGION":
        kinds = _words(f"{kind}:" for kind in ids["kinds"])
        return f'COMPREPLY=($(compgen -W {kinds} -- "$cur")); compopt -o nospace 2>/dev/null'
    return None


def _case(name: str, parser: argparse.ArgumentParser, ids: dict[str, list[str]]) -> str:
    options: list[str] = []
    takes_value: list[str] = []
    arguments: list[argparse.Action] = []
    for action in parser._actions:
        if action.option_strings:
            options += action.option_strings
            if action.nargs != 0:
                values = _values_of(action, ids) or ":"  # `:` completes nothing (a number, a seed)
                takes_value.append(f"            {'|'.join(action.option_strings)}) {values}; return 0 ;;")
        else:
            arguments.append(action)
    positional = ""
    for action in arguments:
        if action.dest == "symptoms":
            positional = f'COMPREPLY=($(compgen -W {_words(ids["symptoms"])} -- "$cur"))'
        else:
            positional = _values_of(action, ids) or ""
    prev_cases = "\n".join(takes_value)
    on_option = f'[[ "$cur" == -* ]] && {{ COMPREPLY=($(compgen -W {_words(options)} -- "$cur")); return 0; }}'
    lines = [
        f"        {name})",
        '            case "$prev" in',
        prev_cases,
        "            esac",
        f"            {on_option}",
    ]
    if positional:
        lines.append(f"            {positional}")
    lines.append("            ;;")
    return "\n".join(line for line in lines if line)


def completion_script(parser: argparse.ArgumentParser, shell: str, ids: dict[str, list[str]], about: str) -> str:
    """The completion script for ``shell`` ("bash" or "zsh").

    ``ids`` holds the pack's ``symptoms``, contraindication ``kinds`` and ``regions``;
    ``about`` names the pack in the script's header.
    """
    from kneelink import __version__

    commands: dict[str, argparse.ArgumentParser] = {}
    top_options: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands.update(action.choices)
        else:
            top_options += action.option_strings
    function = _FUNCTION.format(
        commands=_words([*commands, *top_options]),
        regions=_words(ids["regions"]),
        cases="\n".join(_case(name, sub, ids) for name, sub in sorted(commands.items())),
    )
    head = _HEADER.format(version=__version__, pack=about, shell=shell)
    if shell == "zsh":
        return head + _ZSH_HEAD + function + _BASH_TAIL
    return head + function + _BASH_TAIL
