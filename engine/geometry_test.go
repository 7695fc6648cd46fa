package engine

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestQualitySizeFor(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		q    Quality
		a    Aspect
		want Size
	}{
		{360, Aspect16x9, Size{640, 360}}, {480, Aspect16x9, Size{854, 480}},
		{720, Aspect16x9, Size{1280, 720}}, {1080, Aspect16x9, Size{1920, 1080}},
		{360, Aspect9x16, Size{360, 640}}, {480, Aspect9x16, Size{480, 854}},
		{720, Aspect9x16, Size{720, 1280}}, {1080, Aspect9x16, Size{1080, 1920}},
		{360, Aspect1x1, Size{360, 360}}, {1080, Aspect1x1, Size{1080, 1080}},
		{360, Aspect4x5, Size{360, 450}}, {480, Aspect4x5, Size{480, 600}},
		{720, Aspect4x5, Size{720, 900}}, {1080, Aspect4x5, Size{1080, 1350}},
		{144, Aspect{}, Size{256, 144}}, {720, Aspect{}, Size{1280, 720}},
	} {
		if got := c.q.SizeFor(c.a); got != c.want {
			t.Errorf("%d at %v: %v, want %v", c.q, c.a, got, c.want)
		}
		if got := c.want.Quality(); got != c.q {
			t.Errorf("%v: quality %d, want %d", c.want, got, c.q)
		}
	}
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Size{"1080x1920": {1080, 1920}, " 3840X2160 ": {3840, 2160}, "2160x3840": {2160, 3840}, "2x2": {2, 2}} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1080", "1080x", "x1920", "1081x1920", "1080x1921", "0x0", "-2x4", "3842x2160", "3840x2162", "2200x2200", "axb", "1e3x2"} {
		if s, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %v, want an error", in, s)
		}
	}
}

func TestAspectJSON(t *testing.T) {
	t.Parallel()
	for _, a := range Aspects() {
		got, err := ParseAspect(a.String())
		if err != nil || got != a {
			t.Errorf("ParseAspect(%q) = %v, %v", a, got, err)
		}
	}
	for _, bad := range []string{"3:2", "16:10", "16/9", "9:16:1", "x"} {
		if _, err := ParseAspect(bad); err == nil {
			t.Errorf("ParseAspect(%q) accepted", bad)
		}
	}
	p, err := DecodeProject(strings.NewReader(`{"name":"n","aspect":"9:16"}`))
	if err != nil || p.Aspect != Aspect9x16 {
		t.Fatalf("decode aspect: %+v %v", p, err)
	}
	if _, err := DecodeProject(strings.NewReader(`{"name":"n","aspect":"3:2"}`)); err == nil {
		t.Error("aspect 3:2 decoded")
	}
	// Unset, the field is not in the JSON: Picovico clients see no change.
	b, err := json.Marshal(&Project{Name: "n"})
	if err != nil || strings.Contains(string(b), "aspect") {
		t.Errorf("unset aspect marshals as %s (%v)", b, err)
	}
	b, _ = json.Marshal(&Project{Name: "n", Aspect: Aspect1x1})
	if !strings.Contains(string(b), `"aspect":"1:1"`) {
		t.Errorf("aspect 1:1 marshals as %s", b)
	}
}

func TestRenditionSizes(t *testing.T) {
	t.Parallel()
	st, _ := builtinStyles().Lookup("vanilla")
	sizes := func(p *Project, o Options) ([]Size, error) {
		rs, err := o.renditions(p, st)
		var out []Size
		for _, r := range rs {
			out = append(out, r.size)
		}
		return out, err
	}
	p := &Project{Quality: 1080, Aspect: Aspect9x16}
	got, err := sizes(p, Options{})
	if err != nil || len(got) != 4 || got[0] != (Size{360, 640}) || got[3] != (Size{1080, 1920}) {
		t.Errorf("9:16 project: %v %v", got, err)
	}
	got, err = sizes(p, Options{Aspect: Aspect1x1, Renditions: []Quality{720}})
	if err != nil || len(got) != 1 || got[0] != (Size{720, 720}) {
		t.Errorf("options aspect wins: %v %v", got, err)
	}
	got, err = sizes(p, Options{Sizes: []Size{{1080, 1350}, {2160, 3840}, {1080, 1350}}})
	if err != nil || len(got) != 2 || got[0] != (Size{1080, 1350}) || got[1] != (Size{2160, 3840}) {
		t.Errorf("explicit sizes: %v %v", got, err)
	}
	for _, o := range []Options{
		{Sizes: []Size{{1080, 1920}, {1920, 1080}}}, // same short side, two names
		{Sizes: []Size{{1081, 1920}}},
		{Sizes: []Size{{4096, 2160}}},
		{Renditions: []Quality{2160}},
		{Aspect: Aspect{1, 4}, Renditions: []Quality{1080}}, // 1080x4320
	} {
		if got, err := sizes(p, o); !errors.Is(err, ErrInvalidOptions) || errors.Is(err, ErrInvalidProject) || strings.Count(err.Error(), "engine:") > 1 {
			t.Errorf("%+v: %v, %v; want one ErrInvalidOptions", o, got, err)
		}
	}
	if got, err := sizes(&Project{Aspect: Aspect{3, 2}}, Options{}); !errors.Is(err, ErrInvalidProject) {
		t.Errorf("project aspect 3:2: %v, %v", got, err)
	}
}

// TestRenderAspects renders one project as 9:16 and 1:1 renditions in one
// pass: ffprobe sees the sizes, the thumbnails match, and decoded frames
// match compose's own frames at those sizes.
func TestRenderAspects(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	dir := t.TempDir()
	p := quickProject()
	o := Options{Output: ToFile(filepath.Join(dir, "out.mp4")), Sizes: []Size{{360, 640}, {240, 240}}}
	res := render(t, p, o)
	pl, err := Validate(context.Background(), p, nil, Options{Styles: testStyles(t), Sizes: o.Sizes})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size != (Size{360, 640}) || pl.Quality != 360 {
		t.Fatalf("plan size %v quality %d", pl.Size, pl.Quality)
	}
	want := []Size{{240, 240}, {360, 640}}
	if len(res.Renditions) != 2 {
		t.Fatalf("renditions %+v", res.Renditions)
	}
	frames := []int{10, pl.Slides[1].StartFrame + 25, pl.Slides[3].StartFrame + 20, pl.Frames - 3}
	for i, r := range res.Renditions {
		if r.Width != want[i].Width || r.Height != want[i].Height || r.Quality != want[i].Quality() ||
			r.Path != filepath.Join(dir, "out-"+strconv.Itoa(int(want[i].Quality()))+".mp4") {
			t.Fatalf("rendition %d: %+v, want %v", i, r, want[i])
		}
		for _, s := range ffprobe(t, r.Path) {
			if s.CodecType == "video" && (s.Width != want[i].Width || s.Height != want[i].Height) {
				t.Errorf("%s: ffprobe %dx%d, want %v", r.Path, s.Width, s.Height, want[i])
			}
		}
		checkThumbnail(t, r.Thumbnail, want[i].Width, want[i].Height)
		comparePSNR(t, r.Path, pl, want[i], frames)
	}
}
