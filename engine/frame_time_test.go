package engine

import (
	"errors"
	"math"
	"testing"
	"time"
)

// TestFrameTimesAsDurationsDrawTheirFrame checks that the start of every
// frame, rounded to the nearest nanosecond or cut to it, selects that
// frame at 30 and 30000/1001 fps, that a time just before a frame's start
// selects the frame before, and that times past the end are refused.
func TestFrameTimesAsDurationsDrawTheirFrame(t *testing.T) {
	t.Parallel()
	for _, rate := range []Rational{{Num: 30, Den: 1}, {Num: 30000, Den: 1001}, {Num: 24, Den: 1}} {
		pl := &Plan{FrameRate: rate, Frames: 900}
		for k := range pl.Frames {
			exact := float64(k) * float64(rate.Den) / float64(rate.Num) * 1e9
			for _, ns := range []float64{math.Round(exact), math.Floor(exact), math.Ceil(exact)} {
				f, err := frameAtDuration(pl, time.Duration(ns))
				if err != nil || f != k {
					t.Fatalf("%v fps: frame %d at %v ns gave %d, %v", rate, k, ns, f, err)
				}
			}
			if k > 0 {
				if f, _ := frameAtDuration(pl, time.Duration(math.Floor(exact))-time.Microsecond); f != k-1 {
					t.Fatalf("%v fps: a microsecond before frame %d gave %d", rate, k, f)
				}
			}
		}
		end := time.Duration(math.Round(pl.Duration() * 1e9))
		if f, err := frameAtDuration(pl, end); err != nil || f != pl.Frames-1 {
			t.Errorf("%v fps: the end gave %d, %v; want the last frame", rate, f, err)
		}
		for _, bad := range []time.Duration{-time.Nanosecond, end + time.Millisecond} {
			if _, err := frameAtDuration(pl, bad); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("%v fps: %v gave %v, want ErrOutOfRange", rate, bad, err)
			}
		}
	}
}
