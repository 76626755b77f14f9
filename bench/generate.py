"""Fill a database with benchmark data: `python -m bench.generate --scale small|large`.

The database comes from DATABASE_URL (or --database-url), SQLite or PostgreSQL. The schema
is brought up with the migrations first (`flask db upgrade`); the database must be empty.
Rows go in through bulk inserts: COPY on PostgreSQL, SQLAlchemy Core executemany in
batches elsewhere. Every denormalised counter is written consistent and checked at the end.

Every generated person shares one password (hashed once); the bench user "bench" is an
active member of every network of the first municipality.
"""

from __future__ import annotations

import argparse
import enum
import json
import os
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import Column, Connection, MetaData, Table, insert, inspect, text

from bench.datagen import SCALES, Generator
from bench.datagen import Table as Rows

BENCH_PASSWORD = "Bench-Kaffekop-Cykelsti-7"
BATCH = 5_000
BODY_TEXTS = (
    "Jeg havde samtale på jobcentret i går. Min sagsbehandler var venlig, men jeg ved stadig "
    "ikke, hvornår jeg får svar på min ansøgning.",
    "Tak for at dele. Jeg kender det godt. Det hjalp mig at skrive ned, hvad vi aftalte, "
    "og sende det som en besked bagefter.\n\nSå har man det på skrift.",
    "Er der nogen, der har erfaring med **virksomhedspraktik**? Jeg er i tvivl om, hvad jeg "
    "skal sige ja til.",
    "Mit råd: tag en bisidder med. Det gør en stor forskel, og du har ret til det.",
    "Jeg fik endelig en ny sagsbehandler, og det går meget bedre nu. Hold ud.",
    "Hvordan har I det med de mange møder? Jeg synes, det er svært at nå, når jeg også er syg.",
    "Man kan bede om at få mødet som telefonsamtale. Det gjorde jeg sidste gang:\n\n"
    "- ring i god tid\n- forklar hvorfor\n- bed om en bekræftelse",
    "Jeg er enig i forslaget. Kortere svartider ville gøre livet lettere for mange af os.",
)


def make_app(database_url: str):
    from app import create_app
    from app.config import normalise_database_url

    return create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
                       "RATELIMIT_ENABLED": False})


def _defaults_for(table: Table, given: tuple[str, ...], present: set[str]) -> dict[str, object]:
    """Columns the generator does not know (added later): their Python default, or NULL."""
    extra = {}
    for column in table.columns:
        if column.name in given or column.name not in present:
            continue
        default = column.default
        if default is not None and default.is_scalar:
            value = default.arg
            extra[column.name] = value.value if isinstance(value, enum.Enum) else value
        elif default is not None and default.is_callable:
            extra[column.name] = default.arg(None)
        elif not column.nullable and column.server_default is None and not column.primary_key:
            raise SystemExit(f"{table.name}.{column.name} is NOT NULL without a default: "
                             "teach bench/datagen.py about it")
    return extra


class Writer:
    def __init__(self, connection: Connection, progress) -> None:
        self.connection = connection
        self.progress = progress
        self.postgres = connection.dialect.name == "postgresql"

    def write(self, table: Table, rows: Rows) -> None:
        present = {column["name"] for column in inspect(self.connection).get_columns(table.name)}
        extra = _defaults_for(table, rows.columns, present)
        columns = (*rows.columns, *extra)
        tail = tuple(extra.values())
        if self.postgres:
            self._copy(table, columns, rows.rows, tail)
        else:
            self._executemany(table, columns, rows.rows, tail)

    def _copy(self, table: Table, columns: tuple[str, ...], rows: Iterable[tuple],
              tail: tuple) -> None:
        cursor = self.connection.connection.driver_connection.cursor()
        names = ", ".join(f'"{name}"' for name in columns)
        done = 0
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row + tail if tail else row)
                done += 1
                if done == BATCH:
                    self.progress.update(done)
                    done = 0
        self.progress.update(done)

    def _executemany(self, table: Table, columns: tuple[str, ...], rows: Iterable[tuple],
                     tail: tuple) -> None:
        # The model's types (dates, enums) without its defaults: only the columns given.
        bare = Table(table.name, MetaData(), *(Column(c.name, c.type, primary_key=c.primary_key)
                                              for c in table.columns if c.name in columns))
        batch = []
        statement = insert(bare)
        for row in rows:
            batch.append(dict(zip(columns, row + tail, strict=True)))
            if len(batch) == BATCH:
                self.connection.execute(statement, batch)
                self.progress.update(len(batch))
                batch = []
        if batch:
            self.connection.execute(statement, batch)
            self.progress.update(len(batch))


def reset_sequences(connection: Connection, tables: list[str]) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite continues after the largest rowid by itself
    for name in tables:
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT max(id) FROM \"{name}\"), 0) + 1, false)"))


