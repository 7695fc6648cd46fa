package audio

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"github.com/reelkit/reel/audio/internal/faad"
)

// clipTrack is what decoding a clip's sound needs of its container's
// audio track (internal/bmff's Track, or a test's hand-made one).
type clipTrack struct {
	codec        string // sample entry fourcc: "mp4a", "lpcm", "sowt", "twos", ...
	timescale    uint32
	config       []byte // AudioSpecificConfig for mp4a
	rate, chans  int    // from the sample entry
	bits         int    // PCM bits per sample
	littleEndian bool   // PCM byte order (sowt: always)
	float        bool   // PCM floating point
	duration     time.Duration
	samples      []clipSample // decode order
	read         func(i int, buf []byte) ([]byte, error)
}

// clipSample is one access unit: its presentation time after the edit
// list, in the track's timescale.
type clipSample struct {
	pts  int64
	size uint32
}

// unitDecoder turns access units into interleaved stereo float32.
type unitDecoder interface {
	decode(unit []byte) ([]float32, error) // stereo frames, possibly none
	rate() int
	close()
}

// maxConcealed is how many AAC frames in a row may fail to decode (each
// replaced by silence of a frame's length) before the stream is corrupt.
const maxConcealed = 8

// clipAudio is the PCMSource of a clip's sound: decoded from the sample
// at or before the trim start, the first skip frames dropped (or lead
// frames of silence put first when the sound starts late), then left
// frames delivered.
type clipAudio struct {
	t       *clipTrack
	dec     unitDecoder
	info    Info
	next    int // next sample to decode
	skip    int64
	lead    int64
	left    int64
	pending []float32 // decoded stereo frames not yet delivered
	buf     []byte
	spf     int // frames per access unit (AAC), once known
	bad     int // AAC frames concealed in a row
	err     error
}

// openTrackAudio decodes t from trimStart to trimEnd (0: the end of the
// presentation) of its presentation timeline.
func openTrackAudio(t *clipTrack, trimStart, trimEnd time.Duration) (PCMSource, error) {
	format := t.codec
	switch {
	case trimStart < 0 || trimEnd < 0 || (trimEnd != 0 && trimEnd <= trimStart):
		return nil, fmt.Errorf("audio: clip: invalid trim %v..%v", trimStart, trimEnd)
	case t.timescale == 0:
		return nil, formatErr(format, ErrCorrupt, -1, "track timescale 0", nil)
	case len(t.samples) == 0:
		return nil, formatErr(format, ErrEmpty, -1, "audio track without samples", nil)
	}
	end := t.duration
	if trimEnd != 0 && trimEnd < end {
		end = trimEnd
	}
	if trimStart >= end {
		return nil, formatErr(format, ErrEmpty, -1, fmt.Sprintf("trim start %v at or after the sound's end %v", trimStart, end), nil)
	}
	c := &clipAudio{t: t}
	var err error
	preroll := 0
	switch t.codec {
	case "mp4a":
		c.dec, err = newAACUnits(t.config)
		preroll = 2 // the transform's overlap: the frame before, and the one faad2 withholds
		c.info.Format = "aac"
	case ".mp3":
		c.dec, err = newMP3Units(t)
		c.info.Format = "mp3"
	case "lpcm", "sowt", "twos", "raw ", "in24", "in32", "fl32", "fl64":
		c.dec, err = newPCMUnits(t)
		c.info.Format = "pcm"
	default:
		return nil, formatErr(format, ErrUnsupported, -1, fmt.Sprintf("clip sound in %q is not supported (AAC, MP3 and PCM are)", t.codec), nil)
	}
	if err != nil {
		return nil, err
	}
	// Start at the last sample presented at or before trimStart, less the
	// codec's pre-roll.
	ts := int64(math.Floor(trimStart.Seconds() * float64(t.timescale)))
	k := sort.Search(len(t.samples), func(i int) bool { return t.samples[i].pts > ts }) - 1
	if t.codec == ".mp3" && k > 0 {
		preroll = mp3Preroll(t.samples, k)
	}
	c.next = max(0, k-preroll)
	k0 := c.next
	// Decode up to the first output to learn the rate and the frames the
	// decoder withholds at its start.
	drop := 0
	for len(c.pending) == 0 {
		if c.next >= len(t.samples) {
			c.dec.close()
			return nil, formatErr(format, ErrEmpty, -1, "no sound decoded", nil)
		}
		out, err := c.unit()
		if err != nil {
			c.dec.close()
			return nil, err
		}
		if len(out) == 0 {
			drop++
		}
		c.pending = append(c.pending[:0], out...)
	}
	rate := c.dec.rate()
	if t.codec == "mp4a" || t.codec == ".mp3" {
		c.spf = len(c.pending) / 2
	}
	// Output frame j (from the first decoded sample on) is presented at
	// pts/timescale + (drop*spf + j)/rate.
	first := float64(t.samples[k0].pts) / float64(t.timescale)
	startFrame := int64(math.Round((trimStart.Seconds()-first)*float64(rate))) - int64(drop*c.spf)
	if startFrame >= 0 {
		c.skip = startFrame
	} else {
		c.lead = -startFrame
	}
	c.left = int64(math.Round((end - trimStart).Seconds() * float64(rate)))
	c.info.SampleRate = rate
	c.info.Channels = t.chans
	c.info.Samples = c.left
	c.info.Duration = float64(c.left) / float64(rate)
	return c, nil
}

