#!/usr/bin/env bash
# Backup and restore drill: dumps a live database with pg_dump, restores the dump into a new
# database, and checks the copy: `linli verify` must pass on every community's journal, and every
# account's balance in the copy must equal the source's at the same point of the journal.
#
#   scripts/backup-restore-drill.sh                 CI: a database of its own, seeded by the built
#                                                   service (demo data), which keeps posting gifts
#                                                   while the dump runs
#   scripts/backup-restore-drill.sh SOURCE_URL      a real database (e.g. production, nightly): its
#                                                   dump is restored beside it, checked, and dropped
#
# LINLI_DRILL_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres) is where the
# drill creates and drops its databases; LINLI_DRILL_KEEP=1 keeps them and the dump.
# Exit code 0 when the restored copy is sound; non-zero, with the reason, otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

admin_url="${LINLI_DRILL_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
stamp="$(date +%s)_$$"
work="$(mktemp -d "${TMPDIR:-/tmp}/linli-drill-XXXXXX")"
say() { printf '== %s\n' "$*" >&2; }
fail() { printf 'DRILL FAILED: %s\n' "$*" >&2; exit 1; }
linli() { node packages/api/bin/linli.js "$@"; }
# A database URL on the admin server with another database name.
url_of() { node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$admin_url" "$1"; }
sql() { psql "$1" -X -v ON_ERROR_STOP=1 -Atq -c "$2"; }

[ -f packages/api/dist/cli/linli.js ] || fail "the service is not built: run \`npm run build\` first"
for program in pg_dump pg_restore psql curl; do command -v "$program" >/dev/null || fail "$program is not installed"; done

created=()
service_pid=""
writer_pid=""
cleanup() {
  [ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null || true
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  if [ "${LINLI_DRILL_KEEP:-}" = "1" ]; then
    say "kept: databases ${created[*]:-none}, folder $work"
    return
  fi
  for database in "${created[@]}"; do sql "$admin_url" "drop database if exists $database with (force)" || true; done
  rm -rf "$work"
}
trap cleanup EXIT

started=$(date +%s)
if [ $# -ge 1 ]; then
  source_url="$1"
  say "source: the database given (it is read, never written)"
else
  source_db="linli_drill_src_$stamp"
  sql "$admin_url" "create database $source_db"
  created+=("$source_db")
  source_url="$(url_of "$source_db")"
  say "source: $source_db, migrated by linli and seeded by the service (demo data)"
  linli migrate --database-url "$source_url" >/dev/null
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  NODE_ENV=test PORT="$port" DATABASE_URL="$source_url" LINLI_DEMO=on LINLI_TAMPER_CHECK_INTERVAL_MINUTES=0 \
    node packages/api/dist/server.js >"$work/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log" >&2; fail "the service stopped while starting"; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || fail "the service did not become ready"
  token=$(curl -fsS -H 'content-type: application/json' -d '{"community":"xianlin","username":"member","password":"demo-linli-2026"}' "http://127.0.0.1:$port/api/v1/auth/login" | node -e 'let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => console.log(JSON.parse(t).accessToken))')
  # Gifts of 0.01 hours to the pool, one after another, for as long as the dump runs.
  (
    n=0
    while true; do
      n=$((n + 1))
      curl -fsS -o /dev/null -H "authorization: Bearer $token" -H 'content-type: application/json' -H "idempotency-key: drill-$stamp-$n" -d '{"to":"pool","hours":"0.01"}' "http://127.0.0.1:$port/api/v1/gifts" || true
    done
  ) &
  writer_pid=$!
  sleep 2
fi

say "dump (pg_dump, custom format) while the source is in use"
dump="$work/linli.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$dump" "$source_url"
dump_bytes=$(stat -c %s "$dump")
if [ -n "$writer_pid" ]; then
  kill "$writer_pid" 2>/dev/null || true
  wait "$writer_pid" 2>/dev/null || true
  writer_pid=""
fi

restored_db="linli_drill_restored_$stamp"
say "restore into $restored_db (pg_restore)"
sql "$admin_url" "create database $restored_db"
created+=("$restored_db")
restored_url="$(url_of "$restored_db")"
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$restored_url" "$dump"

say "linli verify on the restored copy"
linli verify --database-url "$restored_url" >"$work/verify.txt" || { cat "$work/verify.txt" >&2; fail "the restored journal does not verify"; }
cat "$work/verify.txt" >&2

say "every balance of the copy against the source at the copy's point of the journal"
# The copy's stored balances, and the source's postings summed up to the copy's last transaction
# of each community (the source may have gone on writing since its snapshot).
heads=$(sql "$restored_url" "select coalesce(string_agg(format('(%L, %s)', community_id, last_seq), ', '), '(null, 0)') from ledger_communities")
sql "$restored_url" "select community_id, id, balance::text from ledger_accounts order by community_id collate \"C\", id collate \"C\"" >"$work/restored.txt"
sql "$source_url" "
  with heads(community_id, last_seq) as (values $heads)
  select a.community_id, a.id, coalesce((select sum(p.amount) from ledger_postings p
                                          where p.community_id = a.community_id and p.account_id = a.id and p.seq <= h.last_seq), 0)::text
    from ledger_accounts a join heads h on h.community_id = a.community_id
   order by a.community_id collate \"C\", a.id collate \"C\"" >"$work/source.txt"
# Numbers are compared as decimals: the sum of postings may print another scale than the column.
normalise() { node -e 'let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => { for (const line of t.split("\n").filter(Boolean)) { const [c, a, v] = line.split("|"); const [i, f = ""] = v.replace(/^-/, "").split("."); const frac = f.replace(/0+$/, ""); const neg = v.startsWith("-") && (/[1-9]/.test(i) || frac !== ""); console.log(`${c}|${a}|${neg ? "-" : ""}${i}${frac ? "." + frac : ""}`); } })'; }
normalise <"$work/restored.txt" >"$work/restored.norm"
normalise <"$work/source.txt" >"$work/source.norm"
accounts=$(wc -l <"$work/restored.norm")
[ "$accounts" -gt 0 ] || fail "the restored copy has no accounts"
diff "$work/source.norm" "$work/restored.norm" >"$work/balances.diff" || { head -n 20 "$work/balances.diff" >&2; fail "balances differ between the source and the restored copy"; }
transactions=$(sql "$restored_url" "select coalesce(sum(last_seq), 0) from ledger_communities")
later=$(sql "$source_url" "
  with heads(community_id, last_seq) as (values $heads)
  select coalesce(sum(c.last_seq - h.last_seq), 0) from ledger_communities c join heads h using (community_id)")

printf 'drill passed: dump %s bytes, %s transactions restored and verified, %s account balances equal to the source%s, %s s\n' \
  "$dump_bytes" "$transactions" "$accounts" "$([ "$later" -gt 0 ] && echo " (which wrote $later more transactions after its snapshot)" || echo '')" "$(( $(date +%s) - started ))"
