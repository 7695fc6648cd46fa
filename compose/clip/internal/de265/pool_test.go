package de265

import (
	"fmt"
	"testing"

	"github.com/reelkit/reel/compose/clip/internal/cliptest"
)

// TestPooledPicturesDecodeExactlyAndAreAllGivenBack: a stream without
// SAO (x265 ultrafast) decodes into the package's mapped picture blocks,
// bit-exact against ffmpeg at 8 and 10 bits with a cropped odd size; the
// pool holds no more pictures than the stream's picture buffer
// (sps_max_dec_pic_buffering 5) plus the one libde265 allocates before it
// drops the oldest, and every block is given back when the decoder is
// closed. A stream with SAO is decoded into libde265's own pictures.
func TestPooledPicturesDecodeExactlyAndAreAllGivenBack(t *testing.T) {
	l := loadOrSkip(t)
	needX265(t)
	const w, h = 330, 186 // coded as 336x192, cropped by the conformance window
	for _, c := range []struct {
		pixFmt string
		depth  int
		sao    int
	}{{"yuv420p", 8, 0}, {"yuv420p10le", 10, 0}, {"yuv420p", 8, 1}} {
		t.Run(fmt.Sprintf("%s-sao%d", c.pixFmt, c.sao), func(t *testing.T) {
			path := cliptest.Make(t, "pool.mp4", "-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=30", w, h), "-t", "1",
				"-pix_fmt", c.pixFmt, "-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1",
				"-x265-params", fmt.Sprintf("log-level=error:bframes=3:keyint=12:sao=%d", c.sao))
			config, pkts := cliptest.Packets(t, path)
			d, err := l.NewDecoder(config)
			if err != nil {
				t.Fatal(err)
			}
			var pics []Picture
			for _, p := range pkts {
				got, err := d.Decode(p.Data, p.PTS)
				if err != nil {
					t.Fatal(err)
				}
				pics = append(pics, got...)
			}
			rest, err := d.Flush()
			if err != nil {
				t.Fatal(err)
			}
			pics = append(pics, rest...)
			open := d.pictureMemory()
			d.Close()
			closed := d.pictureMemory()
			checkBitExact(t, path, pkts, pics, w, h, c.depth)
			t.Logf("pool: %+v", open)
			if c.sao == 1 {
				if open.Peak != 0 {
					t.Errorf("a stream with SAO allocated %d pooled pictures, want none (libde265 allocates them)", open.Peak)
				}
				return
			}
			bps := (c.depth + 7) / 8
			minBlock := int64((336*192 + 2*168*96) * bps)
			if open.Peak < 3 || open.Peak > 6 || open.PeakBytes < int64(open.Peak)*minBlock || open.Maps > open.Peak+1 {
				t.Errorf("pool counted %+v, want 3..6 pictures of at least %d bytes, mapped once each", open, minBlock)
			}
			if closed.Live != 0 || closed.LiveBytes != 0 {
				t.Errorf("after Close the pool still counts %+v", closed)
			}
		})
	}
}
