#!/usr/bin/env bash
# Load test of GET /api/v1/auth/context with valid session cookies, beside
# pgbench running the same indexed session lookup against the same database.
#
# Everything runs on loopback: the server (embedded PostgreSQL mode, fresh data
# directory), wrk and pgbench. Needs wrk, pgbench and psql (Debian packages
# wrk and postgresql-client). wrk cycles through 16 sessions of one user, so
# concurrent requests carry different tokens. Prints requests per second,
# latency percentiles, the CPU time the server JVM and PostgreSQL spent per
# request, how many requests each validation statement served, pgbench's
# transaction rate and the server's resident memory.
#
# Usage: bench/context-load.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail

duration="${1:-20}"
connections="${2:-16}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/iam-bench.XXXXXX)"
port=18080

for tool in wrk pgbench psql sha256sum; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

cleanup() {
    if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== starting server (data in $work)"
IAM_DATA_DIR="$work/data" IAM_HTTP_PORT="$port" "$root/iam" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/server.log"; exit 1; }
java_pid="$(pgrep -P "$server_pid" java || echo "$server_pid")"

pg_port="$(sed -n 4p "$work/data/postgres/postmaster.pid")"
PGPASSWORD="$(sed -n 's/^embedded_postgres_password=//p' "$work/data/secrets.properties")"
export PGPASSWORD
psql_cmd=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d iam)

# One verified user with MFA and 16 sessions whose tokens only this script has.
"${psql_cmd[@]}" <<SQL
INSERT INTO users (email, password_hash, full_name, email_verified, mfa_configured)
VALUES ('bench@example.test', 'x', 'Bench User', true, true);
SQL
tokens_lua="$work/tokens.lua"
echo 'local tokens = {' >"$tokens_lua"
for _ in $(seq 1 16); do
    token="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    token_hash="$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)"
    "${psql_cmd[@]}" -c "INSERT INTO sessions (user_id, token_hash, ip_address, user_agent)
        SELECT user_id, '$token_hash', '127.0.0.1', 'bench' FROM users WHERE email = 'bench@example.test'"
    echo "  \"$token\"," >>"$tokens_lua"
done
cat >>"$tokens_lua" <<'LUA'
}
local sent = 0
request = function()
  sent = sent + 1
  return wrk.format("GET", nil, { ["Cookie"] = "session=" .. tokens[(sent % #tokens) + 1] })
end
LUA

url="http://127.0.0.1:$port/api/v1/auth/context"
curl -fsS -H "Cookie: session=$token" "$url" >/dev/null

echo "== warm-up"
wrk -t2 -c"$connections" -d10s -s "$tokens_lua" "$url" >/dev/null

# CPU time in clock ticks (usually 100 a second) of the JVM, and of the postmaster and its children.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
    local postmaster total=0
    postmaster="$(sed -n 1p "$work/data/postgres/postmaster.pid")"
    for pid in "$postmaster" $(pgrep -P "$postmaster"); do
        total=$((total + $(cpu_ticks "$pid")))
    done
    echo "$total"
}
commits() {
    "${psql_cmd[@]}" -tA -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'iam'"
}

echo "== wrk: GET /api/v1/auth/context, $connections connections, ${duration}s"
java_before="$(cpu_ticks "$java_pid")"; postgres_before="$(postgres_ticks)"; commits_before="$(commits)"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$tokens_lua" "$url" | tee "$work/wrk.txt"
java_after="$(cpu_ticks "$java_pid")"; postgres_after="$(postgres_ticks)"; commits_after="$(commits)"
requests="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
hz="$(getconf CLK_TCK)"
awk -v r="$requests" -v j=$((java_after - java_before)) -v p=$((postgres_after - postgres_before)) \
    -v c=$((commits_after - commits_before)) -v hz="$hz" 'BEGIN {
        printf "CPU per request: server JVM %.0f us, PostgreSQL %.0f us\n", j * 1e6 / hz / r, p * 1e6 / hz / r
        printf "requests per PostgreSQL transaction: %.1f (%d transactions)\n", r / c, c
    }'

echo "== pgbench: the same indexed session lookup, $connections clients, ${duration}s"
# The statement SessionService.validate sends: the session by token hash, its owner, and
# the physician a delegate session acts for (left joins that find nothing here).
cat >"$work/lookup.sql" <<SQL
SELECT s.session_id, s.user_id, s.created_at, s.last_active_at, u.is_active, u.role,
       u.subscription_status, l.linkage_id, l.permissions, l.can_approve_batches,
       p.user_id, p.subscription_status
FROM sessions s
JOIN users u ON u.user_id = s.user_id
LEFT JOIN session_contexts c ON c.session_id = s.session_id
LEFT JOIN delegate_linkages l ON l.linkage_id = c.linkage_id
     AND l.delegate_user_id = s.user_id AND l.is_active
LEFT JOIN users p ON p.user_id = l.physician_user_id AND p.is_active AND p.role = 'PHYSICIAN'
WHERE s.token_hash = '$token_hash' AND s.revoked = false;
SQL
pgbench -n -M prepared -c "$connections" -j 2 -T "$duration" -f "$work/lookup.sql" \
    -h 127.0.0.1 -p "$pg_port" -U postgres iam | grep -E "tps|latency"

echo "== server memory"
grep -E "VmRSS|VmHWM" "/proc/$java_pid/status"
