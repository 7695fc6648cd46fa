package engine

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/compose"
)

func TestStatusErrorAs(t *testing.T) {
	t.Parallel()
	cause := fs.ErrNotExist
	err := fmt.Errorf("render: %w", statusf(CodeMusicNotDefined, cause, "music %q does not resolve", "a.mp3"))
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 7402 {
		t.Fatalf("errors.As failed on %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, ErrInvalidProject) {
		t.Error("the cause or ErrInvalidProject is not reachable with errors.Is")
	}
	if !errors.Is(err, &StatusError{Code: 7402}) || errors.Is(err, &StatusError{Code: 7401}) {
		t.Error("errors.Is by code is wrong")
	}
	if got := se.Error(); got != `music "a.mp3" does not resolve (status 7402): file does not exist` {
		t.Errorf("Error() = %q", got)
	}
}

// TestErrorModel: every fault of the project matches ErrInvalidProject,
// and a fault of one asset names it by its 0-based index in
// Project.Assets; faults that are not the project's do not match (mistakes
// in Options: TestValidateOptionsMistakes).
func TestErrorModel(t *testing.T) {
	t.Parallel()
	photo, err := os.ReadFile(filepath.Join("..", "testdata", "photos", "02.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	// base: title, image 0, text 1, image 2, music 3, credits.
	tests := []struct {
		name   string
		edit   func(p *Project, o *Options)
		render bool // the fault shows only when rendering
		index  int  // asset index named (-1: none)
		code   int  // Picovico code (0: none)
		pcode  int  // Picovico code with ProbeAssets
		is     error
		msg    string
	}{
		{"missing photo", func(p *Project, o *Options) { p.Assets[2].AssetID = "photos/nope.jpg" }, true, 2, 0, 0, fs.ErrNotExist, `assets[2] (image "photos/nope.jpg"): open `},
		{"photo is not an image", func(p *Project, o *Options) { p.Assets[2].AssetID = "music/tone22k_mono_cbr.mp3" }, true, 2, 0, 0, compose.ErrNotImage, "not a supported image"},
		{"corrupt photo bytes", func(p *Project, o *Options) { p.Assets[0] = Asset{Kind: KindImage, Bytes: photo[:300]} }, true, 0, 0, 0, compose.ErrTruncated, "assets[0] (image, in memory)"},
		{"oversized photo", func(p *Project, o *Options) { o.MaxPhotoPixels = 10_000 }, true, 0, 0, 0, compose.ErrTooLarge, "pixels; the limit is 10000"},
		{"oversized in-memory image", func(p *Project, o *Options) {
			o.MaxPhotoPixels = 10_000
			p.Assets[2] = Asset{Kind: KindImage, Image: image.NewRGBA(image.Rect(0, 0, 200, 100))}
			p.Assets[0] = Asset{Kind: KindImage, Image: image.NewRGBA(image.Rect(0, 0, 10, 10))}
		}, true, 2, 0, 0, compose.ErrTooLarge, "assets[2] (image, in memory)"},
		{"missing music", func(p *Project, o *Options) { p.Assets[3].AssetID = "music/nope.mp3" }, false, 3, CodeMusicNotDefined, 0, fs.ErrNotExist, `assets[3] (music "music/nope.mp3") cannot be used`},
		{"music is not audio", func(p *Project, o *Options) { p.Assets[3].AssetID = "photos/02.jpg" }, true, 3, 0, 7402, audio.ErrNotAudio, "not an audio file"},
		{"music bytes not audio", func(p *Project, o *Options) { p.Assets[3] = Asset{Kind: KindMusic, Bytes: []byte("hello")} }, true, 3, 0, 7402, audio.ErrNotAudio, "assets[3] (music, in memory)"},
		{"music trim_start past the track's end", func(p *Project, o *Options) { p.Assets[3].Data.TrimStart = time.Hour }, true, 3, 7403, 7403, nil, "has trim_start 3600 at or past the end of its track"},
		{"negative music trim_start", func(p *Project, o *Options) { p.Assets[3].Data.TrimStart = -time.Second }, false, 3, 7403, 0, nil, "assets[3] (music \"music/chords48k_stereo_vbr.mp3\") has trim_start -1"},
		{"caption too long", func(p *Project, o *Options) { p.Assets[2].Data.Caption = strings.Repeat("x", 500) }, false, 2, CodeInsufficientAssets, 0, nil, "assets[2]"},
		{"unknown kind", func(p *Project, o *Options) { p.Assets[1].Kind = "videoclip" }, false, 1, CodeInsufficientAssets, 0, nil, `"videoclip"`},
		{"quality 1440", func(p *Project, o *Options) { p.Quality = 1440 }, false, -1, 0, 0, nil, "quality 1440"},
		{"too long", func(p *Project, o *Options) { p.Assets[0].End = 3600 * time.Second }, false, -1, CodeInsufficientAssets, 0, nil, "limit is 30:00"},
		{"too many photos", func(p *Project, o *Options) { o.MaxPhotos = 1 }, false, -1, CodeInsufficientAssets, 0, nil, "2 photos; the limit is 1"},
		{"too many frames", func(p *Project, o *Options) { o.MaxFrames = 10 }, false, -1, CodeInsufficientAssets, 0, nil, "limit is 10"},
	}
	for _, tt := range tests {
		for _, probe := range []bool{false, true} {
			if !tt.render && probe {
				continue
			}
			t.Run(fmt.Sprintf("%s/probe=%v", tt.name, probe), func(t *testing.T) {
				p := quickProject()
				dir := t.TempDir()
				o := Options{Styles: testStyles(t), Output: ToFile(filepath.Join(dir, "out.mp4")), ProbeAssets: probe}
				tt.edit(p, &o)
				var err error
				if probe {
					// ProbeAssets: the fault shows in Validate, before any frame.
					_, err = Validate(context.Background(), p, testResolver(), o)
				} else {
					_, err = Render(context.Background(), p, testResolver(), o)
				}
				if err == nil {
					t.Fatal("no error")
				}
				if !errors.Is(err, ErrInvalidProject) {
					t.Errorf("%v: does not match ErrInvalidProject", err)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("%v: does not match %v", err, tt.is)
				}
				var ae *AssetError
				switch {
				case tt.index < 0 && errors.As(err, &ae):
					t.Errorf("%v: names asset %d", err, ae.Index)
				case tt.index >= 0 && !errors.As(err, &ae):
					t.Errorf("%v: no *AssetError", err)
				case tt.index >= 0 && ae.Index != tt.index:
					t.Errorf("%v: names asset %d, want %d", err, ae.Index, tt.index)
				}
				var se *StatusError
				code := tt.code
				if probe && tt.pcode != 0 {
					code = tt.pcode
				}
				if got := errors.As(err, &se); got != (code != 0) || (got && se.Code != code) {
					t.Errorf("%v: status %v, want code %d", err, se, code)
				}
				msg := err.Error()
				if !strings.Contains(msg, tt.msg) {
					t.Errorf("message %q does not contain %q", msg, tt.msg)
				}
				if strings.Count(msg, "engine:") > 1 || strings.Contains(msg, "compose: compose:") {
					t.Errorf("message with doubled prefixes: %q", msg)
				}
				if names := listDir(t, dir); len(names) != 0 {
					t.Errorf("failed render left files: %v", names)
				}
			})
		}
	}
}

// TestInternalErrorsAreNotInvalidProject: an output directory that does
// not exist is not the project's fault, and its message names the
// directory, not an internal temporary file.
func TestInternalErrorsAreNotInvalidProject(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "no-such-dir")
	_, err := Render(context.Background(), quickProject(), testResolver(), Options{Styles: testStyles(t), Output: ToFile(filepath.Join(missing, "x.mp4"))})
	if err == nil || errors.Is(err, ErrInvalidProject) {
		t.Fatalf("err = %v, want an internal error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, missing) || strings.Contains(msg, ".x.mp4.") || strings.Contains(msg, ".h264") {
		t.Errorf("message %q: want the directory, no temporary names", msg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Validate(ctx, quickProject(), testResolver(), Options{Styles: testStyles(t), ProbeAssets: true})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrInvalidProject) {
		t.Errorf("cancelled Validate: %v", err)
	}
}

// TestLimitsDefaultAndRaised: a one-hour project is refused by default
// with a *LimitError naming the limit, and accepted when raised.
func TestLimitsDefaultAndRaised(t *testing.T) {
	t.Parallel()
	p := quickProject()
	p.Style = "vanilla"
	p.Assets[0].End = 3600 * time.Second
	_, err := Validate(context.Background(), p, nil, Options{})
	var se *StatusError
	var le *LimitError
	if !errors.As(err, &se) || se.Code != CodeInsufficientAssets || !errors.As(err, &le) || le.Limit != LimitDuration {
		t.Fatalf("1-hour project, default limits: %v", err)
	}
	pl, err := Validate(context.Background(), p, nil, Options{MaxDuration: 2 * time.Hour})
	if err != nil || pl.Duration() < 3600 {
		t.Fatalf("1-hour project, MaxDuration 2h: %v", err)
	}
	if _, err := Validate(context.Background(), p, nil, Options{MaxDuration: -1}); err != nil {
		t.Fatalf("no limit: %v", err)
	}
	many := &Project{Name: "Many", Style: "vanilla"}
	for range DefaultMaxPhotos + 1 {
		many.Assets = append(many.Assets, Asset{Kind: KindImage, AssetID: "a.jpg", Start: 0, End: 1 * time.Second})
	}
	if _, err := Validate(context.Background(), many, nil, Options{}); !errors.Is(err, &StatusError{Code: CodeInsufficientAssets}) || !errors.As(err, &le) || le.Limit != LimitPhotos {
		t.Fatalf("%d photos: %v", len(many.Assets), err)
	}
	if _, err := Validate(context.Background(), many, nil, Options{MaxPhotos: 1000}); err != nil {
		t.Fatalf("%d photos, MaxPhotos 1000: %v", len(many.Assets), err)
	}
}
