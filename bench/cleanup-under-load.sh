#!/usr/bin/env bash
# Session clean-up of one million ended sessions while GET /api/v1/auth/context runs
# under load, compared with the same load without the clean-up.
#
# Everything runs on loopback: the server (embedded PostgreSQL mode, fresh data
# directory), wrk, psql and `./iam cleanup`, which connects to the server's database
# as an external one while the server keeps serving. The server's own clean-up runs
# once a minute after start and then every IAM_CLEANUP_INTERVAL (30 days here), so the
# rows are inserted after that first run. Needs wrk and psql (Debian packages wrk and
# postgresql-client).
#
# Usage: bench/cleanup-under-load.sh [ROWS] [CONNECTIONS]
set -euo pipefail

rows="${1:-1000000}"
connections="${2:-16}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/iam-cleanup-bench.XXXXXX)"
port=18081

for tool in wrk psql sha256sum; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

cleanup() {
    if [[ -n "${load_pid:-}" ]]; then kill "$load_pid" 2>/dev/null || true; fi
    if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== starting server (data in $work)"
IAM_CLEANUP_INTERVAL=P30D IAM_DATA_DIR="$work/data" IAM_HTTP_PORT="$port" \
    "$root/iam" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/server.log"; exit 1; }

pg_port="$(sed -n 4p "$work/data/postgres/postmaster.pid")"
PGPASSWORD="$(sed -n 's/^embedded_postgres_password=//p' "$work/data/secrets.properties")"
export PGPASSWORD
psql_cmd=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d iam)

token="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
token_hash="$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)"
echo "== waiting for the server's first clean-up run"
for _ in $(seq 1 120); do
    grep -q "Clean-up deleted" "$work/server.log" && break
    sleep 1
done
grep -q "Clean-up deleted" "$work/server.log" || { echo "bench: the server's clean-up never ran" >&2; exit 1; }

echo "== inserting one live session and $rows sessions that ended 31 to 60 days ago"
"${psql_cmd[@]}" <<SQL
INSERT INTO users (email, password_hash, full_name, email_verified, mfa_configured)
VALUES ('bench@example.test', 'x', 'Bench User', true, true);
INSERT INTO sessions (user_id, token_hash, ip_address, user_agent)
SELECT user_id, '$token_hash', '127.0.0.1', 'bench' FROM users;
INSERT INTO sessions (user_id, token_hash, ip_address, user_agent, created_at, last_active_at,
                      revoked, revoked_reason)
SELECT u.user_id, encode(sha256(('ended-' || i)::bytea), 'hex'), '127.0.0.1', 'bench',
       now() - interval '31 days' - (i % 29) * interval '1 day',
       now() - interval '31 days' - (i % 29) * interval '1 day',
       i % 2 = 0, CASE WHEN i % 2 = 0 THEN 'logout' END
FROM users u, generate_series(1, $rows) AS i;
ANALYZE sessions;
SQL

load() {
    wrk -t2 -c"$connections" -d"$1" --latency -H "Cookie: session=$token" \
        "http://127.0.0.1:$port/api/v1/auth/context"
}

echo "== warm-up"
load 10s >/dev/null
echo "== baseline: context lookups without clean-up, 20s"
load 20s | grep -E "Latency|50%|90%|99%|Requests/sec"

echo "== context lookups while ./iam cleanup deletes $rows sessions"
secrets="$work/data/secrets.properties"
# wrk itself runs in the background, not through the load function's subshell, so the
# SIGINT below reaches it. wrk stops on SIGINT and prints its statistics.
wrk -t2 -c"$connections" -d600s --latency -H "Cookie: session=$token" \
    "http://127.0.0.1:$port/api/v1/auth/context" >"$work/under-cleanup.txt" &
load_pid=$!
sleep 2
start=$(date +%s.%N)
IAM_DATABASE_URL="jdbc:postgresql://127.0.0.1:$pg_port/iam" IAM_DATABASE_USER=postgres \
    IAM_TOTP_ENCRYPTION_KEY="$(sed -n 's/^IAM_TOTP_ENCRYPTION_KEY=//p' "$secrets")" \
    IAM_SESSION_SECRET="$(sed -n 's/^IAM_SESSION_SECRET=//p' "$secrets")" \
    "$root/iam" cleanup
end=$(date +%s.%N)
kill -INT "$load_pid" 2>/dev/null || true
wait "$load_pid" || true
load_pid=""
echo "clean-up took $(echo "$end - $start" | bc) s"
grep -E "Latency|50%|90%|99%|Requests/sec" "$work/under-cleanup.txt"
echo "sessions left: $("${psql_cmd[@]}" -t -A -c 'SELECT count(*) FROM sessions')"
