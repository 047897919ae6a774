#!/bin/sh
# The redis test image's stand-in for the official image's docker-entrypoint.sh, keeping its
# documented behaviour (https://hub.docker.com/_/redis): arguments that start with a flag or
# name a .conf file are redis-server's, the default umask 0022 becomes 0077 (what redis
# writes is not world-readable), then the command runs as PID 1. Left out: the root start
# that chowns and drops to redis with gosu (the image runs as its redis user from the start,
# as the chart runs it).
set -eu
first=${1:-}
if [ "${first#-}" != "$first" ] || [ "${first%.conf}" != "$first" ]; then set -- redis-server "$@"; fi
if [ "$(umask)" = 0022 ]; then umask 0077; fi
exec "$@"
