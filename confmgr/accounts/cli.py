"""`flask --app app users create EMAIL --role ROLE [--participant NAME]` prints the new user's token."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from confmgr.accounts import services
from confmgr.core.actor import SYSTEM
from confmgr.core.errors import DomainError
from confmgr.extensions import db

users = AppGroup("users", help="Create users and API tokens.")


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["secretariat", "president", "credentials", "delegate"]))
@click.option("--participant", default=None, help="The delegation a delegate represents (name or id).")
@click.option("--name", default="", help="Display name.")
@click.option("--password", default=None, help="Set a password for browser sign-in (else prompted with --prompt-password).")
@click.option("--prompt-password", is_flag=True, help="Ask for the password on the terminal.")
def create(email, role, participant, name, password, prompt_password):
    """Create a user and print its API token (shown once)."""
    if prompt_password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        created = services.create_user(db.session, SYSTEM, email, role, participant=participant,
                                       password=password, name=name)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    click.echo(created.token)


@users.command("token")
@click.argument("email")
def token(email):
    """Issue a new API token for an existing user."""
    from sqlalchemy import select

    from confmgr.accounts.models import User

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no user {email}")
    value = services.issue_token(db.session, user, label="issued from the command line")
    db.session.commit()
    click.echo(value)


def register(app: Flask) -> None:
    app.cli.add_command(users)
