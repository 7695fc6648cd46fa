package styles

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"testing"
)

func TestBuiltinLoads(t *testing.T) {
	t.Parallel()
	r, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Default(); d == nil || d.MachineName != DefaultName {
		t.Fatalf("default = %v, want vanilla", d)
	}
	if _, ok := r.Lookup("vanilla"); !ok {
		t.Fatal("vanilla not found")
	}
	if _, ok := r.Lookup("nope"); ok {
		t.Fatal("unknown style found")
	}
	list := r.List()
	want := []string{"vanilla", "cinematic", "memories", "bold", "minimal", "retro", "pulse"}
	var got []string
	for _, s := range list {
		got = append(got, s.MachineName)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("List = %v, want %v", got, want)
	}
	list[0] = nil // List returns a copy
	if r.List()[0] == nil {
		t.Fatal("List exposes the registry's slice")
	}
}

// look is what makes a style visibly different.
type look struct {
	Bg, Text              Color
	CaptionFont, TitleFnt string
	Transitions           string
	Grade                 Grade
	Letterbox, Grain      float64
	Framed                bool
	Fill                  FillMode
	CaptionAnim           Animation
}

func lookOf(s *Style) look {
	return look{s.Palette.Background, s.Palette.Text, s.Caption.Text.Font, s.TextSlide.Title.Font,
		fmt.Sprint(s.Transitions.Kinds), s.Overlays.Grade, s.Overlays.Letterbox, s.Overlays.Grain,
		s.Overlays.Frame != nil, s.Fill.Mode, s.Caption.Animation}
}

// TestStylesLookDistinct: the built-in styles (at least six) differ pairwise in several
// visible respects (not only in name), and together use every transition.
func TestStylesLookDistinct(t *testing.T) {
	t.Parallel()
	list := Builtin().List()
	if len(list) < 6 {
		t.Fatalf("%d styles, want >= 6", len(list))
	}
	for i := range list {
		for j := i + 1; j < len(list); j++ {
			a, b := lookOf(list[i]), lookOf(list[j])
			diff := 0
			va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
			for k := 0; k < va.NumField(); k++ {
				if va.Field(k).Interface() != vb.Field(k).Interface() {
					diff++
				}
			}
			if diff < 3 {
				t.Errorf("%s and %s differ in only %d visible respects", list[i].MachineName, list[j].MachineName, diff)
			}
		}
	}
	used := map[Transition]bool{}
	for _, s := range list {
		for _, k := range s.Transitions.Kinds {
			used[k] = true
		}
	}
	for _, k := range Transitions() {
		if !used[k] {
			t.Errorf("no built-in style uses transition %q", k)
		}
	}
	v, _ := Builtin().Lookup("vanilla")
	if !reflect.DeepEqual(v.Transitions.Kinds, []Transition{Crossfade}) || len(v.Motion.Moves) == 0 || v.Overlays != (Overlays{}) {
		t.Errorf("vanilla should be plain crossfades with gentle Ken Burns and no overlays: %+v %+v", v.Transitions, v.Overlays)
	}
}

// TestBuiltinFilesRoundTrip: every embedded JSON parses strictly, names
// only known fonts/transitions/moves, and survives a marshal round trip.
func TestBuiltinFilesRoundTrip(t *testing.T) {
	t.Parallel()
	entries, err := fs.ReadDir(builtinFiles, "builtin")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := builtinFiles.ReadFile("builtin/" + e.Name())
		s, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if s.MachineName+".json" != e.Name() {
			t.Errorf("%s: machine_name %q does not match file", e.Name(), s.MachineName)
		}
		if s.Music != (MusicFade{FadeIn: 1, FadeOut: 2}) && s.MachineName != "bold" {
			t.Errorf("%s: music fades %+v, want 1 s in / 2 s out", e.Name(), s.Music)
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Parse(out)
		if err != nil {
			t.Fatalf("%s: reparse: %v", e.Name(), err)
		}
		if !reflect.DeepEqual(s, s2) {
			t.Errorf("%s: round trip differs", e.Name())
		}
		for _, f := range []string{s.Caption.Text.Font, s.TextSlide.Title.Font, s.TextSlide.Text.Font, s.TitleCard.Text.Font, s.Credits.Role.Font, s.Credits.Name.Font} {
			if !IsFont(f) {
				t.Errorf("%s: font %q not embedded", e.Name(), f)
			}
		}
	}
}

