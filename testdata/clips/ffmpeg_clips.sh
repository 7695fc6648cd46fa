#!/usr/bin/env bash
# The clips benchmark (testdata/projects/bench-clips.json) done with
# ffmpeg's own filters and libx264, for CPU comparisons with
# `reel bench --project testdata/projects/bench-clips.json`: 6 photos
# (zoompan 1.00 -> 1.15, no anti-jitter upscale, caption) alternating with
# the 6 clips of make.sh (scaled and cropped to cover the frame), 5 s
# each, 1 s crossfades (xfade), the music faded in and out and ducked
# under the clips' sound (sidechaincompress), the clips' sound mixed in;
# x264 veryfast at reel's CRF for the size (21 at 1080p, 23 at 720p),
# keyframe every 2 s, AAC 128 kb/s.
# usage: ffmpeg_clips.sh OUT [WIDTH HEIGHT]   (from the repository root)
set -euo pipefail
out=$1; W=${2:-1920}; H=${3:-1080}; FPS=30; D=5; X=1
crf=21; [ "$H" -lt 1080 ] && [ "$W" -lt 1080 ] && crf=23
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
[ -f "$font" ] || font=$(fc-match -f '%{file}' sans:bold)
inputs=(); fc=""; n=12; frames=$((D*FPS)); achain=""
for ((i=0;i<n;i++)); do
  if (( i % 2 == 0 )); then
    inputs+=(-loop 1 -framerate $FPS -t $D -i "testdata/photos/$(printf %02d $((i/2+1))).jpg")
    fc+="[$i:v]scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},"
    fc+="zoompan=z='1+0.15*on/$frames':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=${W}x${H}:fps=$FPS,"
    fc+="drawtext=fontfile=$font:text='Caption number $((i+1))':fontcolor=white:fontsize=$((H<W ? H*42/720 : W*42/720)):borderw=3:bordercolor=black@0.6:x=(w-text_w)/2:y=h-h*110/720,format=yuv420p,setsar=1[v$i];"
  else
    inputs+=(-i "testdata/clips/phone$(((i+1)/2)).mp4")
    fc+="[$i:v]scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},fps=$FPS,trim=0:$D,setpts=PTS-STARTPTS,format=yuv420p,setsar=1[v$i];"
    ms=$(( (i*(D-X))*1000 ))
    fc+="[$i:a]atrim=0:$D,asetpts=PTS-STARTPTS,aresample=48000,aformat=channel_layouts=stereo,adelay=${ms}|${ms}[c$i];"
    achain+="[c$i]"
  fi
done
prev="v0"; off=0
for ((i=1;i<n;i++)); do
  off=$((off + D - X))
  fc+="[$prev][v$i]xfade=transition=fade:duration=$X:offset=$off[x$i];"
  prev="x$i"
done
total=$((n*D - (n-1)*X))
fc+="${achain}amix=inputs=$((n/2)):normalize=0,apad,atrim=0:$total,asplit[key][clips];"
fc+="[$n:a]aresample=48000,aformat=channel_layouts=stereo,atrim=0:$total,afade=t=in:d=1,afade=t=out:st=$((total-2)):d=2[m];"
fc+="[m][key]sidechaincompress=threshold=0.01:ratio=8:attack=150:release=600[ducked];"
fc+="[ducked][clips]amix=inputs=2:normalize=0[a]"
ffmpeg -loglevel error -y "${inputs[@]}" -i testdata/music/demo.mp3 -filter_complex "$fc" -map "[$prev]" -map "[a]" \
  -c:v libx264 -preset veryfast -crf $crf -profile:v high -pix_fmt yuv420p -g 60 \
  -c:a aac -b:a 128k -movflags +faststart -t $total "$out"
