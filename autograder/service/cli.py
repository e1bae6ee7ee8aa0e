"""``autograder serve``: run the service, and manage its accounts from the command line.

    autograder serve [--port N] [--host H] [--jobs N] [--unsafe]
    autograder serve roster students.csv [--tokens tokens.csv]
    autograder serve issue ID [--instructor] [--name NAME] [--tokens FILE]
    autograder serve revoke ID

Only argparse is imported here: the web stack loads when a verb runs.
"""

import sys
from pathlib import Path

from autograder.text import printable

HELP = "serve the built book and the submission app on one port; manage its accounts"


def add_serve_parser(verbs) -> None:
    p = verbs.add_parser("serve", help=HELP, description=HELP + ".")
    p.add_argument("--host", help="address to listen on (default: 127.0.0.1, this machine)")
    p.add_argument("--port", type=int, help="port (default: 8000; 0 picks a free one)")
    p.add_argument("-j", "--jobs", type=int, help="grading workers (default: the CPU cores)")
    p.add_argument(
        "--unsafe",
        action="store_true",
        help="grade without isolation when it is unavailable (trusted students only)",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    r = actions.add_parser("roster", help="add the students of a CSV (id,name) and issue tokens")
    r.add_argument("csv", help="CSV file whose first line names its columns: id[,name]")
    r.add_argument(
        "--tokens", default="tokens.csv", help="where to write the new tokens (default: tokens.csv)"
    )
    i = actions.add_parser("issue", help="issue a new token for one account (revokes its old ones)")
    i.add_argument("id", help="the student's id (as in the roster) or the instructor's name")
    i.add_argument("--instructor", action="store_true", help="an instructor account")
    i.add_argument("--name", default="", help="display name for a new account")
    i.add_argument("--tokens", help="write the token to this CSV file instead of printing it")
    v = actions.add_parser("revoke", help="revoke every token of one account")
    v.add_argument("id", help="the account's id")
    p.set_defaults(run=run_serve)


def say(text: str, file=None) -> None:
    print(printable(text), file=file or sys.stdout, flush=True)


def run_serve(args) -> int:
    from autograder.service.config import load_config
    from autograder.settings import load_settings

    overrides = {"host": args.host, "port": args.port, "jobs": args.jobs}
    if args.unsafe:
        overrides["isolate"] = False
    config = load_config(load_settings(), **overrides)
    action = {None: start, "roster": roster, "issue": issue, "revoke": revoke}[args.action]
    return action(config, args)


def start(config, args) -> int:
    from autograder.service.server import serve

    if not config.isolate:
        say("WARNING: grading WITHOUT isolation (--unsafe): submissions run as you.", sys.stderr)
    serve(config)
    return 0


def roster(config, args) -> int:
    from autograder.service.accounts import import_roster, read_roster, write_tokens
    from autograder.service.models import open_database

    rows = read_roster(Path(args.csv))
    issued = import_roster(open_database(config.db_url), rows)
    write_tokens(Path(args.tokens), issued)
    say(
        f"{len(rows)} students in the roster; {len(issued)} new token(s) written to "
        f"{args.tokens} (readable by you only: hand each student theirs, then delete the file)"
    )
    return 0


def issue(config, args) -> int:
    from autograder.service.accounts import issue as issue_token
    from autograder.service.accounts import write_tokens
    from autograder.service.models import open_database

    role = "instructor" if args.instructor else "student"
    token = issue_token(open_database(config.db_url), args.id, role, args.name)
    if args.tokens:
        write_tokens(Path(args.tokens), [(args.id, token)])
        say(f"a new {role} token for {args.id} is in {args.tokens}; earlier ones are revoked")
    else:
        say(f"new {role} token for {args.id} (shown once; earlier ones are revoked):\n{token}")
    return 0


def revoke(config, args) -> int:
    from autograder.service.accounts import revoke as revoke_tokens
    from autograder.service.models import open_database

    count = revoke_tokens(open_database(config.db_url), args.id)
    say(f"revoked {count} token(s) of {args.id}; they can no longer sign in")
    return 0
