package engine

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/reelkit/reel/styles"
)

// Validate checks a project against its style and lays it out on the
// timeline. It returns a *StatusError for what Picovico reports with a
// status code:
//
//   - 7404: the project has no name (the title card needs one);
//   - 7401: style empty or not in o.Styles;
//   - 7403: no image or text slide, an asset of an unknown kind, an image
//     without asset_id or url, a text slide without title or text, or counts
//     and lengths outside the style's limits;
//   - 7402: no music asset, or (when r is not nil) one that r cannot open.
//
// Other errors (a quality reel cannot make, a cancelled context) are plain.
// r may be nil: asset resolution is then not checked.
func Validate(ctx context.Context, p *Project, r Resolver, o Options) (*Plan, error) {
	if p == nil {
		return nil, fmt.Errorf("engine: nil project")
	}
	if strings.TrimSpace(p.Name) == "" {
		return nil, statusf(CodeNoTitle, nil, "The video has no title: set a name")
	}
	st, err := o.style(p.Style)
	if err != nil {
		return nil, err
	}
	if err := checkSlides(p, st); err != nil {
		return nil, err
	}
	if err := checkMusic(ctx, p, st, r); err != nil {
		return nil, err
	}
	q, err := o.quality(p, st)
	if err != nil {
		return nil, err
	}
	return plan(p, st, q, o.frameRate()), nil
}

func (o Options) registry() *styles.Registry {
	if o.Styles != nil {
		return o.Styles
	}
	return builtinStyles()
}

func (o Options) style(name string) (*styles.Style, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, statusf(CodeStyleNotDefined, nil, "The video has no style: choose one (for example %q)", styles.DefaultName)
	}
	st, ok := o.registry().Lookup(name)
	if !ok {
		var names []string
		for _, s := range o.registry().List() {
			names = append(names, s.MachineName)
		}
		return nil, statusf(CodeStyleNotDefined, nil, "Style %q is not defined (known styles: %s)", name, strings.Join(names, ", "))
	}
	return st, nil
}

func checkSlides(p *Project, st *styles.Style) error {
	lim := st.Limits.Slide
	var images, texts int
	for i, a := range p.Assets {
		switch a.Name {
		case KindImage:
			images++
			if a.AssetID == "" && a.URL == "" {
				return statusf(CodeInsufficientAssets, nil, "Image asset %d has neither asset_id nor url", i+1)
			}
			if n := utf8.RuneCountInString(a.Data.CaptionText()); lim.Image.CaptionLen >= 0 && n > lim.Image.CaptionLen {
				return statusf(CodeInsufficientAssets, nil, "The caption of image asset %d has %d characters; style %q allows %d", i+1, n, st.MachineName, lim.Image.CaptionLen)
			}
		case KindText:
			texts++
			if strings.TrimSpace(a.Data.Title) == "" && strings.TrimSpace(a.Data.Text) == "" {
				return statusf(CodeInsufficientAssets, nil, "Text asset %d has neither a title nor a text", i+1)
			}
			if n := utf8.RuneCountInString(a.Data.Title); lim.Text.TitleLen >= 0 && n > lim.Text.TitleLen {
				return statusf(CodeInsufficientAssets, nil, "The title of text asset %d has %d characters; style %q allows %d", i+1, n, st.MachineName, lim.Text.TitleLen)
			}
			if n := utf8.RuneCountInString(a.Data.Text); lim.Text.TextLen >= 0 && n > lim.Text.TextLen {
				return statusf(CodeInsufficientAssets, nil, "The text of text asset %d has %d characters; style %q allows %d", i+1, n, st.MachineName, lim.Text.TextLen)
			}
		case KindMusic:
		default:
			return statusf(CodeInsufficientAssets, nil, "Asset %d is of kind %q; reel knows image, text and music", i+1, a.Name)
		}
	}
	if images+texts == 0 {
		return statusf(CodeInsufficientAssets, nil, "The video has no slides: add at least one image or text asset")
	}
	if !lim.Image.Range().Allows(images) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d images; style %q allows %s", images, st.MachineName, describeRange(lim.Image.Range()))
	}
	if !lim.Text.Range().Allows(texts) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d text slides; style %q allows %s", texts, st.MachineName, describeRange(lim.Text.Range()))
	}
	return nil
}

func checkMusic(ctx context.Context, p *Project, st *styles.Style, r Resolver) error {
	music := p.Music()
	if len(music) == 0 {
		return statusf(CodeMusicNotDefined, nil, "The video has no music: add a music asset")
	}
	if rg := st.Limits.Slide.Music; !rg.Allows(len(music)) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d music tracks; style %q allows %s", len(music), st.MachineName, describeRange(rg))
	}
	for i, a := range music {
		if a.AssetID == "" && a.URL == "" {
			return statusf(CodeMusicNotDefined, nil, "Music track %d has neither asset_id nor url", i+1)
		}
		if r == nil {
			continue
		}
		rc, err := r.Open(ctx, a)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return statusf(CodeMusicNotDefined, err, "Music %q cannot be found", a.ref())
		}
		rc.Close()
	}
	return nil
}

func describeRange(r styles.Range) string {
	switch {
	case r.Max == 0:
		return "none"
	case r.Max < 0 && r.Min > 0:
		return fmt.Sprintf("at least %d", r.Min)
	case r.Max < 0:
		return "any number"
	case r.Min > 0:
		return fmt.Sprintf("%d to %d", r.Min, r.Max)
	}
	return fmt.Sprintf("at most %d", r.Max)
}

// ref names an asset in messages.
func (a Asset) ref() string {
	if a.AssetID != "" {
		return a.AssetID
	}
	return a.URL
}
