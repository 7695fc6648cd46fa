package encode

import "testing"

// TestPictureStartsBlack: the C-allocated input planes start as black
// (Y 16, Cb/Cr 128), not as whatever malloc returned.
func TestPictureStartsBlack(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{64, 36}, {1280, 720}} {
		e, err := NewH264Encoder(VideoOptions{Width: size[0], Height: size[1], Preset: "ultrafast"})
		if err != nil {
			t.Fatal(err)
		}
		img := e.Picture()
		for _, p := range []struct {
			name  string
			plane []byte
			want  byte
		}{{"Y", img.Y, 16}, {"Cb", img.Cb, 128}, {"Cr", img.Cr, 128}} {
			for i, v := range p.plane {
				if v != p.want {
					t.Errorf("%dx%d: %s[%d] = %d, want %d", size[0], size[1], p.name, i, v, p.want)
					break
				}
			}
		}
		e.Close()
	}
}
