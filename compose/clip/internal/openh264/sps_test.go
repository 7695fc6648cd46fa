package openh264

import (
	"strconv"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
	"github.com/reelkit/reel/compose/clip/internal/nalu"
)

func TestParseSPSReadsSizeAndReorderDepth(t *testing.T) {
	units, err := nalu.SplitAnnexB(nil, probeStream)
	if err != nil {
		t.Fatal(err)
	}
	s, err := parseSPS(units[0])
	if err != nil {
		t.Fatal(err)
	}
	if s.profile != 66 || s.width != 32 || s.height != 32 || !s.frameMBsOnly || s.reorder != 0 || s.bitDepth != 8 {
		t.Errorf("probe SPS = %+v, want Baseline 32x32 progressive, no reordering", s)
	}
	cliptest.Need(t)
	for _, c := range []struct {
		bf, reorder int
		pyramid     string
	}{{0, 0, "none"}, {1, 1, "none"}, {3, 2, "normal"}} {
		path := cliptest.Make(t, "r.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "1", "-pix_fmt", "yuv420p",
			"-c:v", "libx264", "-profile:v", "high", "-bf", strconv.Itoa(c.bf), "-x264-params", "b-pyramid="+c.pyramid)
		config, _ := cliptest.Packets(t, path)
		avc, err := parseAVCC(config)
		if err != nil {
			t.Fatal(err)
		}
		s, err := parseSPS(avc.sps[0])
		if err != nil {
			t.Fatal(err)
		}
		if s.profile != 100 || s.width != 64 || s.height != 48 || s.reorder != c.reorder {
			t.Errorf("bf=%d pyramid=%s: SPS %+v, want High 64x48 reorder %d", c.bf, c.pyramid, s, c.reorder)
		}
	}
}

func FuzzParseSPS(f *testing.F) {
	units, _ := nalu.SplitAnnexB(nil, probeStream)
	f.Add(units[0])
	f.Add([]byte{0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01, 0x10})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseSPS(b)
		if err == nil && (s.reorder < 0 || s.reorder > 16 || s.width <= 0 || s.width > 16384) {
			t.Fatalf("implausible SPS accepted: %+v", s)
		}
	})
}

func FuzzParseAVCC(f *testing.F) {
	f.Add([]byte{1, 0x42, 0xc0, 0x0a, 0xff, 0xe1, 0, 2, 0x67, 0x42, 1, 0, 2, 0x68, 0xcb})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseAVCC(b)
		if err == nil && (c.lengthSize < 1 || c.lengthSize > 4) {
			t.Fatalf("length size %d accepted", c.lengthSize)
		}
	})
}
