package text

import (
	"testing"
)

const benchCaption = "Sunset over the lake at Ohrid with the whole family — Ωμέγα, Привет!"

// BenchmarkCaptionLayout720 measures layout alone (wrap, shrink) of a
// two-line caption at 720p.
func BenchmarkCaptionLayout720(b *testing.B) {
	st := builtin(b).Default()
	s := Spec{Text: benchCaption, Style: st.Caption.Text, Scale: 720, MaxWidth: 1036, MaxHeight: 250}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Layout(s, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "layouts/s")
}

// BenchmarkCaption720 measures a whole caption (layout + raster with
// outline and shadow) as compose asks for it, once per slide.
func BenchmarkCaption720(b *testing.B) {
	benchCaptionAt(b, 1280, 720)
}

// BenchmarkCaption360 is the same at 640x360.
func BenchmarkCaption360(b *testing.B) {
	benchCaptionAt(b, 640, 360)
}

func benchCaptionAt(b *testing.B, w, h int) {
	for _, st := range builtin(b).List() {
		b.Run(st.MachineName, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Caption(st, w, h, benchCaption, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "captions/s")
		})
	}
}
