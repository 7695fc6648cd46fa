package clip

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/reelkit/reel/internal/bmff"
)

// TestHEVCColourFromVUIMatchesFFprobe encodes HEVC with the colour
// description only in the SPS VUI (x265's parameters, no colr box) and
// checks the track's colour against ffprobe's reading of the stream, and
// that Probe reports the HDR transfer.
func TestHEVCColourFromVUIMatchesFFprobe(t *testing.T) {
	needFFmpeg(t)
	for _, c := range []struct {
		params string
		hdr    string
		want   videoSignal
	}{
		{"colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc:range=full", "hlg", videoSignal{9, 18, 9, true}},
		{"colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc:sar=4:overscan=show", "pq", videoSignal{9, 16, 9, false}},
		{"colorprim=bt2020:transfer=bt2020-10:colormatrix=bt2020nc:scaling-list=default:bframes=4:ref=4", "", videoSignal{9, 14, 9, false}},
		{"colorprim=bt709:transfer=bt709:colormatrix=bt709:range=limited", "", videoSignal{1, 1, 1, false}},
	} {
		p := ffmpegClip(t, "vui.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25:duration=0.2",
			"-c:v", "libx265", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1", "-x265-params", "log-level=none:"+c.params)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "colr") {
			t.Fatalf("%s: ffmpeg wrote a colr box: the test needs the VUI alone", c.params)
		}
		out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=color_range,color_primaries,color_transfer,color_space", "-of", "csv=p=0", p).Output()
		if err != nil {
			t.Fatal(err)
		}
		inf, err := probeFile(t, p)
		if err != nil {
			t.Fatal(err)
		}
		col := inf.Colour
		got := videoSignal{col.Primaries, col.Transfer, col.Matrix, col.FullRange}
		if got != c.want || col.Source != "vui" {
			t.Errorf("%s: colour %+v, want %+v from the VUI (ffprobe: %s)", c.params, col, c.want, strings.TrimSpace(string(out)))
		}
		if inf.HDR != c.hdr {
			t.Errorf("%s: Probe HDR %q, want %q", c.params, inf.HDR, c.hdr)
		}
	}
}

func FuzzParseHEVCVUI(f *testing.F) {
	f.Add([]byte{0x42, 0x01, 0x01, 0x02, 0x20, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x3c, 0xa0, 0x08, 0x08, 0x04, 0x05, 0x96, 0x5e, 0x49, 0x1b, 0x4a, 0x02, 0x00, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x03, 0x00, 0x32, 0x10})
	f.Fuzz(func(t *testing.T, b []byte) {
		parseHEVCVUI(b)
	})
}

func openClipFile(t *testing.T, path string) (*bmff.File, *os.File) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := fh.Stat()
	f, err := openBMFF(fh, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	return f, fh
}
