package audio

import (
	"errors"
	"fmt"
	"io"
	"math"
)

// voice renders one cue: its track from the cue's offset, trimmed at the cue's
// end or looped at the source's exact period, under the cue's fades.
type voice struct {
	cue      Cue
	index    int
	rate     int
	s, e     int64 // frames on the timeline
	fadeIn   int64 // frames
	fadeOut  int64
	trackLen int64 // track length at the output rate, frames
	xfade    int64 // loop seam tail fade, frames (0 when the track is not looped)
	// srcSamples/srcRate give the exact loop period (see passStart).
	srcSamples int64
	srcRate    int
	// offSrc/offOut: the first pass's offset into the track, in source
	// and output frames.
	offSrc, offOut int64
	pass           int64 // index of the next pass to open
	next           int64 // timeline frame where the next pass starts
	players        []*player
	scratch        []float32
}

// player is one pass through a track.
type player struct {
	src     source
	closer  io.Closer
	start   int64 // timeline frame of the track's first frame
	length  int64
	pos     int64 // frames read so far
	ended   bool  // the decoder gave out: zeros from here
	fadeIn  bool  // seam fade-in (not the first pass)
	fadeOut bool  // seam fade-out (another pass follows)
}

// headFade is the seam fade-in of a loop pass, in seconds: just long
// enough that the splice never steps, short enough to keep a downbeat on
// the pass's first sample.
const headFade = 0.002

// passStart is the timeline frame where loop pass k >= 1 begins: k source
// lengths after the cue's start, less the first pass's offset, rounded
// once (no accumulated drift).
func (v *voice) passStart(k int64) int64 {
	if v.srcRate <= 0 || v.xfade == 0 {
		return v.s + k*v.trackLen - v.offOut
	}
	r := int64(v.srcRate)
	return v.s + ((k*v.srcSamples-v.offSrc)*int64(v.rate)+r/2)/r
}

// headLen is the seam fade-in of a pass, in frames.
func (v *voice) headLen() int64 {
	return max(1, min(v.xfade, int64(headFade*float64(v.rate))))
}

// open starts a pass of the track at timeline frame start.
func (v *voice) open(start int64) (*player, error) {
	rc, err := v.cue.Open()
	if err != nil {
		return nil, fmt.Errorf("audio: cue %d: open: %w", v.index, err)
	}
	d, err := NewDecoder(rc)
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("audio: cue %d: %w", v.index, err)
	}
	var src source = tolerant{d}
	length := v.trackLen
	if v.pass == 0 && v.offSrc > 0 {
		src = &skipper{src: src, left: 2 * v.offSrc}
		length -= v.offOut
	}
	p := &player{
		src:    newResampler(src, d.Info().SampleRate, v.rate),
		closer: rc,
		start:  start,
		length: length,
		fadeIn: start > v.s,
	}
	if next := v.passStart(v.pass + 1); v.xfade > 0 && next < v.e { // another pass follows
		p.fadeOut = true
		p.length = min(p.length, next-start)
	}
	return p, nil
}

// tolerant ends a track quietly where its file is truncated or its data
// turns corrupt mid-stream: the rest of that pass plays as silence. I/O
// errors still fail the mix.
type tolerant struct{ d *Decoder }

func (t tolerant) Read(p []float32) (int, error) {
	n, err := t.d.Read(p)
	if err != nil && (errors.Is(err, ErrTruncated) || errors.Is(err, ErrCorrupt)) {
		err = io.EOF
	}
	return n, err
}

// skipper discards the first left samples (interleaved stereo: two a
// frame) of src: the decoded intro before a cue's offset.
type skipper struct {
	src  source
	left int64
}

func (s *skipper) Read(p []float32) (int, error) {
	for s.left > 0 {
		n, err := s.src.Read(p[:min(int64(len(p)), s.left)])
		s.left -= int64(n)
		if err != nil {
			return 0, err
		}
	}
	return s.src.Read(p)
}

// envelope is the cue's gain at timeline frame t (fade in, fade out).
func (v *voice) envelope(t int64) float64 {
	g := 1.0
	if d := t - v.s; d < v.fadeIn {
		g *= math.Sin(math.Pi / 2 * (float64(d) + 0.5) / float64(v.fadeIn))
	}
	if d := v.e - t; d <= v.fadeOut {
		g *= math.Sin(math.Pi / 2 * (float64(d) - 0.5) / float64(v.fadeOut))
	}
	return g
}

// seam is a pass's loop seam gain at timeline frame t: a quarter-sine
// fade-out over the outgoing pass's last xfade frames (its tail) and a
// quarter-sine fade-in over the next pass's first headLen frames.
func (v *voice) seam(p *player, t int64) float64 {
	g := 1.0
	if d, h := t-p.start, v.headLen(); p.fadeIn && d < h {
		g *= math.Sin(math.Pi / 2 * (float64(d) + 0.5) / float64(h))
	}
	if d := p.start + p.length - t; p.fadeOut && d <= v.xfade {
		g *= math.Sin(math.Pi / 2 * (float64(d) - 0.5) / float64(v.xfade))
	}
	return g
}

// render adds the voice's frames [t0, t0+n) into mix (stereo).
func (v *voice) render(mix []float32, t0 int64, n int) error {
	t1 := t0 + int64(n)
	if t1 <= v.s || t0 >= v.e {
		return nil
	}
	for v.next < v.e && v.next < t1 {
		p, err := v.open(v.next)
		if err != nil {
			return err
		}
		v.players = append(v.players, p)
		v.pass++
		if p.fadeOut {
			v.next = v.passStart(v.pass)
		} else {
			v.next = v.e
		}
	}
	kept := v.players[:0]
	for _, p := range v.players {
		a := max(t0, p.start)
		b := min(t1, p.start+p.length, v.e)
		if b > a {
			if err := v.mixPlayer(p, mix[2*(a-t0):2*(b-t0)], a); err != nil {
				return err
			}
		}
		if b >= p.start+p.length || b >= v.e {
			p.closer.Close()
			continue
		}
		kept = append(kept, p)
	}
	for i := len(kept); i < len(v.players); i++ {
		v.players[i] = nil
	}
	v.players = kept
	return nil
}

// mixPlayer reads len(dst)/2 frames of p (timeline frames from a) and adds
// them to dst under the envelopes.
func (v *voice) mixPlayer(p *player, dst []float32, a int64) error {
	if cap(v.scratch) < len(dst) {
		v.scratch = make([]float32, len(dst))
	}
	buf := v.scratch[:len(dst)]
	got := 0
	for got < len(buf) && !p.ended {
		n, err := p.src.Read(buf[got:])
		got += n
		if err == io.EOF {
			p.ended = true
		} else if err != nil {
			return fmt.Errorf("audio: cue %d: %w", v.index, err)
		}
	}
	clear(buf[got:])
	p.pos += int64(len(buf) / 2)
	for i := 0; i < len(buf)/2; i++ {
		t := a + int64(i)
		g := float32(1)
		if t-v.s < v.fadeIn || v.e-t <= v.fadeOut || (v.xfade > 0 && (t-p.start < v.xfade || p.start+p.length-t <= v.xfade)) {
			g = float32(v.envelope(t) * v.seam(p, t))
		}
		dst[2*i] += buf[2*i] * g
		dst[2*i+1] += buf[2*i+1] * g
	}
	return nil
}

// close releases every open file.
func (v *voice) close() {
	for _, p := range v.players {
		p.closer.Close()
	}
	v.players = nil
}
