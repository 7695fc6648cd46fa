package engine

import (
	"context"
	"reflect"
	"testing"
)

type span struct {
	kind          SlideKind
	start, frames int
}

func planOf(t *testing.T, p *Project) *Plan {
	t.Helper()
	pl, err := Validate(context.Background(), p, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// Vanilla at 30 fps: title 3 s (90), slides 4 s (120), crossfade 1 s (30),
// credits 4 s (120).
func TestPlanTimingRules(t *testing.T) {
	mus := Asset{Name: KindMusic, AssetID: "m.mp3"}
	img := func(start, end float64) Asset {
		return Asset{Name: KindImage, AssetID: "a.jpg", StartTime: start, EndTime: end}
	}
	tests := []struct {
		name   string
		assets []Asset
		credit bool
		want   []span
		frames int
	}{
		{"defaults", []Asset{img(0, 0), mus, img(0, 0)}, true,
			[]span{{TitleSlide, 0, 90}, {PhotoSlide, 60, 120}, {PhotoSlide, 150, 120}, {CreditsSlide, 240, 120}}, 360},
		{"no credits", []Asset{img(0, 0), mus}, false,
			[]span{{TitleSlide, 0, 90}, {PhotoSlide, 60, 120}}, 180},
		{"explicit back to back", []Asset{img(0, 5), img(5, 10), mus}, false,
			// slide 1 is held 1 s longer so slide 2 starts exactly at 5 s.
			[]span{{TitleSlide, 0, 90}, {PhotoSlide, 60, 180}, {PhotoSlide, 210, 150}}, 360},
		{"gap holds the previous slide", []Asset{img(0, 0), img(10, 12), mus}, false,
			[]span{{TitleSlide, 0, 90}, {PhotoSlide, 60, 320}, {PhotoSlide, 360, 60}}, 420},
		{"overlap is pushed back", []Asset{img(0, 0), img(1, 3), mus}, false,
			[]span{{TitleSlide, 0, 90}, {PhotoSlide, 60, 120}, {PhotoSlide, 160, 60}}, 220},
		{"first slide delayed holds the title", []Asset{img(2, 4), mus}, false,
			[]span{{TitleSlide, 0, 150}, {PhotoSlide, 130, 60}}, 190},
		{"short slide shortens the window", []Asset{img(0, 0.3), img(0, 0), mus}, false,
			[]span{{TitleSlide, 0, 90}, {PhotoSlide, 87, 9}, {PhotoSlide, 93, 120}}, 213},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Project{Name: "x", Style: "vanilla", Assets: tt.assets}
			if tt.credit {
				p.Credit = []Credit{{"Music", "Reel"}}
			}
			pl := planOf(t, p)
			var got []span
			for _, s := range pl.Slides {
				got = append(got, span{s.Kind, s.StartFrame, s.Frames})
			}
			if !reflect.DeepEqual(got, tt.want) || pl.Frames != tt.frames {
				t.Fatalf("got %v (%d frames), want %v (%d)", got, pl.Frames, tt.want, tt.frames)
			}
			for i, w := range pl.Transitions {
				if w.StartFrame != pl.Slides[i+1].StartFrame || w.EndFrame != pl.Slides[i].EndFrame() || w.Len() <= 0 {
					t.Errorf("window %d = %+v", i, w)
				}
			}
		})
	}
}

func TestPlanScene(t *testing.T) {
	p := validProject()
	pl := planOf(t, p) // title [0,90) photo [60,180) text [150,270) credits [240,360)
	tests := []struct {
		f         int
		cur, next int
		t, nextT  float64
		mix       float64
	}{
		{0, 0, -1, 0, 0, 0},
		{59, 0, -1, 59.0 / 30, 0, 0},
		{60, 0, 1, 2, 0, 1.0 / 31},
		{89, 0, 1, 89.0 / 30, 29.0 / 30, 30.0 / 31},
		{90, 1, -1, 1, 0, 0},
		{359, 3, -1, 119.0 / 30, 0, 0},
	}
	for _, tt := range tests {
		s := pl.Scene(tt.f)
		if s.Current != tt.cur || s.Next != tt.next || !near(s.T, tt.t) || !near(s.NextT, tt.nextT) || !near(s.Mix, tt.mix) {
			t.Errorf("Scene(%d) = %+v, want cur %d next %d t %v nextT %v mix %v", tt.f, s, tt.cur, tt.next, tt.t, tt.nextT, tt.mix)
		}
	}
	if pl.Duration() != 12 || pl.FrameAt(12.5) != 359 || pl.FrameAt(1.0) != 30 {
		t.Errorf("duration %v, FrameAt(12.5) %d, FrameAt(1) %d", pl.Duration(), pl.FrameAt(12.5), pl.FrameAt(1))
	}
	if len(pl.Music) != 1 || pl.Music[0].Start != 0 || pl.Music[0].End != 0 || pl.Music[0].AssetIndex != 2 {
		t.Errorf("music cues %+v", pl.Music)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
