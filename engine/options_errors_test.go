package engine

import (
	"context"
	"errors"
	"image"
	"io"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/encode"
)

// optionsMistakes are options a caller can get wrong, each on top of a
// valid Options for quickProject; render says whether only Render can tell
// (the outputs).
var optionsMistakes = []struct {
	name   string
	set    func(*Options)
	render bool
	encode bool // also wraps encode.ErrInvalidOptions
}{
	{name: "odd size", set: func(o *Options) { o.Sizes = []Size{{641, 360}} }},
	{name: "zero size", set: func(o *Options) { o.Sizes = []Size{{0, 360}} }},
	{name: "size too large", set: func(o *Options) { o.Sizes = []Size{{7680, 4320}} }},
	{name: "sizes share a short side", set: func(o *Options) { o.Sizes = []Size{{640, 360}, {360, 640}} }},
	{name: "unknown rendition", set: func(o *Options) { o.Renditions = []Quality{2160} }},
	{name: "negative aspect", set: func(o *Options) { o.Aspect = Aspect{-16, 9} }},
	{name: "aspect too long", set: func(o *Options) { o.Aspect, o.Renditions = Aspect{1, 4}, []Quality{1080} }},
	{name: "bad preset", set: func(o *Options) { o.Preset = "quick" }, encode: true},
	{name: "CRF too high", set: func(o *Options) { o.CRF = 52 }, encode: true},
	{name: "CRF negative", set: func(o *Options) { o.CRF = -3 }, encode: true},
	{name: "negative bitrate", set: func(o *Options) { o.Bitrate = -1 }, encode: true},
	{name: "negative threads", set: func(o *Options) { o.Threads = -2 }, encode: true},
	{name: "frame rate too high", set: func(o *Options) { o.FrameRate = Rational{Num: 1000, Den: 1} }, encode: true},
	{name: "writer with several renditions", set: func(o *Options) {
		o.Output, o.Renditions = ToWriter(io.Discard, Faststart), []Quality{360, 480}
	}},
	{name: "unknown x264 library", set: func(o *Options) { o.X264 = "fastest" }, encode: true},
	{name: "unknown verification", set: func(o *Options) { o.Verify = VerifyFull + 1 }},
	{name: "no output", set: func(o *Options) { o.Output = ToFile("") }, render: true},
	{name: "sink without path or writer", set: func(o *Options) {
		o.Output = ToSinks(func(Quality) Sink { return Sink{} })
	}, render: true},
	{name: "sink with two thumbnails", set: func(o *Options) {
		o.Output = ToSinks(func(Quality) Sink { return Sink{Writer: io.Discard, Thumbnail: "t.jpg", ThumbnailWriter: io.Discard} })
	}, render: true},
}

func checkOptionsError(t *testing.T, what string, err error, wantEncode bool) {
	t.Helper()
	if !errors.Is(err, ErrInvalidOptions) || errors.Is(err, ErrInvalidProject) {
		t.Errorf("%s: %v; want ErrInvalidOptions and not ErrInvalidProject", what, err)
	}
	if wantEncode && !errors.Is(err, encode.ErrInvalidOptions) {
		t.Errorf("%s: %v does not wrap encode.ErrInvalidOptions", what, err)
	}
	var se *StatusError
	if errors.As(err, &se) {
		t.Errorf("%s: %v is a *StatusError", what, err)
	}
}

// TestValidateOptionsMistakes: every mistake in Options fails Validate
// with ErrInvalidOptions, never ErrInvalidProject.
func TestValidateOptionsMistakes(t *testing.T) {
	t.Parallel()
	st := testStyles(t)
	if _, err := Validate(context.Background(), quickProject(), nil, Options{Styles: st, Output: ToFile("x.mp4")}); err != nil {
		t.Fatalf("valid options: %v", err)
	}
	for _, tc := range optionsMistakes {
		if tc.render {
			continue
		}
		o := Options{Styles: st, Output: ToFile("x.mp4")}
		tc.set(&o)
		_, err := Validate(context.Background(), quickProject(), nil, o)
		checkOptionsError(t, tc.name, err, tc.encode)
	}
}

// TestRenderOptionsMistakes: Render refuses every mistake in Options with
// ErrInvalidOptions and writes nothing; those Validate can see fail
// before any asset is opened.
func TestRenderOptionsMistakes(t *testing.T) {
	t.Parallel()
	st := testStyles(t)
	for _, tc := range optionsMistakes {
		dir := t.TempDir()
		o := Options{Styles: st, Output: ToFile(filepath.Join(dir, "x.mp4"))}
		tc.set(&o)
		cr := &countingResolver{Resolver: testResolver(), opens: map[string]int{}}
		_, err := Render(context.Background(), quickProject(), cr, o)
		checkOptionsError(t, tc.name, err, tc.encode)
		if n := len(listDir(t, dir)); n != 0 {
			t.Errorf("%s: wrote %v", tc.name, listDir(t, dir))
		}
		if !tc.render && len(cr.opens) != 0 {
			t.Errorf("%s: opened %v before refusing the options", tc.name, cr.opens)
		}
	}
}

