// Package audio turns music files into the sound track of a reel video.
//
// It decodes MP3 (through github.com/hajimehoshi/go-mp3) and WAV (PCM 16/24
// bit and IEEE float 32, with its own RIFF parser), probes a file's duration
// and tags without decoding it, resamples with a band-limited polyphase
// windowed-sinc filter, places music cues on the video timeline (trim, loop
// with a crossfaded seam, fades, crossfades between overlapping cues),
// normalises the mix to a target integrated loudness (ITU-R BS.1770-4) and
// limits its sample peaks below a ceiling. The result is a streaming source
// of interleaved 16-bit stereo PCM ([Mix.ReadPCM]) that the AAC encoder pulls.
//
// Nothing here holds a whole decoded track: every stage streams in blocks of
// a few thousand samples, and looping re-opens the track through [Cue.Open].
package audio
