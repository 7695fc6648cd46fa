package de265

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
	"github.com/reelkit/reel/internal/testlong"
)

func needX265(t testing.TB) {
	cliptest.Need(t)
	if !cliptest.HasEncoder(t, "libx265") {
		t.Skip("ffmpeg has no libx265 encoder to make HEVC test clips")
	}
}

func decodeAll(t testing.TB, l *Lib, config []byte, pkts []cliptest.Packet) []Picture {
	t.Helper()
	d, err := l.NewDecoder(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var pics []Picture
	for i, p := range pkts {
		got, err := d.Decode(p.Data, p.PTS)
		if err != nil {
			t.Fatalf("packet %d (pts %d): %v", i, p.PTS, err)
		}
		pics = append(pics, got...)
	}
	rest, err := d.Flush()
	if err != nil {
		t.Fatal(err)
	}
	return append(pics, rest...)
}

// checkBitExact compares pictures with ffmpeg's decode of path: same
// count, display order with the packets' times, identical samples.
func checkBitExact(t *testing.T, path string, pkts []cliptest.Packet, pics []Picture, w, h, depth int) {
	t.Helper()
	cw, ch := (w+1)/2, (h+1)/2
	size, fmtName := w*h+2*cw*ch, "yuv420p"
	if depth > 8 {
		size, fmtName = 2*size, "yuv420p10le"
	}
	want := cliptest.Frames(t, path, fmtName, size)
	if len(pics) != len(want) || len(pics) != len(pkts) {
		t.Fatalf("%d pictures, ffmpeg decodes %d from %d packets", len(pics), len(want), len(pkts))
	}
	pts := make([]int64, len(pkts))
	for i, p := range pkts {
		pts[i] = p.PTS
	}
	slices.Sort(pts)
	for i, p := range pics {
		if p.PTS != pts[i] {
			t.Fatalf("picture %d has pts %d, want %d (display order)", i, p.PTS, pts[i])
		}
		if p.Width != w || p.Height != h || p.BitDepth != depth || p.YStride != w || p.CStride != cw {
			t.Fatalf("picture %d: %dx%d depth %d strides %d/%d", i, p.Width, p.Height, p.BitDepth, p.YStride, p.CStride)
		}
		var q float64
		if depth == 8 {
			q = cliptest.PSNR(want[i], slices.Concat(p.Y, p.Cb, p.Cr), 255)
		} else {
			ref := make([]uint16, len(want[i])/2)
			for k := range ref {
				ref[k] = binary.LittleEndian.Uint16(want[i][2*k:])
			}
			q = cliptest.PSNR(ref, slices.Concat(p.Y16, p.Cb16, p.Cr16), 1023)
		}
		if !math.IsInf(q, 1) {
			t.Fatalf("picture %d (pts %d) differs from ffmpeg's decode: %.1f dB", i, p.PTS, q)
		}
	}
}

func TestDecodeIsBitExactWithFFmpeg(t *testing.T) {
	l := loadOrSkip(t)
	needX265(t)
	for _, c := range []struct {
		name   string
		w, h   int
		pixFmt string
		depth  int
		x265   string
		long   bool
	}{
		{"main-bframes", 640, 360, "yuv420p", 8, "bframes=4:keyint=12", false},
		{"main10-bframes", 640, 360, "yuv420p10le", 10, "bframes=3", false},
		{"main-1080p", 1920, 1080, "yuv420p", 8, "bframes=4", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.long {
				testlong.Require(t)
			}
			path := cliptest.Make(t, c.name+".mp4", "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=30", c.w, c.h),
				"-t", "0.7", "-pix_fmt", c.pixFmt, "-c:v", "libx265", "-preset", "veryfast", "-tag:v", "hvc1",
				"-x265-params", "log-level=error:"+c.x265)
			config, pkts := cliptest.Packets(t, path)
			pics := decodeAll(t, l, config, pkts)
			checkBitExact(t, path, pkts, pics, c.w, c.h, c.depth)
		})
	}
}

func TestDecodeAcceptsAnnexBWithInBandParameterSets(t *testing.T) {
	l := loadOrSkip(t)
	needX265(t)
	path := cliptest.Make(t, "c.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "0.6",
		"-pix_fmt", "yuv420p", "-c:v", "libx265", "-preset", "veryfast", "-x265-params", "log-level=error:keyint=5")
	ts := cliptest.Make(t, "c.ts", "-i", path, "-c", "copy", "-bsf:v", "hevc_mp4toannexb", "-f", "mpegts")
	_, pkts := cliptest.Packets(t, ts)
	pics := decodeAll(t, l, nil, pkts)
	checkBitExact(t, path, pkts, pics, 320, 240, 8)
}

func TestNewDecoderRefusesABadConfig(t *testing.T) {
	l := loadOrSkip(t)
	good := make([]byte, 23)
	good[0], good[21], good[22] = 1, 3, 1
	for _, c := range [][]byte{{1}, append(slices.Clone(good), 0x20, 0, 1, 0, 9, 0x40)} {
		if _, err := l.NewDecoder(c); !errors.Is(err, ErrConfig) {
			t.Errorf("NewDecoder(% x) err = %v, want ErrConfig", c, err)
		}
	}
}

var update = flag.Bool("update", false, "rewrite testdata/small.clip from ffmpeg")

// seedClip is a 64x64 HEVC clip with B-frames stored in testdata (so
// that fuzzing does not run ffmpeg in every worker): the hvcC record,
// then each packet's pts and length-prefixed data.
func seedClip(t testing.TB) ([]byte, []cliptest.Packet) {
	const path = "testdata/small.clip"
	if *update {
		needX265(t)
		src := cliptest.Make(t, "s.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10", "-t", "1",
			"-pix_fmt", "yuv420p", "-c:v", "libx265", "-x265-params", "log-level=error:bframes=2:keyint=5")
		config, pkts := cliptest.Packets(t, src)
		b := binary.BigEndian.AppendUint32(nil, uint32(len(config)))
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

// decodeHostile decodes pkts with packet i replaced by bad and checks
// that only well-formed pictures or errors come out.
func decodeHostile(t testing.TB, l *Lib, config []byte, pkts []cliptest.Packet, i int, bad []byte) {
	d, err := l.NewDecoder(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	n := 0
	check := func(pics []Picture) {
		for _, p := range pics {
			if p.Width <= 0 || p.Height <= 0 || len(p.Y)+len(p.Y16) != p.Width*p.Height {
				t.Fatalf("malformed picture %dx%d", p.Width, p.Height)
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
	if n > 2*len(pkts) {
		t.Fatalf("%d pictures from %d packets", n, len(pkts))
	}
}

func TestDecodeSurvivesTruncatedAndCorruptUnits(t *testing.T) {
	l := loadOrSkip(t)
	config, pkts := seedClip(t)
	if pics := decodeAll(t, l, config, pkts); len(pics) != len(pkts) {
		t.Fatalf("clean seed clip: %d pictures from %d packets", len(pics), len(pkts))
	}
	for i, p := range pkts {
		decodeHostile(t, l, config, pkts, i, p.Data[:len(p.Data)/2])
		flipped := slices.Clone(p.Data)
		for k := 5; k < len(flipped); k += 7 {
			flipped[k] ^= 0x5a
		}
		decodeHostile(t, l, config, pkts, i, flipped)
	}
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

func FuzzParseHVCC(f *testing.F) {
	config, _ := seedClip(f)
	f.Add(config)
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseHVCC(b)
		if err == nil && (c.lengthSize < 1 || c.lengthSize > 4) {
			t.Fatalf("length size %d accepted", c.lengthSize)
		}
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
