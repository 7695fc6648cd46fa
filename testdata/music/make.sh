#!/usr/bin/env bash
# make.sh regenerates the test music in this folder from nothing but sox and
# lame (Debian: sox, libsox-fmt-mp3, lame). Every sound here is synthesised
# by this script: no recording, no sample, no third-party material.
# Output is deterministic up to the encoders' versions (SoX 14.4.2, LAME 3.100).
#
#   bash testdata/music/make.sh        # from the repository root, or anywhere
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# chord RATE SECONDS OUT NOTE... : plucked notes mixed into one soft chord.
chord() {
	local rate=$1 secs=$2 out=$3; shift 3
	local files=() i=0
	for n in "$@"; do
		sox -R -n -r "$rate" -c 1 "$tmp/n$i.wav" synth "$secs" pluck "$n" fade q 0.02 "$secs" 0.6
		files+=("$tmp/n$i.wav"); i=$((i + 1))
	done
	sox -R -m "${files[@]}" "$out"
}

# progression RATE OUT : I-vi-IV-V in C, 2 s a chord, with a quiet sine pad.
progression() {
	local rate=$1 out=$2 parts=() k=0
	for c in "C3 E4 G4 C5" "A2 E4 A4 C5" "F2 F4 A4 C5" "G2 D4 G4 B4"; do
		# shellcheck disable=SC2086
		chord "$rate" 2 "$tmp/c$k.wav" $c
		parts+=("$tmp/c$k.wav"); k=$((k + 1))
	done
	sox -R "${parts[@]}" "$out"
}

# demo.mp3: 32 s, 44.1 kHz stereo, VBR (~100 kb/s). The engine's demo track.
progression 44100 "$tmp/prog44.wav"
sox -R "$tmp/prog44.wav" "$tmp/prog44.wav" "$tmp/prog44.wav" "$tmp/prog44.wav" "$tmp/demo1.wav"
sox -R -n -r 44100 -c 1 "$tmp/pad.wav" synth 32 sine C3 sine E3 tremolo 0.25 40 vol 0.08
sox -R -m "$tmp/demo1.wav" "$tmp/pad.wav" "$tmp/demo_mono.wav"
sox -R "$tmp/demo_mono.wav" -c 2 "$tmp/demo.wav" gain -n -3 reverb 40 50 80 fade q 1 32 3 gain -n -1
lame --quiet -V 6 --tt "Reel demo (synthesised)" --ta "reel test suite" "$tmp/demo.wav" demo.mp3

# chords48k_stereo_vbr.mp3: 8 s, 48 kHz stereo, VBR with a Xing/LAME header.
progression 48000 "$tmp/prog48.wav"
sox -R "$tmp/prog48.wav" -c 2 "$tmp/p48s.wav" gain -n -3 reverb 30 gain -n -1
lame --quiet -V 7 --resample 48 "$tmp/p48s.wav" chords48k_stereo_vbr.mp3

# tone22k_mono_cbr.mp3: 4 s, 22.05 kHz mono, CBR 40 kb/s (too small a frame for an Info tag), 440 Hz with a soft envelope.
sox -R -n -r 22050 -c 1 "$tmp/t22.wav" synth 4 sine 440 fade q 0.05 4 0.5 gain -n -6
lame --quiet --cbr -b 40 -m m "$tmp/t22.wav" tone22k_mono_cbr.mp3

# tone22k_stereo_32k.mp3: 3 s, 22.05 kHz joint stereo, CBR 32 kb/s, 440 Hz left, 660 Hz right.
# Its padded frames are the ones go-mp3 v0.3.4 sizes one byte short (see audio/lsfrepack.go).
sox -R -n -r 22050 -c 2 "$tmp/t22s.wav" synth 3 sine 440 sine 660 fade q 0.05 3 0.5 gain -n -6
lame --quiet --cbr -b 32 -m j --resample 22.05 "$tmp/t22s.wav" tone22k_stereo_32k.mp3

# tagged.mp3: 6 s, 44.1 kHz stereo, CBR 64 kb/s, ID3v2 title/artist and a cover (PNG).
chord 44100 6 "$tmp/tag.wav" C4 E4 G4
sox -R "$tmp/tag.wav" -n spectrogram -x 100 -y 65 -r -m -o "$tmp/cover.png"
sox -R "$tmp/tag.wav" -c 2 "$tmp/tag2.wav" gain -n -3
lame --quiet --cbr -b 64 --resample 44.1 --tt "Tagged Chord" --ta "Reel Synth" --ti "$tmp/cover.png" "$tmp/tag2.wav" tagged.mp3

# WAV oracles for the RIFF parser: 0.25 s stereo 22.05 kHz 1 kHz/500 Hz tones.
sox -R -n -r 22050 -c 2 -b 16 -e signed pcm16.wav synth 0.25 sine 1000 sine 500 gain -6
sox -R -n -r 22050 -c 2 -b 24 -e signed pcm24.wav synth 0.25 sine 1000 sine 500 gain -6
sox -R -n -r 22050 -c 2 -b 32 -e floating-point float32.wav synth 0.25 sine 1000 sine 500 gain -6

ls -l ./*.mp3 ./*.wav
