package hdr

import (
	"image"
	"os/exec"
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
	// Measured: mean Y 118.3 against 122.1, saturation 88 % of the
	// source's (the knee rolls off the top of the SDR range), 30.7 dB.
	// ffmpeg's own tone mapping of this clip (zscale=t=linear:npl=203,
	// tonemap=clip / mobius / hable, zscale back to BT.709): mean Y
	// 120.3 / 116.6 / 97.4, saturation 94 / 90 / 73 %, 33.7 / 26.6 /
	// 19.0 dB. With BT.2100's luminance-based HLG OOTF instead of the
	// per-component one it was 133.4, 65 % and 24.7 dB: washed out.
	if abs(gotY-wantY) > 8 || gotS < 0.8*wantS || gotS > 1.2*wantS || psnr < 28 {
		t.Errorf("tone-mapped HLG is too far from its SDR source")
	}
	// ffmpeg's decode of the HLG clip to display light (1.0 = reference
	// white), clipped to SDR white and encoded as BT.709, is the oracle
	// below the knee; the knee's roll-off keeps the result a few dB away.
	ref, err := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", hlg, "-vf",
		"zscale=t=linear:npl=203,format=gbrpf32le,zscale=p=bt709,tonemap=clip,zscale=t=bt709:m=bt709:r=tv,format=yuv420p",
		"-f", "rawvideo", "-").Output()
	if err != nil || len(ref) != w*h*3/2 {
		t.Logf("no ffmpeg tone-mapping oracle (zscale/tonemap filters): %v", err)
		return
	}
	var got []byte
	got = append(got, dst.Y...)
	got = append(got, dst.Cb...)
	got = append(got, dst.Cr...)
	luma, chroma := cliptest.PSNR(ref[:w*h], got[:w*h], 255), cliptest.PSNR(ref[w*h:], got[w*h:], 255)
	t.Logf("against ffmpeg's tone mapping (tonemap=clip): luma %.1f dB, chroma %.1f dB", luma, chroma)
	// Measured 34.2 / 31.6 dB; 22.5 / 20.6 dB with the luminance-based OOTF.
	if luma < 32 || chroma < 29 {
		t.Errorf("tone-mapped HLG is %.1f / %.1f dB from ffmpeg's, want >= 32 / 29", luma, chroma)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
