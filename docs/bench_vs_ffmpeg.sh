#!/usr/bin/env bash
# reel's bench against ffmpeg's slideshow recipe (shared/bench/
# ffmpeg_slideshow.sh, both recipes): every command under /usr/bin/time -v,
# the load average printed before and after each, one command at a time,
# rounds alternating. Not run by go test. Results: docs/PERFORMANCE.md
# ("720p bench against ffmpeg", "1080p, landscape and portrait"). Run from
# the repository:
#
#   bash docs/bench_vs_ffmpeg.sh 1080   # 1920x1080 and 1080x1920: reel (CRF 21 default, --crf 23), ffmpeg 1 and 0
#   bash docs/bench_vs_ffmpeg.sh 720    # 720p: reel default build, -tags extlib, REEL_X264=bundled, ffmpeg 1 and 0
#
# FF overrides the recipe's path (default ../shared/bench/ffmpeg_slideshow.sh,
# then /work/shared/bench/ffmpeg_slideshow.sh); ROUNDS the number of rounds (2).
set -u
WHAT=${1:-720}
ROUNDS=${ROUNDS:-2}
FF=${FF:-../shared/bench/ffmpeg_slideshow.sh}
[ -f "$FF" ] || FF=/work/shared/bench/ffmpeg_slideshow.sh
O=$(mktemp -d /tmp/reelbench.XXXXXX)
trap 'rm -rf "$O"' EXIT
go build -o "$O/reel" ./cmd/reel || exit 1
[ "$WHAT" = 720 ] && { go build -tags extlib -o "$O/reel_ext" ./cmd/reel || exit 1; }
"$O/reel" version
run() { # label command...
	local label=$1
	shift
	echo "=== $label | load before: $(uptime | sed 's/.*load average: //') | $(date -u +%T)"
	/usr/bin/time -v "$@" >"$O/out.txt" 2>"$O/time.txt"
	echo "rc=$?"
	grep -E '^(project|x264|settings|wall|cpu|peak RSS|split|output) ' "$O/out.txt"
	grep -E 'User time|System time|Elapsed|Maximum resident' "$O/time.txt"
	echo "load after: $(uptime | sed 's/.*load average: //')"
}
ff() { # label upscale W H
	run "$1" bash "$FF" testdata/photos testdata/music/demo.mp3 "$O/ff.mp4" "$2" "$3" "$4"
	echo "file $(stat -c %s "$O/ff.mp4") bytes"
}
for round in $(seq "$ROUNDS"); do
	if [ "$WHAT" = 1080 ]; then
		for sz in "1920 1080" "1080 1920"; do
			set -- $sz
			run "r$round reel ${1}x$2 default CRF" "$O/reel" bench --size "${1}x$2"
			run "r$round reel ${1}x$2 --crf 23" "$O/reel" bench --size "${1}x$2" --crf 23
			ff "r$round ffmpeg anti-jitter ${1}x$2" 1 "$1" "$2"
			ff "r$round ffmpeg fast ${1}x$2" 0 "$1" "$2"
		done
	else
		run "r$round reel default build" "$O/reel" bench
		run "r$round reel -tags extlib" "$O/reel_ext" bench
		run "r$round reel REEL_X264=bundled" env REEL_X264=bundled "$O/reel" bench
		ff "r$round ffmpeg anti-jitter 720p" 1 1280 720
		ff "r$round ffmpeg fast 720p" 0 1280 720
	fi
done
echo "=== done $(date -u +%T)"
