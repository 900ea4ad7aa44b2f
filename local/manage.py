"""Operator commands: `python -m local.manage migrate | create-admin`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from local import settings


def migrate(_args: argparse.Namespace) -> int:
    from jobmatch.migrate import main

    return main()


def create_admin(args: argparse.Namespace) -> int:
    from jobmatch.migrate import apply_migrations

    apply_migrations()
    from pydantic import ValidationError

    from auth.models import RegisterIn
    from auth.service import create_user
    from jobmatch.errors import ApiError

    password = os.environ.get("PASSWORD") or getpass.getpass("Password: ")
    try:
        data = RegisterIn(username=args.username, password=password, email=args.email, role="admin")
        user_id = create_user(data)
    except ValidationError as exc:
        print("refused: " + "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors()), file=sys.stderr)
        return 2
    except ApiError as exc:
        print(f"refused: {exc.detail}", file=sys.stderr)
        return 2
    print(f"administrator {args.username} created ({user_id})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply pending migrations").set_defaults(run=migrate)
    admin = commands.add_parser("create-admin", help="create an administrator (password from $PASSWORD or a prompt)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--email")
    admin.set_defaults(run=create_admin)
    args = parser.parse_args(argv)
    settings.configure()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