// unit decodes the next sample.
func (c *clipAudio) unit() ([]float32, error) {
	i := c.next
	c.next++
	b, err := c.t.read(i, c.buf)
	if err != nil {
		return nil, fmt.Errorf("audio: clip: sample %d: %w", i, err)
	}
	c.buf = b
	out, err := c.dec.decode(b)
	if err == nil {
		c.bad = 0
		return out, nil
	}
	var fe *FormatError
	if c.spf > 0 && !errors.As(err, &fe) && c.bad < maxConcealed {
		c.bad++ // conceal: a frame of silence keeps the timing
		return make([]float32, 2*c.spf), nil
	}
	if fe != nil {
		return nil, err
	}
	return nil, formatErr(c.info.Format, ErrCorrupt, -1, fmt.Sprintf("sample %d", i), err)
}

// Info describes the trimmed sound (Samples and Duration are what Read
// delivers, at SampleRate; Channels are the track's).
func (c *clipAudio) Info() Info { return c.info }

// Read fills p with interleaved stereo frames.
func (c *clipAudio) Read(p []float32) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if len(p) < 2 {
		return 0, io.ErrShortBuffer
	}
	n := 0
	for n+1 < len(p) && c.left > 0 {
		if c.lead > 0 {
			k := int(min(c.lead, c.left, int64(len(p)-n)/2))
			clear(p[n : n+2*k])
			n += 2 * k
			c.lead -= int64(k)
			c.left -= int64(k)
			continue
		}
		if len(c.pending) == 0 {
			if c.next >= len(c.t.samples) {
				c.left = 0 // the track ends before the presentation says
				break
			}
			out, err := c.unit()
			if err != nil {
				c.err = err
				if n > 0 {
					return n, nil
				}
				return 0, err
			}
			c.pending = out
			continue
		}
		if c.skip > 0 {
			k := min(c.skip, int64(len(c.pending)/2))
			c.pending = c.pending[2*k:]
			c.skip -= k
			continue
		}
		k := int(min(c.left, int64(len(c.pending)/2), int64(len(p)-n)/2))
		copy(p[n:], c.pending[:2*k])
		c.pending = c.pending[2*k:]
		n += 2 * k
		c.left -= int64(k)
	}
	if n == 0 && c.left <= 0 {
		c.err = io.EOF
		return 0, io.EOF
	}
	return n, nil
}

// Close releases the decoder.
func (c *clipAudio) Close() error {
	if c.dec != nil {
		c.dec.close()
		c.dec = nil
	}
	if c.err == nil {
		c.err = errors.New("audio: clip sound closed")
	}
	return nil
}

// toStereo appends interleaved frames of ch channels to dst as stereo:
// mono on both sides, more than two channels averaged to both.
func toStereo(dst, src []float32, ch int) []float32 {
	switch ch {
	case 2:
		return append(dst, src...)
	case 1:
		for _, v := range src {
			dst = append(dst, v, v)
		}
		return dst
	}
	g := 1 / float32(ch)
	for i := 0; i+ch <= len(src); i += ch {
		var s float32
		for _, v := range src[i : i+ch] {
			s += v
		}
		dst = append(dst, s*g, s*g)
	}
	return dst
}

// aacUnits decodes AAC with libfaad2.
type aacUnits struct {
	d   *faad.Decoder
	out []float32
}

func newAACUnits(asc []byte) (*aacUnits, error) {
	lib, err := faad.Load()
	if err != nil {
		return nil, fmt.Errorf("audio: clip: %w", err)
	}
	d, err := lib.NewDecoder(asc)
	if err != nil {
		return nil, formatErr("aac", ErrUnsupported, -1, "", err)
	}
	return &aacUnits{d: d}, nil
}

func (a *aacUnits) decode(unit []byte) ([]float32, error) {
	pcm, err := a.d.Decode(unit)
	if err != nil {
		return nil, err
	}
	a.out = toStereo(a.out[:0], pcm, a.d.Channels())
	return a.out, nil
}

func (a *aacUnits) rate() int { return a.d.SampleRate() }
func (a *aacUnits) close()    { a.d.Close() }
