package clip

import (
	"context"
	"os"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// TestOpenGOPLeadingPicturesDecodeAfterASeek makes an HEVC clip with open
// GOPs (CRA pictures followed in decoding order by RASL pictures shown
// before them) and asks a fresh Reader, and one seeking backwards, for
// each RASL picture: each must match ffmpeg's decode of the whole clip
// (libde265 is bit-exact), which needs decoding to start at the IRAP
// before the CRA.
func TestOpenGOPLeadingPicturesDecodeAfterASeek(t *testing.T) {
	cliptest.Need(t)
	needDecoder(t, "hevc")
	const w, h = 128, 72
	p := cliptest.Make(t, "opengop.mp4", "-f", "lavfi", "-i", "testsrc2=size=128x72:rate=25:duration=2",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
		"-c:v", "libx265", "-tag:v", "hvc1", "-x265-params", "log-level=none:open-gop=1:keyint=10:min-keyint=10:bframes=3:scenecut=0")
	want := cliptest.Frames(t, p, "yuv420p", w*h*3/2)
	fh, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	st, _ := fh.Stat()
	f, err := openBMFF(fh, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	v := f.Video()
	times := presentationTimes(v)
	if len(times) != len(want) {
		t.Fatalf("%d frames shown, ffmpeg decodes %d", len(times), len(want))
	}
	// RASL pictures: after a sync sample (not the first) in decoding
	// order, before it in presentation order.
	var rasl []int // indices in presentation order
	lastSync := -1
	for i, s := range v.Samples {
		if s.Sync {
			lastSync = i
			continue
		}
		if lastSync > 0 && s.PTS < v.Samples[lastSync].PTS {
			for k, at := range times {
				if at == v.Time(s.PTS) {
					rasl = append(rasl, k)
				}
			}
		}
	}
	if len(rasl) < 3 {
		t.Fatalf("%d RASL pictures: x265 wrote no open GOP", len(rasl))
	}
	back := openPath(t, p, Options{})
	for _, k := range rasl {
		fresh := openPath(t, p, Options{})
		for name, r := range map[string]*Reader{"fresh": fresh, "seeking back": back} {
			if name == "seeking back" {
				if _, err := r.FrameAt(context.Background(), times[len(times)-1]); err != nil {
					t.Fatal(err)
				}
			}
			img, err := r.FrameAt(context.Background(), times[k])
			if err != nil {
				t.Fatalf("%s: frame %d at %v: %v", name, k, times[k], err)
			}
			if psnr := cliptest.PSNR(want[k], packed(img), 255); psnr < 45 {
				t.Errorf("%s: RASL frame %d at %v: %.1f dB against ffmpeg, want >= 45", name, k, times[k], psnr)
			}
		}
	}
}
