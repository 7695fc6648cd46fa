package openh264

import (
	"encoding/binary"
	"errors"
	"flag"
	"os"
	"slices"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// smallClip is a 64x64 High profile clip with B-frames, as avcC and packets.
func smallClip(t testing.TB) ([]byte, []cliptest.Packet) {
	cliptest.Need(t)
	path := cliptest.Make(t, "s.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10", "-t", "1",
		"-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "high", "-bf", "2", "-x264-params", "keyint=5")
	return cliptest.Packets(t, path)
}

// decodeHostile decodes pkts with packet i replaced by bad and checks
// that nothing but well-formed pictures or errors come out.
func decodeHostile(t testing.TB, l *Lib, config []byte, pkts []cliptest.Packet, i int, bad []byte) {
	d, err := l.NewDecoder(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	n := 0
	check := func(pics []Picture) {
		for _, p := range pics {
			if p.Width <= 0 || p.Height <= 0 || len(p.Y) != p.Width*p.Height || len(p.Cb) != ((p.Width+1)/2)*((p.Height+1)/2) {
				t.Fatalf("malformed picture %dx%d with %d luma samples", p.Width, p.Height, len(p.Y))
			}
		}
		n += len(pics)
	}
	for j, p := range pkts {
		data := p.Data
		if j == i {
			data = bad
		}
		pics, err := d.Decode(data, p.PTS)
		if err != nil && !errors.Is(err, ErrBitstream) && !errors.Is(err, ErrUnsupported) {
			t.Fatalf("packet %d: error %v wraps neither ErrBitstream nor ErrUnsupported", j, err)
		}
		check(pics)
	}
	pics, _ := d.Flush()
	check(pics)
	if n > len(pkts) {
		t.Fatalf("%d pictures from %d packets", n, len(pkts))
	}
}

func TestDecodeSurvivesTruncatedAndCorruptUnits(t *testing.T) {
	l := loadOrSkip(t)
	config, pkts := smallClip(t)
	for i, p := range pkts {
		decodeHostile(t, l, config, pkts, i, p.Data[:len(p.Data)/2])
		flipped := append([]byte(nil), p.Data...)
		for k := 5; k < len(flipped); k += 7 {
			flipped[k] ^= 0x5a
		}
		decodeHostile(t, l, config, pkts, i, flipped)
	}
}

func TestDecodeReportsATruncatedUnitAsAnError(t *testing.T) {
	l := loadOrSkip(t)
	config, pkts := smallClip(t)
	d, err := l.NewDecoder(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	bad := append([]byte(nil), pkts[0].Data...)
	bad[3] += 9 // the first NAL unit's length now overruns the sample
	if _, err := d.Decode(bad, 0); !errors.Is(err, ErrBitstream) {
		t.Fatalf("err = %v, want ErrBitstream", err)
	}
}

func TestDecodeRefusesInterlacedStreams(t *testing.T) {
	l := loadOrSkip(t)
	cliptest.Need(t)
	path := cliptest.Make(t, "i.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "0.2",
		"-pix_fmt", "yuv420p", "-c:v", "libx264", "-flags", "+ildct")
	config, pkts := cliptest.Packets(t, path)
	_, err := l.NewDecoder(config)
	if err == nil {
		d, _ := l.NewDecoder(nil)
		defer d.Close()
		_, err = d.Decode(pkts[0].Data, 0)
	}
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("err = %v, want ErrUnsupported", err)
	}
}

var update = flag.Bool("update", false, "rewrite testdata/small.clip from ffmpeg")

// seedClip is smallClip stored in testdata (so that fuzzing does not
// run ffmpeg in every worker): the avcC record, then each packet's pts
// and data, each field preceded by its big-endian uint32 length.
func seedClip(t testing.TB) ([]byte, []cliptest.Packet) {
	const path = "testdata/small.clip"
	if *update {
		config, pkts := smallClip(t)
		var b []byte
		b = binary.BigEndian.AppendUint32(b, uint32(len(config)))
		b = append(b, config...)
		for _, p := range pkts {
			b = binary.BigEndian.AppendUint64(b, uint64(p.PTS))
			b = binary.BigEndian.AppendUint32(b, uint32(len(p.Data)))
			b = append(b, p.Data...)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := binary.BigEndian.Uint32(b)
	config := b[4 : 4+n]
	b = b[4+n:]
	var pkts []cliptest.Packet
	for len(b) > 0 {
		pts := int64(binary.BigEndian.Uint64(b))
		n := binary.BigEndian.Uint32(b[8:])
		pkts = append(pkts, cliptest.Packet{PTS: pts, Data: b[12 : 12+n]})
		b = b[12+n:]
	}
	return config, pkts
}

func FuzzDecode(f *testing.F) {
	l, err := Load()
	if err != nil {
		f.Skip(err)
	}
	config, pkts := seedClip(f)
	for i, p := range pkts {
		f.Add(uint8(i), p.Data)
	}
	f.Fuzz(func(t *testing.T, i uint8, bad []byte) {
		decodeHostile(t, l, config, pkts, int(i)%len(pkts), bad)
	})
}

func TestFlushThenRestartAtAKeyframeDecodesAgain(t *testing.T) {
	l := loadOrSkip(t)
	config, pkts := seedClip(t)
	clean := decodeAll(t, l, config, pkts)
	d, err := l.NewDecoder(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, p := range pkts[:7] {
		if _, err := d.Decode(p.Data, p.PTS); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	// A seek back to the start: decode everything again.
	var again []Picture
	for _, p := range pkts {
		got, err := d.Decode(p.Data, p.PTS)
		if err != nil {
			t.Fatal(err)
		}
		again = append(again, got...)
	}
	rest, err := d.Flush()
	if err != nil {
		t.Fatal(err)
	}
	again = append(again, rest...)
	if len(again) != len(clean) {
		t.Fatalf("%d pictures after the restart, %d from a fresh decoder", len(again), len(clean))
	}
	for i := range clean {
		if again[i].PTS != clean[i].PTS || !slices.Equal(again[i].Y, clean[i].Y) {
			t.Fatalf("picture %d differs after the restart", i)
		}
	}
}
