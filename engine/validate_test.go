package engine

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/styles"
)

// validProject is a small project every validation case starts from.
func validProject() *Project {
	return &Project{
		Name: "Trip", Style: "vanilla", Quality: 360,
		Assets: []Asset{
			{Kind: KindImage, AssetID: "a.jpg", Data: AssetData{Caption: "hello"}},
			{Kind: KindText, Data: AssetData{Title: "Day one"}},
			{Kind: KindMusic, AssetID: "m.mp3"},
		},
		Credit: []Credit{{"Music", "Reel"}},
	}
}

// strictStyles is a registry whose "strict" style allows 1..2 images, no
// text slides, short captions.
func strictStyles(t *testing.T) *styles.Registry {
	t.Helper()
	v, _ := styles.Builtin().Lookup("vanilla")
	s := v.Clone()
	s.MachineName = "strict"
	s.Limits.Slide.Image = styles.ImageLimits{Min: 1, Max: 2, CaptionLen: 5}
	s.Limits.Slide.Text = styles.TextLimits{Min: -1, Max: 0, TitleLen: 3, TextLen: 3}
	r, err := styles.NewRegistry(v, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestValidateCodes(t *testing.T) {
	t.Parallel()
	img := Asset{Kind: KindImage, AssetID: "a.jpg"}
	mus := Asset{Kind: KindMusic, AssetID: "m.mp3"}
	missing := ResolverFunc(func(ctx context.Context, a Asset) (io.ReadCloser, error) {
		if a.AssetID == "gone.mp3" {
			return nil, fs.ErrNotExist
		}
		return io.NopCloser(strings.NewReader("")), nil
	})
	tests := []struct {
		name   string
		edit   func(p *Project)
		strict bool
		r      Resolver
		code   int
		msg    string
	}{
		{"ok", func(p *Project) {}, false, nil, 0, ""},
		{"no name", func(p *Project) { p.Name = "  " }, false, nil, CodeNoTitle, "no title"},
		{"no style", func(p *Project) { p.Style = "" }, false, nil, CodeStyleNotDefined, "has no style"},
		{"unknown style", func(p *Project) { p.Style = "glitter" }, false, nil, CodeStyleNotDefined, `"glitter" is not defined`},
		{"no slides", func(p *Project) { p.Assets = []Asset{mus} }, false, nil, CodeInsufficientAssets, "no slides"},
		{"unknown kind", func(p *Project) { p.Assets = append(p.Assets, Asset{Kind: "videoclip"}) }, false, nil, CodeInsufficientAssets, "videoclip"},
		{"image without id", func(p *Project) { p.Assets[0].AssetID = "" }, false, nil, CodeInsufficientAssets, "neither asset_id nor url"},
		{"empty text slide", func(p *Project) { p.Assets[1].Data = AssetData{} }, false, nil, CodeInsufficientAssets, "neither a title nor a text"},
		{"too many images", func(p *Project) { p.Assets = []Asset{img, img, img, mus} }, true, nil, CodeInsufficientAssets, "3 images"},
		{"text not allowed", func(p *Project) { p.Assets = []Asset{img, {Kind: KindText, Data: AssetData{Title: "x"}}, mus} }, true, nil, CodeInsufficientAssets, "allows none"},
		{"caption too long", func(p *Project) {
			p.Assets = []Asset{{Kind: KindImage, AssetID: "a", Data: AssetData{Text: "123456"}}, mus}
		}, true, nil, CodeInsufficientAssets, "caption"},
		{"too few images", func(p *Project) { p.Assets = []Asset{{Kind: KindText, Data: AssetData{Text: "x"}}, mus} }, true, nil, CodeInsufficientAssets, "0 images"},
		{"no music", func(p *Project) { p.Assets = p.Assets[:2] }, false, nil, CodeMusicNotDefined, "no music"},
		{"music without id", func(p *Project) { p.Assets[2].AssetID = "" }, false, nil, CodeMusicNotDefined, "neither asset_id nor url"},
		{"two tracks", func(p *Project) { p.Assets = append(p.Assets, mus) }, false, nil, CodeInsufficientAssets, "2 music tracks"},
		{"music does not resolve", func(p *Project) { p.Assets[2].AssetID = "gone.mp3" }, false, missing, CodeMusicNotDefined, `assets[2] (music "gone.mp3") cannot be used`},
		{"music resolves", func(p *Project) {}, false, missing, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProject()
			tt.edit(p)
			o := Options{RequireMusic: true}
			if tt.strict {
				o.Styles = strictStyles(t)
				p.Style = "strict"
			}
			plan, err := Validate(context.Background(), p, tt.r, o)
			if tt.code == 0 {
				if err != nil || plan == nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("want status %d, got %v", tt.code, err)
			}
			if !errors.Is(err, ErrInvalidProject) {
				t.Errorf("%v does not match ErrInvalidProject", err)
			}
			if se.Code != tt.code || !strings.Contains(se.Error(), tt.msg) {
				t.Fatalf("got %v; want code %d and %q", se, tt.code, tt.msg)
			}
		})
	}
}

// TestValidateMusicOptional: without Options.RequireMusic a project needs
// no music (the server sets it to keep Picovico's 7402).
func TestValidateMusicOptional(t *testing.T) {
	t.Parallel()
	p := validProject()
	p.Assets = p.Assets[:2]
	pl, err := Validate(context.Background(), p, nil, Options{})
	if err != nil || len(pl.Music) != 0 {
		t.Fatalf("no music, default options: %v %v", pl, err)
	}
	_, err = Validate(context.Background(), p, nil, Options{RequireMusic: true})
	if !errors.Is(err, &StatusError{Code: CodeMusicNotDefined}) {
		t.Fatalf("RequireMusic: %v", err)
	}
}

func TestValidateQuality(t *testing.T) {
	t.Parallel()
	p := validProject()
	p.Quality = 1080
	if pl, err := Validate(context.Background(), p, nil, Options{}); err != nil || pl.Size != (Size{1920, 1080}) {
		t.Fatalf("quality 1080: %v %v", pl, err)
	}
	p.Quality = 2160
	if _, err := Validate(context.Background(), p, nil, Options{}); err == nil {
		t.Fatal("quality 2160 accepted (not a standard quality; Options.Sizes makes 4K)")
	}
	p.Quality = 0
	pl, err := Validate(context.Background(), p, nil, Options{})
	if err != nil || pl.Quality != 360 {
		t.Fatalf("default quality: %v %v", pl, err)
	}
	pl, err = Validate(context.Background(), p, nil, Options{Renditions: []Quality{720, 360}})
	if err != nil || pl.Quality != 720 {
		t.Fatalf("explicit renditions: %v %v", pl, err)
	}
	pl, err = Validate(context.Background(), p, nil, Options{Preview: true})
	if err != nil || pl.Quality != 144 || pl.FrameRate != (Rational{Num: 10, Den: 1}) {
		t.Fatalf("preview: %+v %v", pl, err)
	}
}

// TestValidateStyleByValue: Options.Style is used whatever the project
// names (even nothing), and an invalid one is refused with 7401.
func TestValidateStyleByValue(t *testing.T) {
	t.Parallel()
	v, _ := styles.Builtin().Lookup("vanilla")
	mine := v.Clone()
	mine.MachineName = "mine"
	mine.SlideDuration = 7
	p := validProject()
	p.Style = ""
	pl, err := Validate(context.Background(), p, nil, Options{Style: mine})
	if err != nil || pl.Style != mine {
		t.Fatalf("style by value: %v", err)
	}
	bad := v.Clone()
	bad.SlideDuration = -1
	if _, err := Validate(context.Background(), p, nil, Options{Style: bad}); !errors.Is(err, &StatusError{Code: CodeStyleNotDefined}) {
		t.Fatalf("invalid style by value: %v", err)
	}
}

// TestMusicTrimStartReachesTheCue: a music asset's data.trim_start is the
// offset its cue starts the track at.
func TestMusicTrimStartReachesTheCue(t *testing.T) {
	t.Parallel()
	p := validProject()
	p.Assets[2].Data.TrimStart = 2500 * time.Millisecond
	pl, err := Validate(context.Background(), p, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.Music) != 1 || pl.Music[0].Offset != 2.5 {
		t.Fatalf("music cues %+v; want one with Offset 2.5", pl.Music)
	}
}
