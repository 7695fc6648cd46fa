package clip

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/reelkit/reel/internal/bmff"
)

// fakeDecoder stands in for OpenH264/libde265: each access unit becomes a
// picture whose Cb plane holds its frame's rank in presentation order
// (so tests can tell frames apart) and whose Y plane holds a fixed
// gradient (so tests can check geometry). It checks that decoding starts
// at a sync sample.
type fakeDecoder struct {
	t       testing.TB
	tr      *bmff.Track
	rank    map[int64]int  // PTS -> presentation rank
	sync    map[int64]bool // PTS -> sync sample
	delay   int            // pictures held back (output in PTS order); -1: output at once in decode order
	drop    map[int64]bool // PTS never returned
	held    []picture
	started bool
	fed     *int // access units fed, over all decoders
	// out counts the pictures returned and not given back (reuse); peak
	// is its largest value after a Decode.
	out, peak int
}

func (d *fakeDecoder) reuse(picture) { d.out-- }

func (d *fakeDecoder) Decode(au []byte, pts int64) ([]picture, error) {
	if len(au) == 0 {
		return nil, errors.New("empty access unit")
	}
	if !d.started && !d.sync[pts] {
		d.t.Errorf("decoding started at the non-sync frame at PTS %d", pts)
	}
	d.started = true
	*d.fed++
	if d.drop[pts] {
		return nil, nil
	}
	d.held = append(d.held, d.picture(pts))
	if d.delay < 0 {
		out := d.held
		d.held = nil
		d.out += len(out)
		d.peak = max(d.peak, d.out)
		return out, nil
	}
	slices.SortFunc(d.held, func(a, b picture) int { return int(a.pts - b.pts) })
	if len(d.held) > d.delay {
		p := d.held[0]
		d.held = d.held[1:]
		d.out++
		d.peak = max(d.peak, d.out)
		return []picture{p}, nil
	}
	return nil, nil
}

func (d *fakeDecoder) Flush() ([]picture, error) {
	out := d.held
	d.held = nil
	return out, nil
}

func (d *fakeDecoder) Close() {}

// gradient is the fake pictures' luma at (x, y).
func gradient(x, y int) uint8 { return uint8(16 + (3*x+5*y)%200) }

func (d *fakeDecoder) picture(pts int64) picture {
	w, h := d.tr.Width, d.tr.Height
	cw, ch := (w+1)/2, (h+1)/2
	p := picture{pts: pts, width: w, height: h, bitDepth: 8, y: make([]byte, w*h), cb: make([]byte, cw*ch), cr: make([]byte, cw*ch), yStride: w, cStride: cw}
	for y := range h {
		for x := range w {
			p.y[y*w+x] = gradient(x, y)
		}
	}
	for i := range p.cb {
		p.cb[i] = uint8(16 + d.rank[pts])
		p.cr[i] = 128
	}
	return p
}

// fakeLib is a decoderLib making fakeDecoders for one track.
type fakeLib struct {
	t     testing.TB
	tr    *bmff.Track
	delay int
	drop  map[int64]bool
	fed   int
	made  int
}

func (l *fakeLib) Version() string { return "fake 1.0" }
func (l *fakeLib) Path() string    { return "/fake" }
func (l *fakeLib) newDecoder(config []byte) (videoDecoder, error) {
	l.made++
	d := &fakeDecoder{t: l.t, tr: l.tr, delay: l.delay, drop: l.drop, fed: &l.fed, rank: map[int64]int{}, sync: map[int64]bool{}}
	for r, si := range presentationOrder(l.tr) {
		d.rank[l.tr.Samples[si].PTS] = r
	}
	for _, s := range l.tr.Samples {
		d.sync[s.PTS] = s.Sync
	}
	return d, nil
}

// openFake opens the clip at path with fake decoders; it returns the
// Reader, the fake library (to count decoding work) and the video track.
func openFake(t testing.TB, path string, o Options, delay int, drop map[int64]bool) (*Reader, *fakeLib, *bmff.Track) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	st, _ := fh.Stat()
	f, err := bmff.Open(fh, st.Size(), bmff.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	lib := &fakeLib{t: t, tr: f.Video(), delay: delay, drop: drop}
	lookup := func(codec string) (codecLib, bool) {
		return codecLib{codec: codec, library: "fake", pkg: "fake", load: func() (decoderLib, error) { return lib, nil }}, true
	}
	r, err := open(context.Background(), fh, st.Size(), o, lookup)
	if err != nil {
		t.Fatal(err)
	}
	// The fake pictures are BT.709 whatever the file says (its small
	// untagged clips would be guessed BT.601): FrameAt must hand them
	// through unconverted for these timing and geometry tests, whatever
	// SPS the samples carry in-band.
	if vs, ok := r.src.(*videoSource); ok {
		vs.inf.Colour = Colour{Primaries: 1, Transfer: 1, Matrix: 1, Source: "colr"}
		vs.colour, vs.inband = vs.inf.Colour, nil
	}
	t.Cleanup(func() { r.Close() })
	return r, lib, f.Video()
}
