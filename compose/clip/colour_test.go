package clip

import (
	"context"
	"fmt"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// colourSource makes a lossless 8-bit BT.709 test pattern clip and
// returns its path and first frame (yuv420p).
func colourSource(t *testing.T, w, h int) (string, []byte) {
	t.Helper()
	src := cliptest.Make(t, "sdr.mp4", "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=10", w, h), "-frames:v", "1",
		"-pix_fmt", "yuv420p", "-c:v", "libx264", "-qp", "0")
	return src, cliptest.Frames(t, src, "yuv420p", w*h*3/2)[0]
}

// firstFrame decodes the first frame of path through Reader, packed.
func firstFrame(t *testing.T, path string) []byte {
	t.Helper()
	img, err := openPath(t, path, Options{}).FrameAt(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return packed(img)
}

// planesPSNR is the PSNR of the luma and of the chroma planes of two
// packed yuv420p frames.
func planesPSNR(a, b []byte, w, h int) (luma, chroma float64) {
	return cliptest.PSNR(a[:w*h], b[:w*h], 255), cliptest.PSNR(a[w*h:], b[w*h:], 255)
}

// TestFullRangeHLGMatchesLimitedRangeHLG encodes one HLG picture twice,
// limited and full range (lossless x265, colour in the VUI): both must
// come out as the same SDR picture.
func TestFullRangeHLGMatchesLimitedRangeHLG(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "hevc")
	const w, h = 160, 96
	src, _ := colourSource(t, w, h)
	var frames [2][]byte
	for i, rng := range []string{"limited", "full"} {
		p := cliptest.Make(t, rng+".mp4", "-i", src, "-vf",
			"zscale=tin=709:min=709:pin=709:rin=limited:t=arib-std-b67:m=2020_ncl:p=2020:npl=203:r="+rng+",format=yuv420p10le",
			"-c:v", "libx265", "-tag:v", "hvc1", "-x265-params",
			"log-level=error:lossless=1:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc:range="+rng)
		frames[i] = firstFrame(t, p)
	}
	luma, chroma := planesPSNR(frames[0], frames[1], w, h)
	t.Logf("full against limited range: luma %.1f dB, chroma %.1f dB", luma, chroma)
	if luma < 38 || chroma < 38 {
		t.Errorf("full-range HLG differs from the same picture in limited range: luma %.1f dB, chroma %.1f dB (want >= 38)", luma, chroma)
	}
}

// TestEightBitBT2020ComesBackToItsBT709Source converts a BT.709 picture
// to 8-bit BT.2020 (same transfer curve) and encodes it with x265: reel
// must convert the primaries back (not show BT.2020 values as BT.709,
// which desaturates).
func TestEightBitBT2020ComesBackToItsBT709Source(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "hevc")
	const w, h = 160, 96
	src, want := colourSource(t, w, h)
	p := cliptest.Make(t, "bt2020.mp4", "-i", src, "-vf",
		"zscale=tin=709:min=709:pin=709:t=2020_10:m=2020_ncl:p=2020,format=yuv420p",
		"-c:v", "libx265", "-tag:v", "hvc1", "-x265-params",
		"log-level=error:lossless=1:colorprim=bt2020:transfer=bt2020-10:colormatrix=bt2020nc")
	if inf, err := probeFile(t, p); err != nil || inf.BitDepth != 8 {
		t.Fatalf("Probe: %+v %v", inf, err)
	}
	got := firstFrame(t, p)
	luma, chroma := planesPSNR(want, got, w, h)
	t.Logf("against the BT.709 source: luma %.1f dB, chroma %.1f dB", luma, chroma)
	// Measured: 30.7 / 25.4 dB. ffmpeg's own round trip (zscale back to
	// BT.709) gives 31.6 / 23.6 dB: testsrc2's sharp colour edges through
	// two 4:2:0 resamplings and 8-bit BT.2020 bound it. The BT.2020
	// values shown as BT.709 (no conversion) give 20.3 / 16.8 dB.
	if luma < 28 || chroma < 22 {
		t.Errorf("8-bit BT.2020 picture: luma %.1f dB, chroma %.1f dB against its BT.709 source (want >= 28, 22)", luma, chroma)
	}
}
