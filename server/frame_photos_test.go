package server

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"strconv"
	"testing"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/render"
)

// TestStudioFrameFromDecodedPhotos: a frame drawn from the cached decoded
// photos is the frame the engine draws from the original files, and the
// second frame of a slide decodes nothing.
func TestStudioFrameFromDecodedPhotos(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.addUser("ph", -1)
	p1 := c.putPhoto(readTestdata(t, "photos/01.jpg"))
	p2 := c.putPhoto(readTestdata(t, "photos/exif-rotated.jpg"))
	v := c.ok(c.form("POST", "/me/videos", "name", "Cache", "style", "vanilla",
		"assets", `[{"name":"image","asset_id":"`+p1+`","data":{"text":"one"}},{"name":"image","asset_id":"`+p2+`","data":{"text":"rotated"}}]`))
	vid := v["id"].(string)
	stored, err := e.store.Video(context.Background(), c.id, vid)
	if err != nil {
		t.Fatal(err)
	}
	pr := e.srv.previewProject(t.Context(), stored, engine.Quality360)
	pl, err := engine.Validate(context.Background(), pr, nil, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fr := e.srv.cfg.Renderer.(render.FrameRenderer)
	for _, si := range []int{1, 2} { // the two photo slides, mid-slide and in the transition
		sl := pl.Slides[si]
		for _, f := range []int{sl.StartFrame + sl.Frames/2, sl.EndFrame() - 3} {
			ts := pl.Seconds(f)
			want, err := fr.RenderFrame(context.Background(), pr, e.srv.assets.Resolver(c.id), ts)
			if err != nil {
				t.Fatal(err)
			}
			r := c.do("GET", "/me/videos/"+vid+"/frame.jpg?t="+fmtFloat(ts), nil, nil)
			got := decodeFrame(t, r)
			var buf bytes.Buffer
			jpeg.Encode(&buf, want, &jpeg.Options{Quality: frameJPEGQuality})
			wantImg, _ := jpeg.Decode(&buf)
			d := meanAbsDiff(got, wantImg)
			t.Logf("slide %d frame %d: mean abs diff %.4f", si, f, d)
			if d > 0.5 {
				t.Errorf("slide %d frame %d: mean |diff| %.3f against the engine's own decode", si, f, d)
			}
		}
	}
	if n := e.srv.photos.ll.Len(); n != 2 {
		t.Errorf("%d photos cached, want 2", n)
	}
}

func meanAbsDiff(a, b image.Image) float64 {
	if a.Bounds() != b.Bounds() {
		return 255
	}
	var sum, n float64
	bd := a.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				if d < 0 {
					d = -d
				}
				sum += float64(d)
				n++
			}
		}
	}
	return sum / n
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }
