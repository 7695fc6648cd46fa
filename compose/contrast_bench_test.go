package compose

import (
	"math"
	"testing"

	"github.com/reelkit/reel/styles"
)

// BenchmarkCaptionPlate: the plate search of one captioned 1080p slide
// (three sampled views of a 1920x216 caption band, every second pixel),
// over a bright photo so the alpha search runs its full course.
func BenchmarkCaptionPlate(b *testing.B) {
	views := make([][][3]uint8, 3)
	for v := range views {
		px := make([][3]uint8, 960*108)
		for i := range px {
			px[i] = [3]uint8{uint8(200 + (i+v)%56), uint8(190 + i%60), uint8(180 + (i*7)%70)}
		}
		views[v] = px
	}
	ts := styles.TextStyle{Colour: styles.Color{R: 255, G: 255, B: 255, A: 255}}
	b.ReportAllocs()
	for b.Loop() {
		captionPlate(ts, views)
	}
}

// TestMeanLumUnderMatchesRelLum: the table-driven mean is bit for bit the
// mean of relLum over the blended pixels, so plate decisions (and the
// frames) are what the per-pixel formula gave.
func TestMeanLumUnderMatchesRelLum(t *testing.T) {
	t.Parallel()
	for i := range 256 {
		if lin(uint8(i)) != linOf(uint8(i)) {
			t.Fatalf("lin(%d) = %v, want %v", i, lin(uint8(i)), linOf(uint8(i)))
		}
	}
	px := make([][3]uint8, 5000)
	for i := range px {
		px[i] = [3]uint8{uint8(i * 7), uint8(i * 13), uint8(i * 31)}
	}
	for _, pc := range []styles.Color{{A: 255}, {R: 255, G: 255, B: 255, A: 255}, {R: 30, G: 140, B: 220, A: 200}} {
		for _, a := range []float64{0, 0.05, 0.35, 0.6, 0.95} {
			want := 0.0
			for _, p := range px {
				m := func(v, q uint8) uint8 { return uint8(math.Round(float64(v)*(1-a) + float64(q)*a)) }
				want += 0.2126*linOf(m(p[0], pc.R)) + 0.7152*linOf(m(p[1], pc.G)) + 0.0722*linOf(m(p[2], pc.B))
			}
			want /= float64(len(px))
			if got := meanLumUnder(px, pc, a); got != want {
				t.Errorf("plate %v alpha %v: meanLumUnder = %v, want %v", pc, a, got, want)
			}
		}
	}
}