# Each query lists the rows whose stored counter differs from the rows it counts.
CHECKS = {
    "networks.member_count": """
        SELECT n.id FROM networks n LEFT JOIN (SELECT network_id, count(*) AS c FROM memberships
          WHERE status = 'active' GROUP BY network_id) m ON m.network_id = n.id
        WHERE n.member_count <> COALESCE(m.c, 0)""",
    "networks.thread_count/last_activity_at": """
        SELECT n.id FROM networks n LEFT JOIN (SELECT network_id, count(*) AS c,
          max(last_activity_at) AS last FROM threads GROUP BY network_id) t ON t.network_id = n.id
        WHERE n.thread_count <> COALESCE(t.c, 0)
           OR (t.last IS NOT NULL AND (n.last_activity_at IS NULL OR n.last_activity_at < t.last))""",
    "threads.post_count/last_activity_at": """
        SELECT t.id FROM threads t LEFT JOIN (SELECT thread_id, count(*) AS c,
          max(created_at) AS last FROM posts GROUP BY thread_id) p ON p.thread_id = t.id
        WHERE t.post_count <> COALESCE(p.c, 0) OR t.last_activity_at < p.last""",
    "posts.reaction_count": """
        SELECT p.id FROM posts p LEFT JOIN (SELECT post_id, count(*) AS c FROM reactions
          GROUP BY post_id) r ON r.post_id = p.id WHERE p.reaction_count <> COALESCE(r.c, 0)""",
    "proposals.revision_count": """
        SELECT p.id FROM proposals p LEFT JOIN (SELECT proposal_id, count(*) AS c, max(number) AS m
          FROM proposal_revisions GROUP BY proposal_id) r ON r.proposal_id = p.id
        WHERE p.revision_count <> COALESCE(r.c, 0) OR p.revision_count <> COALESCE(r.m, 0)""",
    "proposals final tallies": """
        SELECT p.id FROM proposals p LEFT JOIN (SELECT proposal_id,
          sum(CASE WHEN value = 'for' THEN 1 ELSE 0 END) AS f,
          sum(CASE WHEN value = 'against' THEN 1 ELSE 0 END) AS a,
          sum(CASE WHEN value = 'abstain' THEN 1 ELSE 0 END) AS x
          FROM votes GROUP BY proposal_id) v ON v.proposal_id = p.id
        WHERE p.votes_for IS NOT NULL AND (p.votes_for <> COALESCE(v.f, 0)
          OR p.votes_against <> COALESCE(v.a, 0) OR p.votes_abstain <> COALESCE(v.x, 0))""",
}


def check_counters(connection: Connection) -> dict[str, list[int]]:
    """Every denormalised counter against its rows; returns the offending ids per check.

    Stored last-activity times may be later than the newest row (a deleted post's thread
    keeps its time) but never earlier."""
    problems = {}
    for name, sql in CHECKS.items():
        ids = [row[0] for row in connection.execute(text(sql)).fetchmany(20)]
        if ids:
            problems[name] = ids
    return problems


def vacuum_analyze(engine, tables: list[str]) -> None:
    """Fresh statistics (and, on PostgreSQL, a visibility map) after the bulk load."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            for name in tables:
                connection.execute(text(f'VACUUM (ANALYZE) "{name}"'))
        else:
            connection.execute(text("ANALYZE"))


def generate(app, scale_name: str, seed: int = 1, quiet: bool = False,
             schema: str = "migrations") -> dict:
    """Upgrade the schema, fill it, check it; returns the manifest (as a dict)."""
    from flask_migrate import upgrade

    from app.accounts.passwords import hash_password
    from app.core.sanitize import render_user_markdown
    from app.extensions import db

    timings: dict[str, float] = {}
    started = time.perf_counter()
    with app.app_context():
        if schema == "migrations":
            upgrade()
        elif schema == "create-all":
            db.create_all()
        engine = db.engine
        metadata_tables = db.metadata.tables
        with engine.connect() as connection:
            if connection.execute(text("SELECT count(*) FROM users")).scalar():
                raise SystemExit("The database is not empty; generate into a fresh one.")
        bodies = [(body, render_user_markdown(body)) for body in BODY_TEXTS]
        generator = Generator(SCALES[scale_name], seed, hash_password(BENCH_PASSWORD), bodies)
        tables = generator.tables()
        timings["build"] = time.perf_counter() - started
        total = sum(table.count for table in tables)
        with engine.begin() as connection, click.progressbar(
                length=total, label=f"{scale_name}: {total:,} rows", file=sys.stderr,
                hidden=quiet) as progress:
            writer = Writer(connection, progress)
            for rows in tables:
                moment = time.perf_counter()
                writer.write(metadata_tables[rows.name], rows)
                timings[rows.name] = time.perf_counter() - moment
            reset_sequences(connection, [rows.name for rows in tables])
        moment = time.perf_counter()
        vacuum_analyze(engine, [rows.name for rows in tables])
        timings["vacuum_analyze"] = time.perf_counter() - moment
        with engine.connect() as connection:
            problems = check_counters(connection)
            counts = {rows.name: connection.execute(text(f'SELECT count(*) FROM "{rows.name}"'))
                      .scalar() for rows in tables}
        if problems:
            raise SystemExit(f"Counters are inconsistent: {problems}")
    manifest = vars(generator.manifest) | {
        "bench_pseudonym": "bench", "password": BENCH_PASSWORD, "rows": counts,
        "seconds": round(time.perf_counter() - started, 1),
        "timings": {name: round(value, 2) for name, value in timings.items()},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dialect": engine.dialect.name,
    }
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--manifest", type=Path, help="write what the bench needs as JSON here")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--schema", choices=("migrations", "create-all", "existing"),
                        default="migrations",
                        help="how to create the tables: `flask db upgrade` (default); the models' "
                             "create_all, while models are ahead of the migrations; or as they are")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("set DATABASE_URL or pass --database-url")
    manifest = generate(make_app(args.database_url), args.scale, args.seed, args.quiet,
                        args.schema)
    rows = ", ".join(f"{name} {count:,}" for name, count in manifest["rows"].items())
    print(f"Generated {args.scale} on {manifest['dialect']} in {manifest['seconds']} s: {rows}")
    print(f"Counters consistent. Bench user: pseudonym 'bench', password '{BENCH_PASSWORD}'.")
    if args.manifest:
        args.manifest.parent.mkdir(parents=True, exist_ok=True)
        args.manifest.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        print(f"Manifest: {args.manifest}")


if __name__ == "__main__":
    main()
