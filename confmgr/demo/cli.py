"""`flask --app app demo load [--if-empty]`: enter the 2012 demo conference."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from confmgr.demo import loader
from confmgr.extensions import db

demo = AppGroup("demo", help="The 2012 demo conference.")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when a conference is already recorded.")
def load(if_empty: bool):
    """Load the 2012 review conference on small arms (A/CONF.192/2012/RC)."""
    if loader.is_loaded(db.session):
        if if_empty:
            click.echo("A conference is already recorded; nothing loaded.")
            return
        raise click.ClickException("a conference is already recorded; use a fresh database")
    summary = loader.load(db.session)
    db.session.commit()
    click.echo("Loaded the 2012 demo conference: " + ", ".join(f"{n} {what}" for what, n in summary.items()))


def register(app: Flask) -> None:
    app.cli.add_command(demo)
