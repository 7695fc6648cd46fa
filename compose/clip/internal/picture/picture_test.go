package picture

import (
	"errors"
	"strings"
	"testing"
)

func TestPoolReusesGivenBackPlanes(t *testing.T) {
	var pl Pool
	a := pl.New8(64, 48)
	if len(a.Y) != 64*48 || len(a.Cb) != 32*24 || len(a.Cr) != 32*24 || a.YStride != 64 || a.CStride != 32 || a.BitDepth != 8 {
		t.Fatalf("8-bit picture: planes %d/%d/%d strides %d/%d depth %d", len(a.Y), len(a.Cb), len(a.Cr), a.YStride, a.CStride, a.BitDepth)
	}
	pl.Put(a)
	b := pl.New8(33, 17) // smaller: fits in a's buffer
	if &b.Y[0] != &a.Y[0] || len(b.Cr) != 17*9 {
		t.Fatalf("a smaller picture does not reuse the given-back planes (Cr %d)", len(b.Cr))
	}
	if c := pl.New8(64, 48); &c.Y[0] == &a.Y[0] {
		t.Fatal("a buffer handed out twice")
	}
	d := pl.New16(10, 10, 10)
	if len(d.Y16) != 100 || len(d.Cb16) != 25 || d.Y != nil || d.BitDepth != 10 {
		t.Fatalf("16-bit picture: planes %d/%d depth %d", len(d.Y16), len(d.Cb16), d.BitDepth)
	}
	pl.Put(d)
	if e := pl.New16(10, 10, 10); &e.Y16[0] != &d.Y16[0] {
		t.Fatal("16-bit planes not reused")
	}
	for range MaxSpare + 3 {
		pl.Put(pl.New8(8, 8))
		pl.Put(Picture{Y: make([]byte, 96)})
	}
	if len(pl.spare) != MaxSpare {
		t.Fatalf("%d spare buffers kept, want at most %d", len(pl.spare), MaxSpare)
	}
}

// fakeDecoder returns pics from Decode and more from Flush.
type fakeDecoder struct {
	pics, more []Picture
	err        error
	closed     bool
}

func (d *fakeDecoder) Decode([]byte, int64) ([]Picture, error) { return d.pics, d.err }
func (d *fakeDecoder) Flush() ([]Picture, error)               { return d.more, nil }
func (d *fakeDecoder) Close()                                  { d.closed = true }

func TestProbeAcceptsOnlyTheKnownPicture(t *testing.T) {
	flat := func(w, h int, pts int64) Picture {
		var pl Pool
		p := pl.New8(w, h)
		p.PTS = pts
		for i := range p.Y {
			p.Y[i] = 89
		}
		for i := range p.Cb {
			p.Cb[i], p.Cr[i] = 102, 185
		}
		return p
	}
	bad := flat(32, 32, 7)
	bad.Cr[5] = 184
	for _, c := range []struct {
		name string
		d    *fakeDecoder
		want string
	}{
		{"right, from Flush", &fakeDecoder{more: []Picture{flat(32, 32, 7)}}, ""},
		{"right, from Decode", &fakeDecoder{pics: []Picture{flat(32, 32, 7)}}, ""},
		{"none", &fakeDecoder{}, "0 pictures"},
		{"two", &fakeDecoder{pics: []Picture{flat(32, 32, 7)}, more: []Picture{flat(32, 32, 8)}}, "2 pictures"},
		{"wrong size", &fakeDecoder{pics: []Picture{flat(32, 16, 7)}}, "picture 32x16"},
		{"wrong pts", &fakeDecoder{pics: []Picture{flat(32, 32, 0)}}, "pts 0"},
		{"one wrong sample", &fakeDecoder{pics: []Picture{bad}}, "Cr sample 5 is 184"},
		{"decode error", &fakeDecoder{err: errors.New("broken")}, "broken"},
	} {
		err := Probe(c.d, []byte{0, 0, 0, 1}, 32, 32, 89, 102, 185)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if !c.d.closed {
			t.Errorf("%s: decoder not closed", c.name)
		}
	}
}
