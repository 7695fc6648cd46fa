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

// Vanilla at 30 fps: title 4.4 s (132), slides 4 s (120), crossfade 1 s
// (30), credits 4 s (120). start_time counts from the video's first frame.
func TestPlanTimingRules(t *testing.T) {
	t.Parallel()
	mus := Asset{Kind: KindMusic, AssetID: "m.mp3"}
	img := func(start, end float64) Asset {
		return Asset{Kind: KindImage, AssetID: "a.jpg", Start: seconds(start), End: seconds(end)}
	}
	tests := []struct {
		name   string
		assets []Asset
		credit bool
		want   []span
		frames int
	}{
		{"defaults", []Asset{img(0, 0), mus, img(0, 0)}, true,
			[]span{{TitleSlide, 0, 132}, {PhotoSlide, 102, 120}, {PhotoSlide, 192, 120}, {CreditsSlide, 282, 120}}, 402},
		{"no credits", []Asset{img(0, 0), mus}, false,
			[]span{{TitleSlide, 0, 132}, {PhotoSlide, 102, 120}}, 222},
		{"0-4 cannot start before the title: it starts as soon as it can", []Asset{img(0, 4), mus}, false,
			[]span{{TitleSlide, 0, 132}, {PhotoSlide, 102, 120}}, 222},
		{"explicit back to back", []Asset{img(4, 9), img(9, 14), mus}, false,
			// the title is held so slide 1 starts exactly at 4 s, slide 1
			// is held 1 s longer so slide 2 starts exactly at 9 s.
			[]span{{TitleSlide, 0, 150}, {PhotoSlide, 120, 180}, {PhotoSlide, 270, 150}}, 420},
		{"README diagram: 5-10, 10-15", []Asset{img(5, 10), img(10, 15), mus}, false,
			[]span{{TitleSlide, 0, 180}, {PhotoSlide, 150, 180}, {PhotoSlide, 300, 150}}, 450},
		{"gap holds the previous slide", []Asset{img(0, 0), img(10, 12), mus}, false,
			[]span{{TitleSlide, 0, 132}, {PhotoSlide, 102, 218}, {PhotoSlide, 300, 60}}, 360},
		{"overlap is pushed back", []Asset{img(0, 0), img(1, 3), mus}, false,
			[]span{{TitleSlide, 0, 132}, {PhotoSlide, 102, 120}, {PhotoSlide, 202, 60}}, 262},
		{"first slide delayed holds the title", []Asset{img(5, 7), mus}, false,
			[]span{{TitleSlide, 0, 170}, {PhotoSlide, 150, 60}}, 210},
		{"short slide shortens the window", []Asset{img(0, 0.3), img(0, 0), mus}, false,
			[]span{{TitleSlide, 0, 132}, {PhotoSlide, 129, 9}, {PhotoSlide, 135, 120}}, 255},
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
	t.Parallel()
	p := validProject()
	pl := planOf(t, p) // title [0,132) photo [102,222) text [192,312) credits [282,402)
	tests := []struct {
		f         int
		cur, next int
		t, nextT  float64
		mix       float64
	}{
		{0, 0, -1, 0, 0, 0},
		{101, 0, -1, 101.0 / 30, 0, 0},
		{102, 0, 1, 3.4, 0, 1.0 / 31},
		{131, 0, 1, 131.0 / 30, 29.0 / 30, 30.0 / 31},
		{132, 1, -1, 1, 0, 0},
		{401, 3, -1, 119.0 / 30, 0, 0},
	}
	for _, tt := range tests {
		s := pl.Scene(tt.f)
		if s.Current != tt.cur || s.Next != tt.next || !near(s.T, tt.t) || !near(s.NextT, tt.nextT) || !near(s.Mix, tt.mix) {
			t.Errorf("Scene(%d) = %+v, want cur %d next %d t %v nextT %v mix %v", tt.f, s, tt.cur, tt.next, tt.t, tt.nextT, tt.mix)
		}
	}
	if !near(pl.Duration(), 13.4) || pl.FrameAt(13.9) != 401 || pl.FrameAt(1.0) != 30 {
		t.Errorf("duration %v, FrameAt(13.9) %d, FrameAt(1) %d", pl.Duration(), pl.FrameAt(13.9), pl.FrameAt(1))
	}
	if len(pl.Music) != 1 || pl.Music[0].Start != 0 || pl.Music[0].End != 0 || pl.Music[0].AssetIndex != 2 {
		t.Errorf("music cues %+v", pl.Music)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
