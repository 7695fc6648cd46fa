package clip

import "time"

// Info describes a clip, from its headers.
type Info struct {
	Container string // "mp4", "mov", "gif", "webp"
	Codec     string // "h264", "hevc", "gif", "webp" (or the sample entry's fourcc for codecs reel does not decode)
	Profile   string // e.g. "High", "Main 10"; "" when unknown
	// Width and Height are the display size, after rotation.
	Width, Height int
	// Rotation is the clockwise rotation (0, 90, 180, 270) FrameAt applies
	// to the coded pictures.
	Rotation          int
	Duration          time.Duration
	FrameRate         float64 // average frames per second
	VariableFrameRate bool    // frame durations differ by more than 10%
	BitDepth          int     // bits per luma sample
	HDR               string  // "", "hlg" or "pq"
	// Colour is how the samples are read (MP4/MOV; zero for GIF and WebP).
	Colour Colour
	Audio  *AudioInfo
}

// AudioInfo describes a clip's sound track.
type AudioInfo struct {
	Codec      string // "aac", "mp3", "pcm", or the sample entry's fourcc
	SampleRate int
	Channels   int
}

// frameTiming fills FrameRate and VariableFrameRate from the presentation
// times of the frames, in order, and the clip's duration.
func (i *Info) frameTiming(times []time.Duration, total time.Duration) {
	n := len(times)
	if n == 0 || total <= 0 {
		return
	}
	i.FrameRate = float64(n) / total.Seconds()
	if n < 3 {
		return
	}
	lo, hi := time.Duration(1<<62), time.Duration(0)
	for k := 1; k < n; k++ {
		d := times[k] - times[k-1]
		lo, hi = min(lo, d), max(hi, d)
	}
	mean := (times[n-1] - times[0]) / time.Duration(n-1)
	i.VariableFrameRate = hi-lo > mean/10
}
