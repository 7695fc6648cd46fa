package encode

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

// testSegment returns a well-formed segment file of four packets (an IDR,
// then P, B, B in decode order) and its header and packets.
func testSegment(t testing.TB) ([]byte, SegmentHeader, []Packet) {
	t.Helper()
	h := SegmentHeader{Index: 1, Count: 3, From: 60, To: 64, Total: 150,
		Track: VideoTrackConfig{Width: 640, Height: 360, FrameRate: Rational{30, 1},
			SPS: []byte{0x67, 0x64, 0x00, 0x1e, 0xac}, PPS: []byte{0x68, 0xeb}}}
	h.PlanID[0], h.PlanID[31] = 7, 9
	pk := []Packet{
		{Data: []byte{0, 0, 0, 2, 0x65, 1}, PTS: 0, DTS: -1, Keyframe: true},
		{Data: []byte{0, 0, 0, 2, 0x41, 2}, PTS: 3, DTS: 0},
		{Data: []byte{0, 0, 0, 2, 0x01, 3}, PTS: 1, DTS: 1},
		{Data: []byte{0, 0, 0, 3, 0x01, 4, 5}, PTS: 2, DTS: 2},
	}
	var buf bytes.Buffer
	w, err := NewSegmentWriter(&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pk {
		if err := w.WritePacket(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), h, pk
}

// readSegment reads every packet of b (data copied).
func readSegment(b []byte) (SegmentHeader, []Packet, error) {
	r, err := NewSegmentReader(bytes.NewReader(b))
	if err != nil {
		return SegmentHeader{}, nil, err
	}
	var out []Packet
	for {
		p, err := r.Next()
		if err == io.EOF {
			return r.Header(), out, nil
		}
		if err != nil {
			return r.Header(), out, err
		}
		p.Data = append([]byte(nil), p.Data...)
		out = append(out, p)
	}
}

func TestSegmentRoundTrip(t *testing.T) {
	t.Parallel()
	b, h, pk := testSegment(t)
	gh, got, err := readSegment(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gh, h) {
		t.Errorf("header %+v, want %+v", gh, h)
	}
	if !reflect.DeepEqual(got, pk) {
		t.Errorf("packets %+v, want %+v", got, pk)
	}
}

// Every truncation and every single flipped byte is refused with
// ErrBadSegment (the CRC covers what the field checks do not).
func TestSegmentCorruptRefused(t *testing.T) {
	t.Parallel()
	b, _, _ := testSegment(t)
	for n := range len(b) {
		if _, _, err := readSegment(b[:n]); !errors.Is(err, ErrBadSegment) {
			t.Fatalf("truncated to %d of %d bytes: %v, want ErrBadSegment", n, len(b), err)
		}
	}
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x10
		if _, _, err := readSegment(c); !errors.Is(err, ErrBadSegment) {
			t.Fatalf("byte %d flipped: %v, want ErrBadSegment", i, err)
		}
	}
	if _, _, err := readSegment(append(bytes.Clone(b), 0)); !errors.Is(err, ErrBadSegment) {
		t.Fatalf("trailing byte: %v", err)
	}
	_, _, err := readSegment(append([]byte("REELSEG\x00\x00\x02"), b[10:]...))
	if !errors.Is(err, ErrBadSegment) || !bytes.Contains([]byte(err.Error()), []byte("version 2")) {
		t.Fatalf("version 2: %v", err)
	}
}

func TestSegmentWriterChecks(t *testing.T) {
	t.Parallel()
	_, h, pk := testSegment(t)
	w, err := NewSegmentWriter(io.Discard, h)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WritePacket(pk[1]); err == nil {
		t.Error("a first packet that is not an IDR was accepted")
	}
	w, _ = NewSegmentWriter(io.Discard, h)
	w.WritePacket(pk[0])
	if err := w.Close(); err == nil {
		t.Error("a segment missing packets was closed without error")
	}
	h.To = h.From
	if _, err := NewSegmentWriter(io.Discard, h); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("empty range: %v", err)
	}
}

// FuzzSegmentReader: any input gives packets or an error, never a panic
// or an allocation beyond the format's bounds; a file that reads to the
// end re-encodes to the same bytes.
func FuzzSegmentReader(f *testing.F) {
	b, _, _ := testSegment(f)
	f.Add(b)
	f.Add(b[:40])
	f.Add([]byte("REELSEG\x00\x00\x01\x00\x00\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, pk, err := readSegment(data)
		if err != nil {
			if !errors.Is(err, ErrBadSegment) {
				t.Fatalf("error not matching ErrBadSegment: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		w, err := NewSegmentWriter(&buf, h)
		if err != nil {
			t.Fatalf("header read but not writable: %v", err)
		}
		for _, p := range pk {
			if err := w.WritePacket(p); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), data) {
			t.Fatal("re-encoded segment differs")
		}
	})
}
