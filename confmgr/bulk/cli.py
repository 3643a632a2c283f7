"""`flask --app app conference export FILE` / `import FILE`: the whole conference as one JSON file."""
from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup

from confmgr.bulk import conference_file
from confmgr.core.errors import DomainError
from confmgr.extensions import db

conference = AppGroup("conference", help="The whole conference as one JSON file (docs/CONFERENCE_FILE.md).")


@conference.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def export_command(file: str):
    """Write the recorded conference to FILE ('-' for the standard output)."""
    try:
        data = conference_file.export_conference(db.session)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    with click.open_file(file, "w", encoding="utf-8") as out:
        out.write(text)
    if file != "-":
        click.echo(f"Exported the conference to {file}: {len(data['participants'])} participants, "
                   f"{len(data['meetings'])} meetings, {len(data['statements'])} statements")


@conference.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file: str):
    """Enter the conference of FILE into an empty database: all of it, or nothing."""
    try:
        with open(file, encoding="utf-8") as handle:
            facts = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{file} is not a UTF-8 JSON file: {exc}") from None
    try:
        summary = conference_file.import_conference(db.session, facts)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(f"nothing was imported: {exc.message}") from None
    click.echo("Imported the conference: " + ", ".join(f"{n} {what}" for what, n in summary.items()))


def register(app: Flask) -> None:
    app.cli.add_command(conference)
