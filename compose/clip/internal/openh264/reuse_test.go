package openh264

import (
	"math"
	"slices"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// TestReusedPlanesHoldTheNextPictures: pictures given back with Reuse are
// decoded into again (no new planes once the decoder has spares), and
// every picture still matches ffmpeg's decode bit for bit.
func TestReusedPlanesHoldTheNextPictures(t *testing.T) {
	l := loadOrSkip(t)
	cliptest.Need(t)
	path := cliptest.Make(t, "reuse.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-t", "1",
		"-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "baseline")
	config, pkts := cliptest.Packets(t, path)
	d, err := l.NewDecoder(config)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var pics []Picture // copies, the decoder's planes given back at once
	given := map[*byte]bool{}
	reused := 0
	take := func(ps []Picture) {
		for _, p := range ps {
			if given[&p.Y[0]] {
				reused++
			}
			c := p
			c.Y, c.Cb, c.Cr = slices.Clone(p.Y), slices.Clone(p.Cb), slices.Clone(p.Cr)
			pics = append(pics, c)
			given[&p.Y[0]] = true
			d.Reuse(p)
		}
	}
	for i, p := range pkts {
		got, err := d.Decode(p.Data, p.PTS)
		if err != nil {
			t.Fatalf("packet %d: %v", i, err)
		}
		take(got)
	}
	rest, err := d.Flush()
	if err != nil {
		t.Fatal(err)
	}
	take(rest)
	checkAgainstFFmpeg(t, path, pkts, pics, 320, 180, math.Inf(1))
	if reused < len(pics)/2 {
		t.Errorf("%d of %d pictures were decoded into given-back planes, want most", reused, len(pics))
	}
}
