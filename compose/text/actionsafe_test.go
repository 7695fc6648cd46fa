package text

import (
	"image"
	"testing"

	"github.com/reelkit/reel/styles"
)

// TestCaptionsInActionSafe: in every built-in style, at 16:9 and 9:16,
// every visible pixel of a caption (box, shadow and outline included)
// lies inside the 90 % action-safe area (5 % in from every edge).
func TestCaptionsInActionSafe(t *testing.T) {
	t.Parallel()
	for _, st := range styles.Builtin().List() {
		for _, sz := range [][2]int{{1280, 720}, {720, 1280}, {640, 360}} {
			w, h := sz[0], sz[1]
			for _, c := range []string{"Dune grass above the sea", "A much longer caption that has to wrap onto a second line at least, maybe a third"} {
				p, err := Caption(st, w, h, c, nil)
				if err != nil {
					t.Fatal(err)
				}
				if p.Image == nil {
					t.Fatalf("%s: empty caption", st.MachineName)
				}
				vis := image.Rectangle{}
				m := p.Image
				for y := 0; y < m.Bounds().Dy(); y++ {
					for x := 0; x < m.Bounds().Dx(); x++ {
						if m.Pix[m.PixOffset(x, y)+3] > 8 {
							vis = vis.Union(image.Rect(x, y, x+1, y+1))
						}
					}
				}
				vis = vis.Add(p.At)
				safe := image.Rect(w*5/100, h*5/100, w-w*5/100, h-h*5/100)
				if !vis.In(safe) {
					t.Errorf("%s %dx%d: caption %v outside action-safe %v", st.MachineName, w, h, vis, safe)
				}
			}
		}
	}
}
