package de265

import (
	"fmt"
	"slices"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// TestReusedPlanesHoldTheNextPictures: pictures given back with Reuse (8
// and 10 bits) are decoded into again, and every picture still matches
// ffmpeg's decode bit for bit.
func TestReusedPlanesHoldTheNextPictures(t *testing.T) {
	l := loadOrSkip(t)
	needX265(t)
	for _, c := range []struct {
		pixFmt string
		depth  int
	}{{"yuv420p", 8}, {"yuv420p10le", 10}} {
		t.Run(c.pixFmt, func(t *testing.T) {
			path := cliptest.Make(t, "reuse.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-t", "0.7",
				"-pix_fmt", c.pixFmt, "-c:v", "libx265", "-preset", "veryfast", "-tag:v", "hvc1", "-x265-params", "log-level=error:bframes=3")
			config, pkts := cliptest.Packets(t, path)
			d, err := l.NewDecoder(config)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			var pics []Picture
			given := map[string]bool{}
			reused := 0
			take := func(ps []Picture) {
				for _, p := range ps {
					key := fmt.Sprintf("%p/%p", p.Y, p.Y16)
					if given[key] {
						reused++
					}
					given[key] = true
					c := p
					c.Y, c.Cb, c.Cr = slices.Clone(p.Y), slices.Clone(p.Cb), slices.Clone(p.Cr)
					c.Y16, c.Cb16, c.Cr16 = slices.Clone(p.Y16), slices.Clone(p.Cb16), slices.Clone(p.Cr16)
					pics = append(pics, c)
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
			checkBitExact(t, path, pkts, pics, 320, 180, c.depth)
			if reused < len(pics)/2 {
				t.Errorf("%d of %d pictures were decoded into given-back planes, want most", reused, len(pics))
			}
		})
	}
}
