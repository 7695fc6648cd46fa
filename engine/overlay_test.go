package engine

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reelkit/reel/styles"
)

// solid is a w x h image of one colour.
func solid(w, h int, c color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return m
}

// progressBar draws a white bar along the bottom 8 rows, as long as the
// part of the video already shown.
var progressBar = &Overlay{Draw: func(f Frame) {
	w := f.Width * (f.Index + 1) / f.Total
	f.FillRect(image.Rect(0, f.Height-8, w, f.Height), color.White, 1)
}}

// decodeRGB decodes frames of an MP4 to RGB with ffmpeg.
func decodeRGB(t *testing.T, path string, w, h int, frames []int) [][]byte {
	t.Helper()
	var sel string
	for i, f := range frames {
		if i > 0 {
			sel += "+"
		}
		sel += fmt.Sprintf("eq(n\\,%d)", f)
	}
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-vf", "select='"+sel+"'",
		"-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg: %v", err)
	}
	if len(out) != w*h*3*len(frames) {
		t.Fatalf("decoded %d bytes, want %d frames of %dx%d", len(out), len(frames), w, h)
	}
	var res [][]byte
	for i := range frames {
		res = append(res, out[i*w*h*3:(i+1)*w*h*3])
	}
	return res
}

func rgbNear(p []byte, c color.RGBA, tol int) bool {
	d := func(a byte, b uint8) bool { x := int(a) - int(b); return x <= tol && x >= -tol }
	return d(p[0], c.R) && d(p[1], c.G) && d(p[2], c.B)
}

// TestRenderLogoAndOverlay: a logo asset sits in its corner of every
// frame and a progress-bar overlay grows along the bottom, in the video
// (decoded by ffmpeg) and in RenderFrame's picture. A time-dependent
// overlay turns off frame repeats; a static one keeps them.
func TestRenderLogoAndOverlay(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	blue := color.RGBA{20, 40, 230, 255}
	p := quickProject()
	p.Assets = append(p.Assets, Asset{Kind: KindLogo, Image: solid(200, 100, blue),
		Data: AssetData{Corner: "top-left", Size: 0.25, Opacity: 1}})
	out := filepath.Join(t.TempDir(), "logo.mp4")
	res := render(t, p, Options{Output: ToFile(out), Overlay: progressBar})
	if res.Stats.Repeated != 0 {
		t.Errorf("%d frames repeated under a time-dependent overlay", res.Stats.Repeated)
	}
	const w, h = 640, 360
	// 640*0.25 = 160 x 80, at margin round(0.04*360) = 14.
	frames := []int{0, res.Frames / 2, res.Frames - 1}
	for k, px := range decodeRGB(t, out, w, h, frames) {
		at := func(x, y int) []byte { return px[(y*w+x)*3:] }
		if c := at(14+80, 14+40); !rgbNear(c, blue, 12) {
			t.Errorf("frame %d: logo centre %v, want %v", frames[k], c[:3], blue)
		}
		barEnd := w * (frames[k] + 1) / res.Frames
		if barEnd > 20 {
			if c := at(barEnd-10, h-4); !rgbNear(c, color.RGBA{255, 255, 255, 255}, 12) {
				t.Errorf("frame %d: progress bar at x=%d is %v, want white", frames[k], barEnd-10, c[:3])
			}
		}
	}
	fr, err := RenderFrame(context.Background(), p, testResolver(), Options{Styles: testStyles(t), Overlay: progressBar}, seconds(res.Duration))
	if err != nil {
		t.Fatal(err)
	}
	img := fr.Image
	if c := img.RGBAAt(14+80, 14+40); c.B < 200 || c.R > 40 {
		t.Errorf("RenderFrame: logo centre %v", c)
	}
	if c := img.RGBAAt(w-10, h-4); c.R < 245 || c.G < 245 || c.B < 245 {
		t.Errorf("RenderFrame: progress bar end %v, want white", c)
	}

	static := render(t, quickProject(), Options{Output: ToFile(filepath.Join(t.TempDir(), "wm.mp4")),
		Overlay: &Overlay{Static: true, Draw: func(f Frame) { f.FillRect(image.Rect(0, 0, 20, 20), color.White, 0.5) }}})
	if static.Stats.Repeated == 0 {
		t.Error("a static overlay turned frame repeats off")
	}
}

func TestValidateLogo(t *testing.T) {
	t.Parallel()
	logo := Asset{Kind: KindLogo, AssetID: "logo.png"}
	tests := []struct {
		name   string
		assets func(p *Project)
		strict bool
		index  int
		msg    string
	}{
		{"one logo", func(p *Project) { p.Assets = append(p.Assets, logo) }, false, -2, ""},
		{"two logos", func(p *Project) { p.Assets = append(p.Assets, logo, logo) }, false, -1, "2 logos"},
		{"style allows none", func(p *Project) { p.Assets = []Asset{p.Assets[0], logo} }, true, -1, "allows none"},
		{"bad corner", func(p *Project) {
			l := logo
			l.Data.Corner = "middle"
			p.Assets = append(p.Assets, l)
		}, false, 3, `corner "middle"`},
		{"no content", func(p *Project) { p.Assets = append(p.Assets, Asset{Kind: KindLogo}) }, false, 3, "neither asset_id nor url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProject()
			tt.assets(p)
			var o Options
			if tt.strict {
				v, _ := styles.Builtin().Lookup("vanilla")
				o.Style = v.Clone()
				o.Style.Limits.Slide.Logo = styles.Range{Min: -1, Max: 0}
			}
			_, err := Validate(context.Background(), p, nil, o)
			if tt.index == -2 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var se *StatusError
			if !errors.As(err, &se) || se.Code != CodeInsufficientAssets || !errors.Is(err, ErrInvalidProject) {
				t.Fatalf("got %v, want 7403", err)
			}
			var ae *AssetError
			if tt.index >= 0 && (!errors.As(err, &ae) || ae.Index != tt.index) {
				t.Errorf("%v: want asset %d named", err, tt.index)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%v: want %q", err, tt.msg)
			}
		})
	}
}
