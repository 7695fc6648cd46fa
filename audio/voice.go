package audio

import (
	"errors"
	"fmt"
	"io"
	"math"
)

// voice renders one cue: its track from the start, trimmed at the cue's
// end or looped with a crossfaded seam, under the cue's fades.
type voice struct {
	cue      Cue
	index    int
	rate     int
	s, e     int64 // frames on the timeline
	fadeIn   int64 // frames
	fadeOut  int64
	trackLen int64 // track length at the output rate, frames
	xfade    int64 // loop seam crossfade, frames (0 when the track is not looped)
	period   int64 // distance between loop iterations
	next     int64 // timeline frame where the next iteration starts
	players  []*player
	scratch  []float32
}

// player is one pass through a track.
type player struct {
	src     source
	closer  io.Closer
	start   int64 // timeline frame of the track's first frame
	length  int64
	pos     int64 // frames read so far
	ended   bool  // the decoder gave out: zeros from here
	fadeIn  bool  // seam fade-in (not the first iteration)
	fadeOut bool  // seam fade-out (another iteration follows)
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
	p := &player{
		src:    newResampler(tolerant{d}, d.Info().SampleRate, v.rate),
		closer: rc,
		start:  start,
		length: v.trackLen,
		fadeIn: start > v.s,
	}
	p.fadeOut = v.xfade > 0 && start+p.length < v.e // another pass follows
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

// seam is a pass's loop crossfade gain at timeline frame t (equal power:
// the outgoing pass's gain is the cosine of the incoming one's).
func (v *voice) seam(p *player, t int64) float64 {
	g := 1.0
	if d := t - p.start; p.fadeIn && d < v.xfade {
		g *= math.Sin(math.Pi / 2 * (float64(d) + 0.5) / float64(v.xfade))
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
		if p.fadeOut {
			v.next += v.period
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
