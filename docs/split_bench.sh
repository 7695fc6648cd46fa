#!/bin/bash
# Split-render latency on the scale-out topology: one
# `reeld serve --workers 0`, WORKERS `reeld worker --workers 1`
# processes, a throwaway PostgreSQL 15 cluster and versitygw (S3) on
# loopback. Renders testdata/projects/long3min.json (180.4 s, 720p: the
# 360, 480 and 720 renditions) once and prints the wall time from the
# render request to "published" and the CPU seconds (user + sys) of every
# process: reeld's, PostgreSQL's (postmaster, backends, reaped children)
# and versitygw's. Not run by go test. Run as root from the repository:
#
#   bash docs/split_bench.sh 1          # 1 worker: unsplit (one render slot)
#   bash docs/split_bench.sh 3          # 3 workers: split in 3 per rendition
#   bash docs/split_bench.sh 3 0        # 3 workers, --split-above 0 (never)
#   PIN=1 bash docs/split_bench.sh 2    # worker i on core i-1 only (taskset):
#                                       # one 1-core machine per worker
set -euo pipefail
N=${1:-1}
SPLIT=${2:-90s}
W=$(mktemp -d /tmp/splitbench.XXXXXX)
chmod 755 "$W"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	[ -d "$W/pg/data" ] && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$W/pg/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$W"
}
trap cleanup EXIT
go build -o "$W/reeld" ./cmd/reeld
PGBIN=/usr/lib/postgresql/15/bin
mkdir -p "$W/pg" && chown postgres "$W/pg"
runuser -u postgres -- $PGBIN/initdb -D "$W/pg/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >/dev/null
PGPORT=$((20000 + RANDOM % 10000))
runuser -u postgres -- $PGBIN/pg_ctl -D "$W/pg/data" -o "-k $W/pg -c listen_addresses='' -p $PGPORT -c fsync=off -c synchronous_commit=off -c max_connections=200" -l "$W/pg/log" -w start >/dev/null
DB="postgres://postgres@/postgres?host=$W/pg&port=$PGPORT"
S3PORT=$((30000 + RANDOM % 10000))
mkdir -p "$W/s3/reel"
/root/go/bin/versitygw --port 127.0.0.1:$S3PORT --access benchkey --secret benchsecret --region us-east-1 --quiet posix "$W/s3" >"$W/s3.log" 2>&1 &
PIDS+=($!)
S3PID=$!
export AWS_ACCESS_KEY_ID=benchkey AWS_SECRET_ACCESS_KEY=benchsecret
BLOBS="s3://reel?endpoint=http://127.0.0.1:$S3PORT&region=us-east-1"
sleep 1
APIPORT=$((40000 + RANDOM % 10000))
COMMON=(--db "$DB" --blobs "$BLOBS" --app-id bench --app-secret benchsecret)
"$W/reeld" serve "${COMMON[@]}" --workers 0 --data "$W/api" --addr 127.0.0.1:$APIPORT >"$W/api.log" 2>&1 &
PIDS+=($!)
REELD=($!)
for i in $(seq 1 "$N"); do
	PINCMD=()
	[ -n "${PIN:-}" ] && PINCMD=(taskset -c $(((i - 1) % $(nproc))))
	"${PINCMD[@]}" "$W/reeld" worker "${COMMON[@]}" --workers 1 --split-above "$SPLIT" --data "$W/w$i" --addr 127.0.0.1:0 >"$W/w$i.log" 2>&1 &
	PIDS+=($!)
	REELD+=($!)
done
until curl -sf "http://127.0.0.1:$APIPORT/readyz" >/dev/null; do sleep 0.5; done
sleep 3 # every worker has heartbeated
PGMASTER=$(head -1 "$W/pg/data/postmaster.pid")
echo "cores: $(nproc); workers: $N${PIN:+ (pinned: one core each)}; --split-above $SPLIT; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$APIPORT" "$PGMASTER" "$S3PID" "${REELD[@]}" <<'PY'
import json, os, sys, time, urllib.request, urllib.parse
port, pgmaster, s3pid, reeld = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(p) for p in sys.argv[4:]]
B = f"http://127.0.0.1:{port}"
hz = os.sysconf("SC_CLK_TCK")
def stat(pid, children=False):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    t = int(f[11]) + int(f[12])
    if children:
        t += int(f[13]) + int(f[14])
    return t / hz
def pg():
    kids = [int(p) for p in os.listdir("/proc") if p.isdigit() and open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1] == str(pgmaster)]
    return stat(pgmaster, True) + sum(stat(k) for k in kids)
def cpu():
    return {"reeld": [stat(p) for p in reeld], "postgres": pg(), "versitygw": stat(s3pid)}
def req(method, path, data=None, form=None, hdr=None):
    h = dict(hdr or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
    r = urllib.request.urlopen(urllib.request.Request(B + path, data=data, headers=h, method=method))
    return json.load(r)
tok = req("POST", "/login/app", form={"app_id": "bench", "app_secret": "benchsecret", "device_id": "bench"})
A = {"X-Access-Key": tok["access_key"], "X-Access-Token": tok["access_token"]}
proj = json.load(open(os.environ.get("PROJECT", "testdata/projects/long3min.json")))
ids = {}
for a in proj["assets"]:
    if a.get("asset_id") and a["asset_id"] not in ids:
        body = open(os.path.join("testdata/projects", a["asset_id"]), "rb").read()
        ids[a["asset_id"]] = req("PUT", "/me/musics" if a["name"] == "music" else "/me/photos", data=body, hdr=A)["id"]
for a in proj["assets"]:
    if a.get("asset_id"):
        a["asset_id"] = ids[a["asset_id"]]
vid = req("POST", "/me/videos", form={"name": proj["name"]}, hdr=A)["id"]
req("POST", "/me/videos/" + vid, form={"style": proj["style"], "quality": str(proj["quality"]), "assets": json.dumps(proj["assets"])}, hdr=A)
c0 = cpu(); t0 = time.time()
req("POST", f"/me/videos/{vid}/render", hdr=A)
while True:
    v = req("GET", "/me/videos/" + vid, hdr=A)
    if v["status"] in ("published", "failed"):
        break
    time.sleep(0.25)
wall = time.time() - t0
time.sleep(2)  # segment cleanup and the callback after publishing
c1 = cpu()
if v["status"] != "published":
    sys.exit("render failed: %s" % v.get("reason"))
d = {"reeld": [b - a for a, b in zip(c0["reeld"], c1["reeld"])], "postgres": c1["postgres"] - c0["postgres"], "versitygw": c1["versitygw"] - c0["versitygw"]}
total = sum(d["reeld"]) + d["postgres"] + d["versitygw"]
sizes = {q: r["size"] for q, r in v["video"].items()}
print(f"wall {wall:.1f} s (request to published); duration {v['duration']} s; sizes {sizes}")
print("CPU s: reeld serve %.1f, workers %s, postgres %.1f, versitygw %.1f; total %.1f" % (
    d["reeld"][0], " ".join("%.1f" % x for x in d["reeld"][1:]), d["postgres"], d["versitygw"], total))
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -h '"split render"' "$W"/w*.log | head -3 || true
grep -h '"segment done"' "$W"/w*.log | wc -l | xargs echo "segments uploaded by segment workers:"
