#!/bin/sh
# Makes the phone-like clips of the clips benchmark (bench-clips.json):
# six 5 s 1920x1080 30 fps H.264 High clips at about 12 Mbit/s (a moving
# test pattern under film grain, so the decoder works as on camera
# footage) with 48 kHz stereo AAC sound that speaks in bursts (so the
# music ducks under it). They are not checked in (about 45 MB); run this
# once, from anywhere (needs ffmpeg with libx264): it writes beside itself
# and skips clips that exist.
set -e
cd "$(dirname "$0")"
for i in 1 2 3 4 5 6; do
  out=phone$i.mp4
  [ -f "$out" ] && continue
  ffmpeg -loglevel error -y \
    -f lavfi -i "testsrc2=size=1920x1080:rate=30,hue=h=$((i*50)),noise=alls=14:allf=t+u" \
    -f lavfi -i "sine=frequency=$((200+i*60)):sample_rate=48000,volume='if(lt(mod(t,2),1.2),0.5,0)':eval=frame,pan=stereo|c0=c0|c1=c0" \
    -t 5 -c:v libx264 -preset fast -profile:v high -bf 3 -g 60 -b:v 12M -maxrate 14M -bufsize 20M -pix_fmt yuv420p \
    -c:a aac -b:a 128k -movflags +faststart "$out"
done
