#!/usr/bin/env bash
# make.sh builds testdata/olddata/olddata.tar.gz: a reeld data directory
# made by the reeld of commit 13e31a0 (the last one with the home-made
# SQLite job queue), left as a SIGKILLed process leaves it. See README.md.
#
#   git worktree add /tmp/reel-13e31a0 13e31a0
#   (cd /tmp/reel-13e31a0 && go build -o /tmp/reeld-old ./cmd/reeld)
#   bash testdata/olddata/make.sh /tmp/reeld-old
#
# Needs curl, jq, ffmpeg (to draw the photos) and sqlite3 (to check the
# result on a copy: the fixture's own database is never opened).
set -euo pipefail

BIN=${1:?usage: make.sh PATH-TO-OLD-REELD}
HERE=$(cd "$(dirname "$0")" && pwd)
MUSIC=$HERE/../music/tagged.mp3
WORK=$(mktemp -d)
DATA=$WORK/data
trap 'kill -9 $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PID=

"$BIN" user add --data "$DATA" --username olduser --password oldpass --name "Old User" --credits 5

"$BIN" --addr 127.0.0.1:0 --data "$DATA" --workers 1 >"$WORK/stdout" 2>"$WORK/log" &
PID=$!
for _ in $(seq 100); do
	grep -q 'listening on' "$WORK/stdout" && break
	sleep 0.1
done
URL=$(sed -n 's/^reeld: listening on \([^ ]*\).*/\1/p' "$WORK/stdout")
[ -n "$URL" ] || { cat "$WORK/stdout" "$WORK/log"; exit 1; }
APP=$(jq -r .app_id "$DATA/bootstrap-app.json")

LOGIN=$(curl -fsS "$URL/login" -d username=olduser -d password=oldpass -d app_id="$APP" -d device_id=olddata)
AUTH=(-H "X-Access-Key: $(jq -r .access_key <<<"$LOGIN")" -H "X-Access-Token: $(jq -r .access_token <<<"$LOGIN")")
api() { curl -fsS "${AUTH[@]}" "$@"; }

# Three 64x48 photos (smooth, so the rendered MP4s stay small) and 6 s of music.
PHOTOS=()
for src in "gradients=s=64x48:seed=1" "gradients=s=64x48:seed=7" "color=c=0x3060a0:s=64x48"; do
	ffmpeg -v error -f lavfi -i "$src" -frames:v 1 -q:v 4 -y "$WORK/p.jpg"
	PHOTOS+=("$(api -X PUT -H "Content-Type: image/jpeg" --data-binary @"$WORK/p.jpg" "$URL/me/photos" | jq -r .id)")
done
MUSIC_ID=$(api -X PUT -H "Content-Type: audio/mpeg" -H "Music-Title: Old Chord" --data-binary @"$MUSIC" "$URL/me/musics" | jq -r .id)

# body NAME SLIDES: a 360p vanilla video of SLIDES 2 s captioned photo
# slides and the music.
body() {
	local assets="" i
	for ((i = 0; i < $2; i++)); do
		assets+="{\"name\":\"image\",\"asset_id\":\"${PHOTOS[i % 3]}\",\"start_time\":$((2 * i)),\"end_time\":$((2 * i + 2)),\"data\":{\"caption\":\"slide $i\"}},"
	done
	assets+="{\"name\":\"music\",\"asset_id\":\"$MUSIC_ID\"}"
	echo "{\"name\":\"$1\",\"style\":\"vanilla\",\"quality\":360,\"assets\":[$assets]}"
}
# POST /me/videos edits the user's last draft (Picovico's behaviour), so
# the first video is made there and every other one is a duplicate of it,
# then edited: video NAME SLIDES prints the new video's id.
DRAFT=$(api -H 'Content-Type: application/json' "$URL/me/videos" -d "$(body draft 2)" | jq -r .id)
video() {
	local id
	id=$(api -X POST "$URL/me/videos/$DRAFT/duplicate" | jq -r .id)
	api -H 'Content-Type: application/json' "$URL/me/videos/$id" -d "$(body "$1" "$2")" | jq -r .id
}
status() { api "$URL/me/videos/$1" | jq -r .status; }
progress() { api "$URL/me/videos/$1" | jq -r '.progress // 0'; }

PUBLISHED=$(video published 1)
RUNNING=$(video render-running 12)
QUEUED=$(video render-queued 2)
PREVIEW=$(video preview-queued 2)

api -X POST "$URL/me/videos/$PUBLISHED/render" >/dev/null
until [ "$(status "$PUBLISHED")" = published ]; do sleep 0.2; done
api -X POST "$URL/me/videos/$PUBLISHED/preview" >/dev/null
until api "$URL/me/videos/$PUBLISHED" | jq -e '.preview["144"]' >/dev/null; do sleep 0.2; done

# The single worker takes RUNNING; while it renders, the render of QUEUED
# and the preview of PREVIEW wait behind it. Then the process dies.
api -X POST "$URL/me/videos/$RUNNING/render" >/dev/null
until awk -v p="$(progress "$RUNNING")" 'BEGIN{exit !(p > 0)}'; do sleep 0.05; done
api -X POST "$URL/me/videos/$QUEUED/render" >/dev/null
api -X POST "$URL/me/videos/$PREVIEW/preview" >/dev/null
kill -9 "$PID"
wait "$PID" 2>/dev/null || true
PID=

# Check the result on a copy (opening the original would checkpoint its WAL).
mkdir "$WORK/check"
cp "$DATA"/reel.db* "$WORK/check/"
Q() { sqlite3 "$WORK/check/reel.db" "$1"; }
echo "videos (id|name|status|progress):"
Q "SELECT id, name, status, progress FROM videos ORDER BY name"
echo "jobs (video|kind|state|attempts|charged):"
Q "SELECT video_id, kind, state, attempts, charged FROM jobs ORDER BY id"
echo "credits: $(Q "SELECT credits FROM users WHERE username='olduser'")"
want="$PUBLISHED|render|done
$PUBLISHED|preview|done
$RUNNING|render|running
$QUEUED|render|queued
$PREVIEW|preview|queued"
got=$(Q "SELECT video_id, kind, state FROM jobs ORDER BY id")
[ "$got" = "$want" ] || { echo "jobs are not as wanted:"; echo "$want"; exit 1; }
[ "$(Q "SELECT credits FROM users")" = 2 ] || { echo "want 2 credits left"; exit 1; }
ls -la "$DATA"

tar --sort=name --owner=0 --group=0 --numeric-owner -C "$DATA" -czf "$HERE/olddata.tar.gz" .
ls -l "$HERE/olddata.tar.gz"
