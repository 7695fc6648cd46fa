// Package audio turns music files into the sound track of a reel video.
//
// It decodes MP3 (through github.com/hajimehoshi/go-mp3), WAV (PCM 8/16/
// 24/32-bit and IEEE float 32/64, with its own RIFF parser) and the sound
// of MP4/MOV video clips, probes a file's
// duration and tags without decoding it, resamples with a band-limited
// polyphase windowed-sinc filter, places music cues on the video timeline
// (trim, loop at the source's exact period with a faded seam, fades, crossfades between overlapping
// cues), normalises the mix to a target integrated loudness (ITU-R
// BS.1770-4) and limits its true peak below a ceiling. The result is a
// streaming source of interleaved 16-bit stereo PCM ([Mix.ReadPCM]) that
// the AAC encoder pulls.
//
// Decisions:
//
//   - Streaming everywhere: every stage works in blocks of about a thousand
//     frames; a looped track is re-opened through [Cue.Open] for each pass
//     rather than cached, so memory does not grow with track or video length
//     (the 3-minute benchmark peaks at about 12 MB RSS for the whole test
//     binary).
//   - Offset ([Cue.Offset], a skipped intro): the first pass decodes and
//     discards the track up to the offset at the source's rate, so the cut
//     is sample-accurate for WAV and MP3 alike (no frame seeking: an MP3
//     frame holds 1152 samples and its bit reservoir reaches back into
//     earlier frames). Loop passes start from the track's beginning, on the
//     grid of a track that started Offset seconds before the cue.
//   - Loudness: [NewMix] renders the mix once at unity gain through a
//     [LoudnessMeter] (constant memory but for one float64 per 100 ms), then
//     the output pass applies the gain (at most [MaxGainDB]) and the limiter
//     to that mix, spooled to an unlinked temporary file. Exact for any cue
//     layout, at the price of the temporary file (or of decoding twice when
//     none can be made).
//   - Limiter: stereo-linked, 5 ms look-ahead, 80 ms release, on true
//     peak (ITU-R BS.1770-4 Annex 2: 4x oversampling by a 48-tap polyphase
//     FIR, see [TruePeak]). The -1.5 dBTP default ([DefaultCeilingDB])
//     leaves 0.5 dB for the AAC encoder's overshoot: rendered MP4s measure
//     -1.2 to -1.4 dBTP with ffmpeg's ebur128 (peak=true) at -16 LUFS.
//   - Loops: pass k of a looped track starts exactly k source lengths
//     after the cue's start (rounded once, never accumulated), so a
//     rhythmic loop keeps its tempo across seams (drift under 0.03 ms per
//     seam, measured on a click loop, resampled or not). The seam is a
//     20 ms fade-out of the outgoing pass's tail and a 2 ms fade-in of the
//     next pass: no overlap, so no shortened period and no step.
//   - MP3 gapless playback: the Xing/Info header frame, the LAME encoder
//     delay plus the 529-sample decoder delay are skipped and the end
//     padding dropped, matching ffmpeg sample for sample. go-mp3 v0.3.4 does
//     not decode MPEG 2.5 (8-12 kHz, reported as ErrUnsupported). It also
//     sizes padded 22.05 kHz frames one byte short at 8-32, 80, 96, 144
//     and 160 kb/s, which turns LAME CBR files at those rates into noise;
//     22.05 kHz streams are therefore re-framed before go-mp3 sees them
//     (same coded bits, every frame self-contained: see lsfRepacker), and
//     decode like ffmpeg's.
//   - Beats: [DetectBeats] finds a track's tempo and beat times (spectral
//     flux onset strength, autocorrelation tempo with a 120 bpm prior,
//     dynamic-programming beat tracking after Ellis 2007; its doc lists
//     the limits). Click tracks at 90, 120 and 128 bpm come out within
//     1 ms of their clicks; it runs at about 57x real time per CPU second
//     on a 32 s MP3, decoding included (BenchmarkDetectBeats).
//   - Clip sound: [OpenClipAudio] decodes a video clip's audio track (AAC
//     through libfaad2 loaded at run time, see internal/faad; PCM)
//     trimmed to the sample on the clip's presentation timeline, and
//     [MixOptions].Clips places it over the music ([ClipSound]). The
//     music is ducked under it ([Ducking]: by 12 dB by default, wherever
//     the clips' sound is above [DuckThresholdDB] RMS over 50 ms, gaps
//     under [DuckHold] bridged, with a look-ahead raised-cosine attack of
//     150 ms and a release of 600 ms); the whole mix is then normalised
//     and limited as above. Without clips a mix is unchanged, byte for
//     byte.
//   - Errors: bad input gives a *[FormatError] whose Kind is one of
//     [ErrEmpty], [ErrTruncated], [ErrCorrupt], [ErrNotAudio],
//     [ErrUnsupported]; a decoder panic is recovered as ErrCorrupt. In a
//     Mix, a track truncated or corrupt mid-stream plays as silence from
//     there on instead of failing the render.
package audio