func TestValidateRejects(t *testing.T) {
	t.Parallel()
	base, _ := Builtin().Lookup("vanilla")
	tests := []struct {
		field string
		mut   func(*Style)
	}{
		{"machine_name", func(s *Style) { s.MachineName = "Bad Name" }},
		{"caption.text.font", func(s *Style) { s.Caption.Text.Font = "" }},
		{"caption.text.font", func(s *Style) { s.Caption.Text.Font = "Comic\x00Sans" }},
		{"caption.text.weight", func(s *Style) { s.Caption.Text.Font, s.Caption.Text.Weight = "Lato", 1200 }},
		{"caption.text.weight", func(s *Style) { s.Caption.Text.Font, s.Caption.Text.Italic = FontLatoBlack, true }},
		{"caption.text.min_size", func(s *Style) { s.Caption.Text.MinSize = 1 }},
		{"transitions.kinds", func(s *Style) { s.Transitions.Kinds = nil }},
		{"transitions.kinds[0]", func(s *Style) { s.Transitions.Kinds = []Transition{"spin"} }},
		{"transitions.duration", func(s *Style) { s.Transitions.Duration = s.SlideDuration }},
		{"motion.moves[0].kind", func(s *Style) { s.Motion.Moves = []Motion{{Kind: "twirl"}} }},
		{"overlays.grade", func(s *Style) { s.Overlays.Grade = "teal" }},
		{"overlays.letterbox", func(s *Style) { s.Overlays.Letterbox = 1.2 }},
		{"fill.mode", func(s *Style) { s.Fill.Mode = "mirror" }},
		{"limits.slide.image", func(s *Style) { s.Limits.Slide.Image.Min, s.Limits.Slide.Image.Max = 5, 2 }},
		{"limits.slide.text.title_len", func(s *Style) { s.Limits.Slide.Text.TitleLen = 0 }},
		{"qualities[1]", func(s *Style) { s.Qualities = []int{360, 1440} }},
		{"slide_duration", func(s *Style) { s.SlideDuration = 0 }},
	}
	for _, tc := range tests {
		s := base.Clone()
		tc.mut(s)
		err := s.Validate()
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("%s: got %v", tc.field, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{``, `{`, `[]`, `{"machine_name":"x","bogus":1}`, `{"palette":{"background":"red"}}`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		}
	}
	b, _ := builtinFiles.ReadFile("builtin/vanilla.json")
	if _, err := Parse(append(b, []byte(" {}")...)); err == nil {
		t.Error("trailing data accepted")
	}
}

func TestCloneIsDeep(t *testing.T) {
	t.Parallel()
	m, _ := Builtin().Lookup("memories")
	c := m.Clone()
	c.Transitions.Kinds[0] = Wipe
	c.Motion.Moves[0].Amount = 0.4
	c.Qualities[0] = 720
	c.Overlays.Frame.Tilt = 9
	if m.Transitions.Kinds[0] == Wipe || m.Motion.Moves[0].Amount == 0.4 || m.Qualities[0] == 720 || m.Overlays.Frame.Tilt == 9 {
		t.Fatal("Clone shares data with the original")
	}
}

func TestRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    Range
		n    int
		want bool
	}{
		{Range{-1, -1}, 0, true}, {Range{-1, -1}, 1000, true},
		{Range{-1, 0}, 0, true}, {Range{-1, 0}, 1, false},
		{Range{2, 5}, 1, false}, {Range{2, 5}, 5, true}, {Range{2, 5}, 6, false},
	}
	for _, tc := range tests {
		if got := tc.r.Allows(tc.n); got != tc.want {
			t.Errorf("%+v.Allows(%d) = %v", tc.r, tc.n, got)
		}
	}
}

func TestPicovicoLimitsShape(t *testing.T) {
	t.Parallel()
	v, _ := Builtin().Lookup("vanilla")
	b, _ := json.Marshal(v.Limits)
	var m map[string]map[string]map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"text", "image", "music", "videoclip", "logo"} {
		if _, ok := m["slide"][k]["max"]; !ok {
			t.Errorf("limits.slide.%s.max missing in %s", k, b)
		}
	}
	if m["slide"]["image"]["caption_len"] <= 0 || m["slide"]["text"]["title_len"] <= 0 || m["slide"]["text"]["text_len"] <= 0 {
		t.Errorf("lengths missing: %s", b)
	}
}
