"""The CSV tables a secretariat imports and exports: their columns and how a file is read.

Pure: no database, no Flask. A file is UTF-8 (a byte-order mark is tolerated) with a header row;
cells that hold several values (groups, agenda items, representatives) separate them with ";".
Rows are numbered from 1 for the first row under the header; `line` is the line of the file
(the header being line 1), as a spreadsheet shows it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from confmgr.core.lang import LANGUAGE_CODES

SEPARATOR = ";"
MAX_ROWS = 20_000


def _texts(field: str) -> tuple[str, ...]:
    return tuple(f"{field}_{code}" for code in LANGUAGE_CODES)


@dataclass(frozen=True)
class Table:
    name: str
    # Columns that must be in the header, whatever the conference's languages.
    required: tuple[str, ...]
    optional: tuple[str, ...]
    # The text field given per language (`name_en`...): required for each of the conference's languages.
    text: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    def text_columns(self, languages: list[str]) -> list[str]:
        return [f"{self.text}_{code}" for code in languages] if self.text else []


TABLES = {
    "participants": Table("participants", ("kind",), ("key", *_texts("name"), "article_fr", "regional_group", "groups"),
                          text="name"),
    "agenda": Table("agenda", ("number",), ("letter", *_texts("title")), text="title"),
    "meetings": Table("meetings", ("number", "date"), ("period", "kind", "agenda_items")),
    "credentials": Table("credentials", ("participant", "category"),
                         ("form", "received_on", "representatives", "note")),
}


@dataclass
class RowError:
    row: int
    line: int
    field: str | None
    error: str

    def as_dict(self) -> dict:
        return {"row": self.row, "line": self.line, "field": self.field, "error": self.error}


@dataclass
class Parsed:
    header: list[str]
    rows: list[tuple[int, int, dict[str, str]]]  # (row, line, cells)
    errors: list[RowError]


def read(table: Table, data: bytes, languages: list[str]) -> Parsed:
    """The rows of a CSV file, or the errors of its encoding and header (row 0)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Parsed([], [], [RowError(0, 1, None, f"the file is not UTF-8 (byte {exc.start})")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return Parsed([], [], [RowError(0, 1, "header", "the file is empty: a header row is expected")])
    except csv.Error as exc:
        return Parsed([], [], [RowError(0, 1, "header", f"the header row cannot be read: {exc}")])
    errors = header_errors(table, header, languages)
    if errors:
        return Parsed(header, [], errors)
    rows: list[tuple[int, int, dict[str, str]]] = []
    number = 0
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines are skipped, as spreadsheets write them
            number += 1
            if number > MAX_ROWS:
                errors.append(RowError(number, reader.line_num, None, f"at most {MAX_ROWS} rows in one file"))
                break
            if len(cells) != len(header):
                errors.append(RowError(number, reader.line_num, None,
                                       f"{len(cells)} cells where the header has {len(header)} columns"))
                continue
            rows.append((number, reader.line_num, {h: c.strip() for h, c in zip(header, cells)}))
    except csv.Error as exc:
        errors.append(RowError(number + 1, reader.line_num, None, f"the file cannot be read here: {exc}"))
    return Parsed(header, rows, errors)


def header_errors(table: Table, header: list[str], languages: list[str]) -> list[RowError]:
    errors = []
    seen: set[str] = set()
    for column in header:
        if column not in table.columns:
            errors.append(RowError(0, 1, column or "header",
                                   f"unknown column {column!r}; the columns of {table.name} are "
                                   f"{', '.join(table.columns)}"))
        elif column in seen:
            errors.append(RowError(0, 1, column, f"column {column!r} is given twice"))
        seen.add(column)
    wanted = list(table.required) + table.text_columns(languages)
    for column in wanted:
        if column not in seen:
            errors.append(RowError(0, 1, column, f"column {column!r} is missing from the header"))
    if table.text and not languages and not any(c.startswith(f"{table.text}_") for c in seen):
        errors.append(RowError(0, 1, f"{table.text}_en", f"a {table.text}_<language> column is required"))
    return errors


def split(cell: str) -> list[str]:
    """'1; 2; 10 a' -> ['1', '2', '10 a']."""
    return [part.strip() for part in (cell or "").split(SEPARATOR) if part.strip()]


def write(columns: list[str], rows: list[dict]) -> str:
    """A CSV text with this header and these rows (values already strings)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
