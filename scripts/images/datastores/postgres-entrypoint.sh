#!/bin/sh
# The postgres test image's stand-in for the official image's docker-entrypoint.sh. It keeps
# that image's documented contract (https://hub.docker.com/_/postgres, "Environment
# Variables") for what the chart's dev profile sets: on an empty PGDATA, initdb as
# POSTGRES_USER (default postgres) with POSTGRES_PASSWORD, POSTGRES_DB (default the user)
# created, connections from other hosts by password (POSTGRES_HOST_AUTH_METHOD, default
# scram-sha-256), and a data directory that is already initialized is left as it is; then
# postgres runs as PID 1. Left out: /docker-entrypoint-initdb.d, POSTGRES_*_FILE,
# POSTGRES_INITDB_ARGS and the root start that drops to postgres with gosu (the image runs as
# its postgres user from the start, as the chart runs it).
set -eu

# Like the official image: `postgres:15-bookworm -c key=value` passes the flags to postgres.
first=${1:-}
if [ "${first#-}" != "$first" ]; then set -- postgres "$@"; fi

# "a"b -> "a""b", quoted: POSTGRES_DB as one SQL identifier, whatever it holds.
quote_ident() {
  rest=$1
  quoted=
  while :; do
    case $rest in
      *\"*)
        quoted="$quoted${rest%%\"*}\"\""
        rest=${rest#*\"}
        ;;
      *)
        quoted="$quoted$rest"
        break
        ;;
    esac
  done
  printf '"%s"' "$quoted"
}

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  : "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    echo "error: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    # Through a pipe: the password is never on a command line or on disk.
    printf '%s\n' "$POSTGRES_PASSWORD" | initdb --username="$POSTGRES_USER" --pwfile=/dev/stdin
  else
    initdb --username="$POSTGRES_USER"
  fi
  printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # Single-user mode creates the database without a server, a socket or a client; it
    # reports SQL errors on its output rather than by its exit status.
    out=$(printf 'CREATE DATABASE %s;\n' "$(quote_ident "$POSTGRES_DB")" | postgres --single -D "$PGDATA" postgres 2>&1)
    case $out in
      *ERROR:*)
        echo "$out" >&2
        exit 1
        ;;
    esac
  fi
  echo "PostgreSQL initialized in $PGDATA: user $POSTGRES_USER, database $POSTGRES_DB"
fi

exec "$@"
