"""The service's tables: accounts, their tokens (hashed), and submissions.

The submissions table is also the grading queue: a row is written (its file already on
disk) before the student is told "accepted", a worker claims it by moving it from
``queued`` to ``grading`` in one conditional UPDATE, and a row still ``grading`` when the
service starts was interrupted and goes back to ``queued``. A partial unique index makes
one rule hold even between concurrent requests: one submission in flight per student and
assignment (so two identical uploads at once make one row; the second finds the first).
The same file may have several rows: one sent again after another file counts again.

SQLite in WAL mode by default (embedded, nothing to set up), any SQLAlchemy URL otherwise.
"""

import json
from datetime import UTC, datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, create_engine, event, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker

IN_FLIGHT = ("queued", "grading")
FINAL = ("done", "error", "rejected")  # rejected: refused at upload, no file kept


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored as UTC, naive (SQLite has no zones)


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the gradebook's student id
    role: Mapped[str] = mapped_column(String(16))  # "student" or "instructor"
    name: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[datetime] = mapped_column(default=now)


class Token(Base):
    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the token
    created: Mapped[datetime] = mapped_column(default=now)
    revoked: Mapped[datetime | None] = mapped_column(default=None)
    account: Mapped[Account] = relationship()


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    assignment: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))  # as the browser named it; shown only
    size: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created: Mapped[datetime] = mapped_column(default=now, index=True)
    started: Mapped[datetime | None] = mapped_column(default=None)
    finished: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # gradings started
    score: Mapped[float | None] = mapped_column(Float, default=None)
    max_score: Mapped[float | None] = mapped_column(Float, default=None)
    message: Mapped[str] = mapped_column(Text, default="")
    result_json: Mapped[str] = mapped_column(Text, default="{}")  # tasks and notices

    __table_args__ = (
        Index(
            "one_in_flight",
            "account_id",
            "assignment",
            unique=True,
            sqlite_where=text("status IN ('queued', 'grading')"),
            postgresql_where=text("status IN ('queued', 'grading')"),
        ),
    )

    @property
    def result(self) -> dict:
        return json.loads(self.result_json or "{}")


def open_database(url: str) -> sessionmaker:
    """Create the tables if needed; a session factory whose objects outlive their commit."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", sqlite_pragmas)
    Base.metadata.create_all(engine)
    with engine.begin() as connection:  # earlier versions refused a file sent again
        connection.execute(text("DROP INDEX IF EXISTS same_file_once"))
    return sessionmaker(engine, expire_on_commit=False)


def sqlite_pragmas(connection, _record) -> None:
    """WAL: pages read while workers write; a busy wait instead of 'database is locked'."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
