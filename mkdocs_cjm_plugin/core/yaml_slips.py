"""Turning a YAML syntax error into the slip an author made, in plain words.

The parser notices a slip where it can no longer go on, which is often not where the
slip is: an unclosed quote is noticed at the end of the file, `key:value` on the next
line, a colon in text at the second colon. This module looks at the source text
around the parser's positions to recognise the usual slips, and says what was written,
where, and shows the corrected line. It reads only positions from the parser, never
its wording, which differs between libyaml and the pure-Python parser and between
versions.

Nothing here runs unless the parser has already failed: the happy path never pays.
After a recognised slip the text is repaired as the message proposes and parsed again,
so that one run reports every slip of a file (bounded by `MAX_ROUNDS`). Only recognised
slips are reported after a repair: anything else could be an effect of the repair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make

MAX_ROUNDS = 20
"""Repairs tried per file; each is one more parse of the file."""
MAX_TAB_LINES = 100
"""Tab-indented lines reported per file; a file indented with tabs throughout needs
one fix (the editor's "convert indentation to spaces"), not thousands of lines."""

_SHOWN = 60
"""Characters of a corrected line shown in a message."""


@dataclass(frozen=True)
class Slip:
    line: int  # 1-based
    col: int  # 1-based
    code: str
    message: str
    repaired: str | None
    """The whole text with this slip fixed as the message proposes, or None."""


@dataclass(frozen=True)
class _Line:
    """One line split the way an author sees it: indentation, `- ` markers, key, value."""

    indent: int
    dashes: int  # how many `- ` markers before the key or value
    key: str | None
    key_col: int  # 0-based column of the key, or of the value when there is no key
    value: str  # up to a comment
    value_col: int  # 0-based
    comment: str  # `  # ...` with its leading spaces, or ""

    @property
    def is_text(self) -> bool:
        """A line with neither key nor `- `: more text of a value above it."""
        return self.key is None and not self.dashes

    @property
    def dash_cols(self) -> list[int]:
        return [self.indent + 2 * i for i in range(self.dashes)]


_HEAD = re.compile(r"(?P<indent> *)(?P<dashes>(?:-(?: +|$))*)")
_KEY_END = re.compile(r":(?= |$)")
_NOT_KEY = frozenset(" \t#:[]{},")
_COMMENT = re.compile(r"(?:^| )#")
_BLANK = re.compile(r"\s*(?:#.*)?")


def _parse(line: str) -> _Line | None:
    """None for a blank or comment-only line. Linear in the line's length: a hostile
    file may be one line of four million characters."""
    if _BLANK.fullmatch(line):
        return None
    head = _HEAD.match(line)
    assert head is not None  # every part of the pattern is optional
    indent = len(head["indent"])
    dashes = head["dashes"].count("-")
    start = head.end()
    key: str | None = None
    rest_start = start
    first = line[start:start + 1]
    if first in ("'", '"'):
        close = line.find(first, start + 1)
        after = close + 1 + len(line[close + 1:]) - len(line[close + 1:].lstrip(" "))
        if close > 0 and _KEY_END.match(line, after):
            key, rest_start = line[start:close + 1], after + 1
    elif first and first not in _NOT_KEY:
        colon = _KEY_END.search(line, start)
        if colon is not None and line.find("#", start, colon.start()) < 0:
            key, rest_start = line[start:colon.start()].rstrip(" "), colon.end()
    rest = line[rest_start:]
    value_col = rest_start + len(rest) - len(rest.lstrip(" "))
    value, comment = _split_comment(line[value_col:])
    key_col = start if key is not None else value_col
    return _Line(indent, dashes, key, key_col, value, value_col, comment)


def _split_comment(value: str) -> tuple[str, str]:
    if value[:1] in ("'", '"'):  # a `#` inside quotes is text
        return value.rstrip(), ""
    found = _COMMENT.search(value)
    if found is None or (found.start() == 0 and value[:1] != "#"):
        return value.rstrip(), ""
    cut = found.start()
    text = value[:cut].rstrip()
    return text, value[len(text):]


def quote(text: str) -> str:
    """`text` as one YAML string, in the quotes that need no escapes where possible."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shown(line: str) -> str:
    text = line.strip()
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _replace(lines: list[str], index: int, new: str) -> str:
    return "\n".join([*lines[:index], new, *lines[index + 1:]])


def _quoted_line(line: str, col: int) -> str:
    """`line` with everything from `col` on (up to a comment) in quotes."""
    value, comment = _split_comment(line[col:])
    return line[:col] + quote(value) + comment


def quoted_fix(line: str, col: int) -> str:
    """The corrected line as a message shows it: the text from `col` on in quotes."""
    return _shown(_quoted_line(line, col))


def _where(parsed: _Line) -> str:
    if parsed.key is not None:
        return f"the text after `{parsed.key}:`"
    return "this list item"


NUMBER_COMMENT = re.compile(r" #\d")
"""` #1`: one space, then a number. A comment is written `# text`, usually after two
spaces; `Kauf #1 Premium` is text that YAML cuts at the `#`."""


def cut_by_comment(line: str) -> tuple[int, int, str] | None:
    """For a line whose plain text YAML cuts at ` #` and a number: the 0-based columns of
    the value and of the `#`, and the message; else None."""
    parsed = _parse(line)
    if (parsed is None or not parsed.value or parsed.value[0] in "\"'[{|>&*!%@`"
            or not NUMBER_COMMENT.match(parsed.comment)):
        return None
    fixed = line[: parsed.value_col] + quote(parsed.value + parsed.comment)
    hash_col = parsed.value_col + len(parsed.value) + 1
    what = f"`{parsed.key}`" if parsed.key is not None else "this list item"
    return parsed.value_col, hash_col, (
        f"YAML reads `{_shown(parsed.comment)}` as a comment, so {what} is only "
        f"'{_shown(parsed.value)}'; if the `#` is part of the text, put the whole text in "
        f"quotes: `{_shown(fixed)}`"
    )


# --- what each special first character means to YAML ---------------------------------

_SPECIAL = {
    "*": "a reference to a name defined elsewhere (`*name`)",
    "&": "a name for reuse (`&name`)",
    "!": "a type tag",
    "@": "a character reserved by YAML",
    "`": "a character reserved by YAML",
    "%": "a setting for the YAML reader",
    "|": "the start of a block of text on the following lines",
    ">": "the start of a block of text on the following lines",
    "[": "the start of a list",
    "{": "the start of a map",
}


def special_start(lines: list[str], index: int, col: int) -> Slip:
    """CJM044 for the value starting at `col` of line `index`: quote it."""
    line = lines[index]
    parsed = _parse(line)
    first = line[col]
    if line.startswith("**", col):
        first = "**"
    meaning = _SPECIAL[first[0]]
    shown = "` (a backquote)" if first == "`" else f"`{first}`"
    fixed = _quoted_line(line, col)
    where = _where(parsed) if parsed is not None else "this text"
    extra = ""
    if first in ("|", ">"):
        extra = ", or start the text on the next line, indented"
    return Slip(
        index + 1, col + 1, "CJM044",
        f"{where} starts with {shown}, which YAML reads as {meaning}; put the whole text "
        f"in quotes: `{_shown(fixed)}`{extra}",
        _replace(lines, index, fixed),
    )


# --- the recognisers ------------------------------------------------------------------


class _Context:
    def __init__(self, text: str, exc: yaml.MarkedYAMLError, keys: frozenset[str]) -> None:
        self.text = text
        self.keys = keys
        self.lines = text.split("\n")
        problem = exc.problem_mark
        context = exc.context_mark
        self.p = (problem.line, problem.column) if problem else None
        self.c = (context.line, context.column) if context else None

    def char(self, at: tuple[int, int] | None) -> str:
        if at is None or at[0] >= len(self.lines):
            return ""
        line = self.lines[at[0]]
        return line[at[1]] if at[1] < len(line) else ""

    def at_end(self, at: tuple[int, int]) -> bool:
        """Nothing but blanks from `at` to the end of the text."""
        rest = self.lines[at[0]][at[1]:] if at[0] < len(self.lines) else ""
        return not rest.strip() and not any(ln.strip() for ln in self.lines[at[0] + 1:])

    def previous(self, index: int) -> int | None:
        """The nearest line above `index` with something on it. YAML's marks count
        more kinds of line break than splitting on newlines: `index` may lie past the end."""
        for i in range(min(index, len(self.lines)) - 1, -1, -1):
            if _parse(self.lines[i]) is not None:
                return i
        return None


_TAB_INDENT = re.compile(r"( *)\t")


def _tab_lines(lines: list[str]) -> Iterator[int]:
    """Lines indented with a tab, skipping the text of `|` and `>` blocks (where a tab
    after the block's indentation is text)."""
    for i, _ in _outside_blocks(lines):
        if _TAB_INDENT.match(lines[i]):
            yield i


def _tabs(ctx: _Context) -> list[Slip]:
    if ctx.p is None:
        return []
    if "\t" not in ctx.text:
        return []
    pl = ctx.p[0]
    lines = ctx.lines
    near = [at[0] for at in (ctx.p, ctx.c) if at is not None and at[0] < len(lines)]
    if ctx.char(ctx.p) != "\t" and not any(_TAB_INDENT.match(lines[i]) for i in near):
        return []  # the whole file is scanned only where a tab is near the error
    tabbed = list(_tab_lines(lines))
    if ctx.char(ctx.p) == "\t" and pl not in tabbed:
        # A tab between a key and its value: libyaml accepts it, the pure-Python parser not.
        line = lines[pl]
        col = ctx.p[1]
        return [Slip(
            pl + 1, col + 1, "CJM040",
            f"line {pl + 1} has a tab where YAML needs a space; replace the tab with a space",
            _replace(lines, pl, line[:col] + " " + line[col + 1:]),
        )]
    if pl not in tabbed and (ctx.c is None or ctx.c[0] not in tabbed):
        return []
    out: list[Slip] = []
    repaired = list(lines)
    for i in tabbed:
        line = lines[i]
        lead = len(line) - len(line.lstrip(" \t"))
        repaired[i] = line[:lead].replace("\t", "  ") + line[lead:]
    text = "\n".join(repaired)
    for i in tabbed[:MAX_TAB_LINES]:
        col = lines[i].index("\t")
        out.append(Slip(
            i + 1, col + 1, "CJM040",
            f"line {i + 1} is indented with a tab; YAML allows only spaces for indentation, "
            "so replace the tab with spaces (most editors: 'Convert indentation to spaces')",
            text,
        ))
    return out


def _outside_blocks(lines: list[str]) -> Iterator[tuple[int, _Line]]:
    """The lines with something on them, skipping the text of `|` and `>` blocks."""
    block: int | None = None
    for i, line in enumerate(lines):
        parsed = _parse(line)
        if parsed is None:
            continue
        if block is not None:
            if parsed.indent > block:
                continue
            block = None
        yield i, parsed
        if re.fullmatch(r"[|>][-+0-9]*", parsed.value):
            block = parsed.indent


def _quote_ending_at(lines: list[str], p: tuple[int, int]) -> tuple[int, int] | None:
    """The opening quote of a text that runs over several lines and ends on the line
    where YAML stopped: a quote that was meant to close on its own line."""
    skip_to = -1
    for i, parsed in _outside_blocks(lines[: p[0]]):
        if i <= skip_to or parsed.value[:1] not in ('"', "'"):
            continue
        line = lines[i]
        if _quote_end(line, parsed.value_col) is not None:
            continue
        for j in range(i + 1, p[0] + 1):
            close = _closing(lines[j], 0, parsed.value[0])
            if close is None:
                continue
            if j == p[0] and close < p[1]:
                return i, parsed.value_col
            skip_to = j
            break
        else:
            return None  # still open where YAML stopped: not this slip
    return None


def _unclosed_quote(ctx: _Context) -> list[Slip]:
    c = ctx.c
    quote_char = ctx.char(c)
    if ctx.p is not None and (quote_char not in ('"', "'") or not ctx.at_end(ctx.p)):
        c = _quote_ending_at(ctx.lines, ctx.p)
        quote_char = ctx.char(c)
        if c is not None:
            line = ctx.lines[c[0]]
            fixed = line.rstrip() + quote_char
            return [Slip(
                c[0] + 1, c[1] + 1, "CJM045",
                f"the quote {quote_char} that starts the text on line {c[0] + 1} is not closed "
                f"on that line, so YAML reads the following lines up to the next "
                f"{quote_char} (line {ctx.p[0] + 1}) as part of that text; add the closing "
                f"{quote_char} at the end of the text: `{_shown(fixed)}`",
                _replace(ctx.lines, c[0], fixed),
            )]
    if c is None or quote_char not in ('"', "'") or ctx.p is None or not ctx.at_end(ctx.p):
        return []
    line = ctx.lines[c[0]]
    fixed = line.rstrip() + quote_char
    return [Slip(
        c[0] + 1, c[1] + 1, "CJM045",
        f"the quote {quote_char} that starts the text on line {c[0] + 1} is never closed, "
        f"so YAML reads the rest of the file as part of that text; add the closing "
        f"{quote_char} at the end of the text: `{_shown(fixed)}`",
        _replace(ctx.lines, c[0], fixed),
    )]


_CLOSER = {"[": "]", "{": "}"}


def _open_bracket(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The outermost `[` or `{` that starts a value and is still open at line `upto`."""
    stack: list[tuple[int, int]] = []
    for i in range(min(upto, len(lines))):
        line = lines[i]
        if not stack:
            parsed = _parse(line)
            if parsed is None or parsed.value[:1] not in _CLOSER:
                continue
            col = parsed.value_col
        else:
            col = 0
        quote_char = ""
        while col < len(line):
            ch = line[col]
            if quote_char:
                if ch == "\\" and quote_char == '"':
                    col += 1
                elif ch == quote_char:
                    quote_char = ""
            elif ch in "\"'":
                quote_char = ch
            elif ch == "#" and (col == 0 or line[col - 1] == " "):
                break
            elif ch in _CLOSER:
                stack.append((i, col))
            elif ch in "]}" and stack:
                stack.pop()
                if not stack:
                    break
            col += 1
    return stack[0] if stack else None


def _unclosed_bracket(ctx: _Context) -> list[Slip]:
    c, p = ctx.c, ctx.p
    if p is None:
        return []
    if ctx.char(c) not in _CLOSER:
        c = _open_bracket(ctx.lines, p[0] + 1)
    bracket = ctx.char(c)
    if c is None or bracket not in _CLOSER or p[0] <= c[0]:
        return []
    closer = _CLOSER[bracket]
    last = ctx.previous(p[0]) if p[1] == 0 or _parse(ctx.lines[p[0]]) else p[0]
    if ctx.at_end(p) or p[0] >= len(ctx.lines):
        last = ctx.previous(len(ctx.lines))
    if last is None or last < c[0]:
        return []
    value, comment = _split_comment(ctx.lines[last])
    fixed = value + closer + comment
    where = "" if last == c[0] else f" at the end of line {last + 1}"
    what = "list" if bracket == "[" else "map"
    return [Slip(
        c[0] + 1, c[1] + 1, "CJM046",
        f"the `{bracket}` that starts a {what} on line {c[0] + 1} is never closed; add "
        f"`{closer}` after its last entry{where}: `{_shown(fixed)}`",
        _replace(ctx.lines, last, fixed),
    )]


def _quoted_start(ctx: _Context, index: int, parsed: _Line) -> Slip:
    """CJM045: text that goes on after a closing quote (`"Anna" Berger`, `'hab's'`)."""
    line = ctx.lines[index]
    value = parsed.value
    # `'Ich hab's nicht'`: the author's text in quotes, cut short by an apostrophe.
    inner = value[1:-1] if len(value) > 1 and value[0] == value[-1] else value
    fixed = line[: parsed.value_col] + quote(inner) + parsed.comment
    hint = (
        "; an apostrophe inside '…' ends the text, so use double quotes around it"
        if value[0] == value[-1] == "'" and "'" in inner else ""
    )
    return Slip(
        index + 1, parsed.value_col + 1, "CJM045",
        f"{_where(parsed)} goes on after its closing quote {value[0]}{hint}; put the whole "
        f"text in one pair of quotes: `{_shown(fixed)}`",
        _replace(ctx.lines, index, fixed),
    )


def _quote_end(line: str, col: int) -> int | None:
    """The column of the quote that closes the one at `col`, or None on this line."""
    return _closing(line, col + 1, line[col])


def _closing(line: str, start: int, quote_char: str) -> int | None:
    i = start
    while i < len(line):
        if quote_char == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote_char:
            if quote_char == "'" and line.startswith("''", i):
                i += 2
                continue
            return i
        i += 1
    return None


_CODE_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")


def _no_character(line: str, at: int) -> str | None:
    """The escape at `at` if it stands for no character YAML allows: a surrogate (half
    of a character in UTF-16, `\\ud800`) or a number past the last one (`\\U00110000`)."""
    found = _CODE_ESCAPE.match(line, at)
    if found is None:
        return None
    number = int(found.group()[2:], 16)
    return found.group() if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF else None


def _backslash(ctx: _Context) -> list[Slip]:
    """`"C:\bilder"`: in double quotes a backslash starts an escape such as `\n`."""
    p = ctx.p
    if p is None or p[0] >= len(ctx.lines):
        return []
    line = ctx.lines[p[0]]
    parsed = _parse(line)
    if parsed is None or parsed.value[:1] != '"' or p[1] <= parsed.value_col:
        return []
    backslash = line.rfind("\\", parsed.value_col, p[1] + 1)
    end = _quote_end(line, parsed.value_col)
    if backslash < 0 or (end is not None and end < p[1]):
        return []
    code = _no_character(line, backslash)
    if code is not None:
        return [Slip(
            p[0] + 1, backslash + 1, "CJM050",
            f"`{code}` stands for "
            + ("half of a character, which text cannot hold on its own"
               if int(code[2:], 16) <= 0xDFFF else
               "no character (the last one is `\\U0010FFFF`)")
            + "; write the character itself, or its whole code, such as `\\U0001F600` "
            "for 😀",
            None,
        )]
    text = line[parsed.value_col + 1: end]
    fixed = line[: parsed.value_col] + (
        f"'{text}'" if "'" not in text else '"' + text.replace("\\", "\\\\") + '"'
    ) + (line[end + 1:] if end is not None else "")
    return [Slip(
        p[0] + 1, backslash + 1, "CJM050",
        "in text between double quotes a backslash starts a special character (such as "
        "`\\n` for a new line), and this one does not; put the text in single quotes, "
        f"where a backslash is just a backslash, or write each backslash twice: "
        f"`{_shown(fixed)}`",
        _replace(ctx.lines, p[0], fixed),
    )]


def _special_first(ctx: _Context) -> list[Slip]:
    for at in (ctx.p, ctx.c):
        if at is None or at[0] >= len(ctx.lines):
            continue
        parsed = _parse(ctx.lines[at[0]])
        if parsed is None or not parsed.value or at[1] < parsed.value_col:
            continue
        first = parsed.value[0]
        if first in "\"'" and at == ctx.p:
            end = _quote_end(ctx.lines[at[0]], parsed.value_col)
            if end is None or end >= at[1]:
                continue
            return [_quoted_start(ctx, at[0], parsed)]
        if (first in _SPECIAL and first not in "[{") or (first in "[{" and at == ctx.p):
            return [special_start(ctx.lines, at[0], parsed.value_col)]
    return []


_NO_SPACE = re.compile(r"(?P<key>\w[\w .-]*?):(?P<value>[^\s:/\\].*)")


def _no_space(ctx: _Context) -> list[Slip]:
    candidates: list[int] = []
    if ctx.c is not None:
        candidates.append(ctx.c[0])
    if ctx.p is not None and ctx.char(ctx.p) == ":":
        above = ctx.previous(ctx.p[0])
        if above is not None:
            candidates.append(above)
    for index in candidates:
        if index >= len(ctx.lines):
            continue
        line = ctx.lines[index]
        parsed = _parse(line)
        if parsed is None or parsed.key is not None:
            continue
        found = _NO_SPACE.fullmatch(parsed.value)
        if found is None:
            continue
        colon = parsed.value_col + found.end("key")
        fixed = line[: colon + 1] + " " + line[colon + 1:]
        return [Slip(
            index + 1, colon + 1, "CJM042",
            no_space_message(found["key"], found["value"], fixed),
            _replace(ctx.lines, index, fixed),
        )]
    return []


def no_space(text: str) -> tuple[str, str] | None:
    """`name:Anna` as (`name`, `Anna`): a key and its value without the space between."""
    found = _NO_SPACE.fullmatch(text)
    return (found["key"], found["value"]) if found else None


def no_space_message(key: str, value: str, fixed: str) -> str:
    return (f"`{key}:` needs a space after the colon, otherwise YAML reads `{key}:{value}` "
            f"as one piece of text; write `{_shown(fixed)}`")


def colon_message(where: str, fixed: str) -> str:
    return (f"{where} contains `: `, which YAML reads as the start of another key; put "
            f"the text in quotes: `{_shown(fixed)}`")


_DASH_WORD = re.compile(r"-[^\W\d_]")
"""`-name` or `-Wartezeit`: a `-` right before a letter, meant as a list item's `- `."""


def dash_message(word: str, fixed: str) -> str:
    return (f"`{_shown(word)}` needs a space after the `-` to be a list item, otherwise YAML "
            f"reads it as text; write `{_shown(fixed)}`")


def _dash_without_space(ctx: _Context) -> list[Slip]:
    """`-name: Suche` or `-Wartezeit` where a list item was meant."""
    candidates = [at[0] for at in (ctx.c, ctx.p) if at is not None]
    if ctx.p is not None:
        above = ctx.previous(ctx.p[0])
        if above is not None:
            candidates.insert(len(candidates) - 1, above)
    for index in candidates:
        if index >= len(ctx.lines):
            continue
        line = ctx.lines[index]
        parsed = _parse(line)
        if parsed is None or parsed.dashes:
            continue
        written = parsed.key if parsed.key is not None else parsed.value
        if not _DASH_WORD.match(written):
            continue
        fixed = line[: parsed.key_col] + "- " + line[parsed.key_col + 1:]
        return [Slip(
            index + 1, parsed.key_col + 1, "CJM051",
            dash_message(written, fixed),
            _replace(ctx.lines, index, fixed),
        )]
    return []


def _list_after_key(ctx: _Context) -> list[Slip]:
    """`pains: - Wartezeit`: a list item on the line of its key."""
    p = ctx.p
    if p is None or p[0] >= len(ctx.lines):
        return []
    line = ctx.lines[p[0]]
    parsed = _parse(line)
    if parsed is None or parsed.key is None or p[1] < parsed.value_col:
        return []
    if not (parsed.value == "-" or parsed.value.startswith("- ")):
        return []
    item = parsed.value[2:].strip()
    below = " " * (parsed.key_col + 2) + parsed.value + parsed.comment
    inline = f"{parsed.key}: [{quote(item) if ',' in item else item}]"
    or_inline = f", or write `{_shown(inline)}`" if item else ""
    text = _quoted_line(line, parsed.value_col)
    return [Slip(
        p[0] + 1, parsed.value_col + 1, "CJM052",
        f"a list item cannot start on the line of its key: for a list, put "
        f"`{_shown(parsed.value)}` on a line of its own below `{parsed.key}:`, indented by 2 "
        f"more spaces{or_inline}; for text that starts with `-`, put it in "
        f"quotes: `{_shown(text)}`",
        "\n".join([*ctx.lines[: p[0]], line[: parsed.value_col].rstrip(), below,
                   *ctx.lines[p[0] + 1:]]),
    )]


def _text_too_far_left(ctx: _Context) -> list[Slip]:
    """The text of `summary: Anna kauft ein,` going on on the next line, in the column of
    the key or left of it: YAML takes that line for a key without its colon."""
    c = ctx.c
    if c is None or c[0] >= len(ctx.lines) or c[0] == 0:
        return []
    line = ctx.lines[c[0]]
    parsed = _parse(line)
    above = ctx.previous(c[0])
    if parsed is None or not parsed.is_text or c[1] != parsed.indent or above is None:
        return []
    key_line = _parse(ctx.lines[above])
    if (key_line is None or key_line.key is None or not key_line.value
            or key_line.value[0] in "\"'[{|>&*!" or parsed.indent > key_line.key_col):
        return []
    word, _, rest = parsed.value.partition(" ")
    if word in ctx.keys and rest:
        # `persona anna`: a key of the format that lost its colon, not more text.
        fixed = line[: parsed.key_col] + f"{word}: {rest}" + parsed.comment
        return [Slip(
            c[0] + 1, c[1] + 1, "CJM054",
            f"`{word}` on line {c[0] + 1} has no `:` after it, so YAML reads the line as "
            f"more text of `{key_line.key}:` above it; write `{_shown(fixed)}`",
            _replace(ctx.lines, c[0], fixed),
        )]
    fixed = " " * (key_line.key_col + 2) + line.lstrip(" ")
    key = key_line.key
    starts = (
        "in column 1" if not parsed.indent
        else "in line with the key" if parsed.indent == key_line.key_col
        else "left of the key"
    )
    return [Slip(
        c[0] + 1, c[1] + 1, "CJM041",
        f"line {c[0] + 1} goes on with the text of `{key}:` on line {above + 1}, but starts "
        f"{starts}, where YAML "
        f"expects a new key; indent it by {_spaces(key_line.key_col + 2)}, or put the whole "
        f"text in quotes, or write `{key}: >` and the text on the lines below it, indented",
        _replace(ctx.lines, c[0], fixed),
    )]


_FORMAT_KEY = re.compile(r"[a-z][a-z_]*")


def _colon(ctx: _Context) -> list[Slip]:
    """A `: ` YAML cannot take as a key: in text after a key, or on a line indented
    further than the key above it."""
    p = ctx.p
    if p is None or ctx.char(p) != ":":
        return []
    line = ctx.lines[p[0]]
    parsed = _parse(line)
    if parsed is None:
        return []
    if parsed.key is not None and p[1] >= parsed.value_col:
        if parsed.dashes and not _FORMAT_KEY.fullmatch(parsed.key):
            # `- Ziel: schnell: gut` in a list of texts: the whole item is the text.
            col = parsed.key_col
            where = "this list item"
        else:
            col = parsed.value_col
            where = f"the text after `{parsed.key}:`"
        fixed = _quoted_line(line, col)
        return [Slip(
            p[0] + 1, col + 1, "CJM043",
            colon_message(where, fixed),
            _replace(ctx.lines, p[0], fixed),
        )]
    return _shifted_item(ctx, p[0], parsed) or _indented_too_far(ctx, p[0], parsed)


def _indented_too_far(ctx: _Context, index: int, parsed: _Line) -> list[Slip]:
    """A key line indented further than the key above it, whose value is already given:
    YAML reads it as more text of that value."""
    for i in range(index - 1, -1, -1):
        above = _parse(ctx.lines[i])
        if above is None or above.is_text:
            continue
        if above.key is None or above.key_col >= parsed.key_col or parsed.dashes:
            return []
        line = ctx.lines[index]
        fixed = " " * above.key_col + line.lstrip(" ")
        return [Slip(
            index + 1, parsed.key_col + 1, "CJM041",
            f"line {index + 1} is indented further than `{above.key}:` on line {i + 1}, so "
            f"YAML reads it as more text of `{above.key}`; start `{parsed.key}:` in the "
            f"same column as `{above.key}:` (column {above.key_col + 1})",
            _replace(ctx.lines, index, fixed),
        )]
    return []


@dataclass(frozen=True)
class _Level:
    col: int
    dash: bool  # a `- ` marker at this column, else a key
    line: int  # 0-based
    label: str


def _levels(lines: list[str], index: int) -> list[_Level]:
    """The columns open at line `index`: those of the line above it, then of each line
    further up that is indented less than everything found so far."""
    out: list[_Level] = []
    limit = 1 << 30
    for i in range(index - 1, -1, -1):
        parsed = _parse(lines[i])
        if parsed is None or parsed.is_text or parsed.indent >= limit:
            continue
        for col in parsed.dash_cols:
            if col < limit:
                out.append(_Level(col, True, i, "-"))
        if parsed.key is not None and parsed.key_col < limit:
            out.append(_Level(parsed.key_col, False, i, f"{parsed.key}:"))
        limit = parsed.indent
        if limit == 0:
            break
    return out


def _indentation(ctx: _Context) -> list[Slip]:
    p = ctx.p
    if p is None or p[0] >= len(ctx.lines):
        return []
    index = p[0]
    line = ctx.lines[index]
    parsed = _parse(line)
    if parsed is None or p[1] != parsed.indent or parsed.is_text:
        return []
    levels = _levels(ctx.lines, index)
    if not levels:
        return []
    here = parsed.indent
    shifted = _shifted_item(ctx, index, parsed)
    if shifted:
        return shifted
    root = levels[-1]
    if root.col > here and _starts_document(ctx.lines, root.line):
        # ` kind: journey` on the first line: YAML takes that column for the whole file.
        top = ctx.lines[root.line]
        return [Slip(
            root.line + 1, root.col + 1, "CJM041",
            f"line {root.line + 1} is indented by {_spaces(root.col)}, but the first key of "
            f"a file starts in column 1, like the lines after it; remove the spaces before "
            f"`{root.label}`",
            _replace(ctx.lines, root.line, top.lstrip(" ")),
        )]
    is_dash = parsed.dashes > 0
    same = [lv for lv in levels if lv.col == here]
    if not is_dash and any(lv.dash for lv in same):
        item = next(lv for lv in same if lv.dash)
        head = _parse(ctx.lines[item.line])
        if head is not None and head.key is not None and parsed.key not in (None, head.key):
            # Another key than the one each item starts with: a key of this item that
            # lost its indentation, not a new item.
            fixed = " " * head.key_col + line[here:]
            return [Slip(
                index + 1, here + 1, "CJM041",
                f"`{parsed.key}:` on line {index + 1} starts in the column of the `-` on line "
                f"{item.line + 1}, so YAML takes it for a new list item; indent it by "
                f"{_spaces(head.key_col)}, like `{head.key}:` on line {item.line + 1}, to "
                "make it a key of that item",
                _replace(ctx.lines, index, fixed),
            )]
        fixed = " " * here + "- " + line[here:]
        return [Slip(
            index + 1, here + 1, "CJM047",
            f"line {index + 1} starts a new list item but has no `- ` in front, while the "
            f"item on line {item.line + 1} has one; write `{_shown(fixed)}`",
            _replace(ctx.lines, index, fixed),
        )]
    if is_dash and same and not any(lv.dash for lv in same):
        first = _first_sibling(ctx.lines, index, here)
        # Only where the first item has the same first key as the one with `- `: then
        # both are items of one list, and the first one lacks its `- `.
        first_key = _parse(ctx.lines[first]) if first is not None else None
        if first is not None and first_key is not None and first_key.key == parsed.key:
            shown = _shown(" " * here + "- " + ctx.lines[first][here:])
            return [Slip(
                first + 1, here + 1, "CJM047",
                f"the list item on line {index + 1} starts with `- `, but the item that starts "
                f"on line {first + 1} has none; write `{shown}` there and indent the lines "
                "of that item below it by two more spaces",
                None,
            )]
    wanted = [lv for lv in levels if lv.dash == is_dash and lv.col != here]
    if (same and not is_dash) or not wanted:
        return []
    deeper = min((lv for lv in wanted if lv.col > here), key=lambda lv: lv.col, default=None)
    shallower = max((lv for lv in wanted if lv.col < here), key=lambda lv: lv.col, default=None)
    choices = [lv for lv in (deeper, shallower) if lv is not None]
    if not choices:
        return []
    best = choices[0]

    def like(lv: _Level) -> str:
        what = "the `-`" if lv.dash else f"`{lv.label}`"
        by = "start it in column 1" if lv.col == 0 else f"indent it by {_spaces(lv.col)}"
        return f"{by}, like {what} on line {lv.line + 1}"

    other = f" (or {like(choices[1])})" if len(choices) > 1 else ""
    fixed = " " * best.col + line[here:]
    return [Slip(
        index + 1, here + 1, "CJM041",
        f"line {index + 1} is indented by {_spaces(here)}, which lines up with no line "
        f"above it; {like(best)}{other}",
        _replace(ctx.lines, index, fixed),
    )]


def _shifted_item(ctx: _Context, index: int, parsed: _Line) -> list[Slip]:
    """`- id: x` one space off, with the item's other keys below it lined up with each
    other: the `- ` line is the slip, not the lines that follow it."""
    above = ctx.previous(index)
    if above is None or parsed.dashes or parsed.key is None:
        return []
    item = _parse(ctx.lines[above])
    if item is None or not item.dashes or item.key is None or item.key_col == parsed.indent:
        return []
    shift = parsed.indent - item.key_col
    if item.indent + shift < 0:
        return []
    body = 0  # more lines of the item, lined up with the line YAML stopped at
    for line in ctx.lines[index + 1:]:
        below = _parse(line)
        if below is None or below.is_text or below.indent > parsed.indent:
            continue
        if below.indent < parsed.indent:
            break
        body += 1
    if not body:
        return []
    line = ctx.lines[above]
    fixed = " " * (item.indent + shift) + line.lstrip(" ")
    return [Slip(
        above + 1, item.indent + 1, "CJM041",
        f"line {above + 1} is indented by {_spaces(item.indent)}, so its `{item.key}:` does "
        f"not line up with the keys of the same item below it (from line {index + 1} on); "
        f"indent line {above + 1} by {_spaces(item.indent + shift)}",
        _replace(ctx.lines, above, fixed),
    )]


def _starts_document(lines: list[str], index: int) -> bool:
    """Line `index` is the first with something on it, in its file or after a `---`."""
    for i in range(index - 1, -1, -1):
        if lines[i].startswith("---"):
            return True
        if _parse(lines[i]) is not None:
            return False
    return True


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _first_sibling(lines: list[str], index: int, col: int) -> int | None:
    """The first line of the run of key lines at `col` that ends above line `index`."""
    first: int | None = None
    for i in range(index - 1, -1, -1):
        parsed = _parse(lines[i])
        if parsed is None or parsed.indent > col or parsed.is_text:
            continue
        if parsed.indent < col or parsed.dashes:
            break
        first = i
    return first


_RECOGNISERS = (
    _tabs, _unclosed_quote, _unclosed_bracket, _backslash, _no_space, _dash_without_space,
    _list_after_key, _special_first, _colon, _text_too_far_left, _indentation,
)


def explain(
    text: str, exc: yaml.MarkedYAMLError, keys: frozenset[str] = frozenset()
) -> list[Slip]:
    """The slips that explain `exc`, or an empty list when none is recognised. `keys`
    are the keys of the file's format, to tell a key without its colon from text."""
    ctx = _Context(text, exc, keys)
    for recognise in _RECOGNISERS:
        slips = recognise(ctx)
        if slips:
            return slips
    return []


def fallback(path: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """CJM002 in plain words, for a syntax error no recogniser knows."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return make(
        "CJM002", path, line, col,
        f"YAML cannot read line {line} from column {col} on; check the "
        "indentation, that every `key:` is followed by a space, and that text containing "
        "`: ` or starting with a special character is in quotes",
    )


def syntax_diagnostics(
    text: str,
    exc: yaml.MarkedYAMLError,
    path: str,
    first_error: Callable[[str], yaml.MarkedYAMLError | None],
    keys: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Every slip of the file, starting from the parser's first error `exc`.

    `first_error(text)` parses a text and returns its first syntax error, or None.
    """
    slips = explain(text, exc, keys)
    if not slips:
        return [fallback(path, exc)]
    out = [make(s.code, path, s.line, s.col, s.message) for s in slips]
    # A second slip on a line already reported could be an effect of the repair.
    seen = {s.line for s in slips}
    repaired = slips[-1].repaired
    for _ in range(MAX_ROUNDS):
        if repaired is None:
            break
        error = first_error(repaired)
        if error is None:
            break
        more = explain(repaired, error, keys)
        if not more or any(s.line in seen for s in more):
            break
        seen.update(s.line for s in more)
        out.extend(make(s.code, path, s.line, s.col, s.message) for s in more)
        repaired = more[-1].repaired
    return out