// TestOptionsMistakeBeforeProject: with both a bad option and a bad
// project, the option is reported.
func TestOptionsMistakeBeforeProject(t *testing.T) {
	t.Parallel()
	p := quickProject()
	p.Name = ""
	_, err := Validate(context.Background(), p, nil, Options{Styles: testStyles(t), CRF: 60})
	checkOptionsError(t, "bad CRF, untitled project", err, true)
}

// goIdentifier matches what a user should not read in a limit's message:
// an Options field or a Go qualified name.
var goIdentifier = regexp.MustCompile(`Options\.|\bMax[A-Z]|\bLimit[A-Z]|engine\.`)

// TestLimitError: a project beyond a limit of Options is a *StatusError
// (7403, ErrInvalidProject) carrying a *LimitError with the limit's name,
// what the project asks for and the limit, in words without Go
// identifiers.
func TestLimitError(t *testing.T) {
	t.Parallel()
	st := testStyles(t)
	for _, tc := range []struct {
		o        Options
		limit    string
		max      int64
		message  string
		moreThan bool // Got > Max is checked instead of an exact Got
	}{
		{Options{MaxPhotos: 1}, LimitPhotos, 1, "the project has 2 photos; the limit is 1", false},
		{Options{MaxDuration: 2 * time.Second}, LimitDuration, int64(2 * time.Second), "; the limit is 0:02", true},
		{Options{MaxFrames: 10}, LimitFrames, 10, "; the limit is 10", true},
	} {
		tc.o.Styles = st
		_, err := Validate(context.Background(), quickProject(), nil, tc.o)
		var le *LimitError
		var se *StatusError
		if !errors.As(err, &le) || !errors.As(err, &se) {
			t.Fatalf("%s: %v; want a *LimitError in a *StatusError", tc.limit, err)
		}
		if se.Code != CodeInsufficientAssets || !errors.Is(err, ErrInvalidProject) || errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%s: %v: code %d; want 7403, ErrInvalidProject only", tc.limit, err, se.Code)
		}
		if !errors.Is(le, ErrInvalidProject) {
			t.Errorf("%s: the *LimitError alone does not match ErrInvalidProject", tc.limit)
		}
		if le.Limit != tc.limit || le.Max != tc.max || le.Got <= le.Max {
			t.Errorf("%s: %+v; want Max %d < Got", tc.limit, *le, tc.max)
		}
		msg := le.Error()
		if tc.moreThan {
			if !regexp.MustCompile(regexp.QuoteMeta(tc.message) + `$`).MatchString(msg) {
				t.Errorf("%s: message %q; want it to end with %q", tc.limit, msg, tc.message)
			}
		} else if msg != tc.message {
			t.Errorf("%s: message %q; want %q", tc.limit, msg, tc.message)
		}
		for _, s := range []string{msg, se.Message, err.Error()} {
			if goIdentifier.MatchString(s) {
				t.Errorf("%s: message %q names a Go identifier", tc.limit, s)
			}
		}
		if n := len(regexp.MustCompile(`the limit is`).FindAllString(err.Error(), -1)); n != 1 {
			t.Errorf("%s: %q says the limit %d times", tc.limit, err.Error(), n)
		}
	}
}

// TestPixelLimitError: a photo beyond MaxPhotoPixels is an *AssetError
// naming it that carries a *LimitError (and still compose.ErrTooLarge),
// from a file or from memory.
func TestPixelLimitError(t *testing.T) {
	t.Parallel()
	st := testStyles(t)
	mem := quickProject()
	mem.Assets[2] = Asset{Kind: KindImage, Image: image.NewRGBA(image.Rect(0, 0, 200, 100))}
	for _, tc := range []struct {
		name  string
		p     *Project
		index int
		got   int64 // 0: only Got > Max is checked
	}{
		{"file", quickProject(), 0, 0},
		{"in memory", mem, 2, 200 * 100},
	} {
		if tc.index != 0 {
			tc.p.Assets[0] = Asset{Kind: KindImage, Image: image.NewRGBA(image.Rect(0, 0, 10, 10))}
		}
		_, err := Validate(context.Background(), tc.p, testResolver(), Options{Styles: st, MaxPhotoPixels: 10_000, ProbeAssets: true})
		var le *LimitError
		var ae *AssetError
		if !errors.As(err, &le) || !errors.As(err, &ae) || !errors.Is(err, compose.ErrTooLarge) || !errors.Is(err, ErrInvalidProject) {
			t.Fatalf("%s: %v; want an *AssetError with a *LimitError, compose.ErrTooLarge", tc.name, err)
		}
		if ae.Index != tc.index || le.Limit != LimitPhotoPixels || le.Max != 10_000 || le.Got <= le.Max || (tc.got != 0 && le.Got != tc.got) {
			t.Errorf("%s: asset %d, %+v", tc.name, ae.Index, *le)
		}
		if want := "the limit is 10000"; !regexp.MustCompile(`^the image has \d+ pixels; `+want+`$`).MatchString(le.Error()) || goIdentifier.MatchString(err.Error()) {
			t.Errorf("%s: message %q (in %q)", tc.name, le.Error(), err.Error())
		}
	}
}
