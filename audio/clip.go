package audio

import (
	"fmt"
	"math"
	"time"
)

// PCMSource is a stream of decoded sound: interleaved stereo float32
// samples (full scale 1.0) at Info().SampleRate, like [Decoder] (mono is on
// both channels; Info().Channels tells what the file had). Read returns an
// even count and io.EOF after the last frame. [OpenClipAudio] returns one;
// a *Decoder wrapped with a Close method is one too.
type PCMSource interface {
	Read(p []float32) (int, error)
	Info() Info
	Close() error
}

// ClipSound is a clip's soundtrack placed on the timeline.
type ClipSound struct {
	// Open returns the clip's sound decoded, already trimmed to the played
	// part, starting at the clip's first shown frame. It is called once
	// for the ducking analysis (which also finds where the sound really
	// ends) and once per rendering pass (twice when no temporary file can
	// be made for the mix; see [NewMix]).
	Open   func() (PCMSource, error)
	At     time.Duration // where it starts on the output timeline (>= 0)
	Length time.Duration // how long it plays at most (cut after, with a 10 ms fade); 0 = until the sound ends
	// Volume is a linear gain, 1 = as recorded, 0 = muted (the clip is not
	// opened and ducks nothing). At most [MaxClipVolume].
	Volume float64
}

// MaxClipVolume bounds ClipSound.Volume (+12 dB).
const MaxClipVolume = 4

// Ducking lowers the music under clip sound. The zero value ducks by the
// defaults; Off disables it.
//
// It is a side-chain driven by the clips' own level, computed ahead of the
// mix (the whole sound track is rendered offline, so it can look ahead):
// the music is lowered wherever the clips' sound, after Volume, is above
// [DuckThresholdDB] (RMS over 50 ms windows every 10 ms); quieter gaps
// shorter than [DuckHold] are bridged so that the music does not pump
// between words. The music starts going down Attack before the sound
// starts, so it is fully down when the sound begins, and comes back up
// over Release after the sound ends. Both ramps are raised cosines in dB:
// no step, no corner, no click. A clip that is silent (or muted) over a
// stretch leaves the music at full level there.
type Ducking struct {
	Depth   float64       // dB the music is lowered under clip sound; default 12, at most 60
	Attack  time.Duration // ramp down, ending where the sound starts; default 150 ms
	Release time.Duration // ramp back up, starting where the sound ends; default 600 ms
	Off     bool          // no ducking: the music plays at full level under clips
}

// Ducking defaults and detector settings.
const (
	DefaultDuckDepth   = 12
	DefaultDuckAttack  = 150 * time.Millisecond
	DefaultDuckRelease = 600 * time.Millisecond
	// DuckThresholdDB is the clips' short-term RMS level (dBFS, both
	// channels) above which their sound ducks the music: above the room
	// tone of a phone recording, below any speech or music in it.
	DuckThresholdDB = -45
	// DuckHold is the longest quiet gap in clip sound that keeps the music
	// down.
	DuckHold = 300 * time.Millisecond
)

// clipEdgeFade is the fade at each end of a clip's sound: the cut between
// clips is a video cut, but a sound started or stopped mid-waveform clicks.
const clipEdgeFade = 10 * time.Millisecond

// maxDuckTime bounds Attack and Release.
const maxDuckTime = 10 * time.Second

func (d *Ducking) defaults() error {
	if d.Depth == 0 {
		d.Depth = DefaultDuckDepth
	}
	if d.Attack == 0 {
		d.Attack = DefaultDuckAttack
	}
	if d.Release == 0 {
		d.Release = DefaultDuckRelease
	}
	switch {
	case math.IsNaN(d.Depth) || d.Depth < 0 || d.Depth > 60:
		return fmt.Errorf("audio: mix: ducking depth %v dB out of range 0..60", d.Depth)
	case d.Attack < 0 || d.Attack > maxDuckTime || d.Release < 0 || d.Release > maxDuckTime:
		return fmt.Errorf("audio: mix: ducking attack %v / release %v out of range 0..%v", d.Attack, d.Release, maxDuckTime)
	}
	return nil
}

func checkClip(i int, c ClipSound) error {
	switch {
	case math.IsNaN(c.Volume) || c.Volume < 0 || c.Volume > MaxClipVolume:
		return fmt.Errorf("audio: clip %d: volume %v out of range 0..%v", i, c.Volume, MaxClipVolume)
	case c.Volume > 0 && c.Open == nil:
		return fmt.Errorf("audio: clip %d: no Open function", i)
	case c.At < 0 || c.Length < 0:
		return fmt.Errorf("audio: clip %d: invalid span at %v for %v", i, c.At, c.Length)
	}
	return nil
}
