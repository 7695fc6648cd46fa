package hdr

import (
	"image"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
	"github.com/reelkit/reel/compose/clip/internal/de265"
)

// TestHLGClipComesBackNearTheSDRSource converts an SDR test pattern to
// 10-bit HLG with ffmpeg's zscale, encodes it with x265, decodes it with
// libde265 and tone-maps it back: the result must stay close to the SDR
// source (not washed out, not darkened, colours kept).
func TestHLGClipComesBackNearTheSDRSource(t *testing.T) {
	cliptest.Need(t)
	if !cliptest.HasEncoder(t, "libx265") {
		t.Skip("ffmpeg has no libx265 encoder")
	}
	l, err := de265.Load()
	if err != nil {
		t.Skip(err)
	}
	const w, h = 320, 240
	src := cliptest.Make(t, "sdr.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-frames:v", "1",
		"-pix_fmt", "yuv420p", "-c:v", "libx264", "-qp", "0")
	hlg := cliptest.Make(t, "hlg.mp4", "-i", src, "-vf",
		"zscale=tin=709:min=709:pin=709:t=arib-std-b67:m=2020_ncl:p=2020:npl=203,format=yuv420p10le",
		"-c:v", "libx265", "-x265-params", "log-level=error:lossless=1")
	sdr := cliptest.Frames(t, src, "yuv420p", w*h*3/2)[0]
	config, pkts := cliptest.Packets(t, hlg)
	d, err := l.NewDecoder(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pics, err := d.Decode(pkts[0].Data, 0)
	if err != nil {
		t.Fatal(err)
	}
	more, _ := d.Flush()
	pics = append(pics, more...)
	if len(pics) != 1 || pics[0].BitDepth != 10 {
		t.Fatalf("%d pictures", len(pics))
	}
	p := pics[0]
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	if err := ToSDR(dst, p.Y16, p.Cb16, p.Cr16, p.YStride, p.CStride, w, h, TransferHLG, PrimariesBT2020, 10); err != nil {
		t.Fatal(err)
	}
	mean := func(b []byte) float64 {
		s := 0
		for _, v := range b {
			s += int(v)
		}
		return float64(s) / float64(len(b))
	}
	spread := func(b []byte) float64 { // mean distance of chroma from neutral: saturation
		s := 0.0
		for _, v := range b {
			s += abs(float64(v) - 128)
		}
		return s / float64(len(b))
	}
	gotY, wantY := mean(dst.Y), mean(sdr[:w*h])
	gotS := spread(dst.Cb) + spread(dst.Cr)
	wantS := spread(sdr[w*h:w*h+w*h/4]) + spread(sdr[w*h+w*h/4:])
	psnr := cliptest.PSNR(sdr[:w*h], dst.Y, 255)
	t.Logf("mean Y %.1f (source %.1f), saturation %.1f (source %.1f), luma %.1f dB", gotY, wantY, gotS, wantS, psnr)
	// Measured: mean Y 133.4 against 122.1, saturation 65 % of the
	// source's (the knee compresses testsrc2's fully saturated bars),
	// 24.7 dB. The bounds catch a washed-out, darkened or grey result.
	if abs(gotY-wantY) > 15 || gotS < 0.6*wantS || gotS > 1.3*wantS || psnr < 20 {
		t.Errorf("tone-mapped HLG is too far from its SDR source")
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
