package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/styles"
)

// Validate checks o, then a project against its style and the Options'
// limits, and lays it out on the timeline. A mistake in o (every option but
// the outputs, which only Render needs) matches ErrInvalidOptions and is
// reported before any asset is opened; those that need no project (encoder
// settings, sizes, renditions, aspect) before the project is looked at.
// Every error it returns for
// the project's content matches ErrInvalidProject; those Picovico reports
// with a status code are *StatusError values:
//
//   - 7404: the project has no name (the title card needs one);
//   - 7401: style empty or not in o.Styles (or o.Style invalid);
//   - 7403: no image or text slide, an asset of an unknown kind, an image
//     without content (asset_id, url, Image or Bytes), a text slide
//     without title or text, counts and lengths outside the style's
//     limits, a data.transition or data.text_position that is not one
//     of the allowed values (or on an asset that has none), or a video
//     beyond o.MaxPhotos, o.MaxDuration or o.MaxFrames
//     (the error then carries a *LimitError too);
//   - 7402: with o.RequireMusic, no music asset; a music asset without
//     content, or (when r is not nil) one that r cannot open.
//
// A fault of one asset also carries an *AssetError naming it by its index
// in p.Assets. A project quality or aspect reel cannot make wraps
// ErrInvalidProject without a code. With o.Verify (or o.ProbeAssets), every
// photo's and track's header is read too (VerifyHeaders), or every photo,
// logo and track is decoded whole (VerifyFull), and a missing, corrupt or
// oversized photo fails as an *AssetError (a track as a 7402 *StatusError
// carrying one).
//
// Every video clip's headers are read (when r can open it or it is in
// memory): its length decides the timing. A clip that is not one reel
// reads, has no video, is beyond o.MaxClipDuration or 8192 pixels on a
// side, or whose decoder library is missing (a *clip.MissingDecoderError
// naming the Debian package) fails as an *AssetError; trims outside it
// fail with 7403. With o.Verify or o.ProbeAssets (and always in Render) the first and
// last pictures each clip plays are decoded too.
//
// r may be nil: asset resolution is then not checked (assets carried in
// memory still are, with o.ProbeAssets). A cancelled ctx gives ctx's error.
func Validate(ctx context.Context, p *Project, r Resolver, o Options) (*Plan, error) {
	return validate(ctx, p, r, o, checks{music: r, photos: r, decodeClips: o.verification() != VerifyNone})
}

// checks says what validate reads beyond the project and its clips'
// headers: music opens music tracks, photos probes photos with
// o.ProbeAssets (nil: not opened), decodeClips decodes the first and last
// pictures of every clip.
type checks struct {
	music, photos Resolver
	decodeClips   bool
}

// renderChecks are the checks of a render: every clip decoded at its
// ends before the first frame.
func renderChecks(r Resolver) checks { return checks{music: r, photos: r, decodeClips: true} }

func validate(ctx context.Context, p *Project, r Resolver, o Options, c checks) (*Plan, error) {
	if p == nil {
		return nil, errors.New("engine: nil project")
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(p.Name) == "" {
		return nil, statusf(CodeNoTitle, nil, "The video has no title: set a name")
	}
	st, err := o.style(p.Style)
	if err != nil {
		return nil, err
	}
	if err := CheckStyleFonts(st, o.fonts()); err != nil {
		return nil, err
	}
	if err := checkSlides(p, st, o); err != nil {
		return nil, err
	}
	rs, err := o.renditions(p, st)
	if err != nil {
		return nil, err
	}
	if err := o.checkWriter(len(rs)); err != nil {
		return nil, err
	}
	if err := checkMusic(ctx, p, st, c.music, o); err != nil {
		return nil, err
	}
	clips, err := clipTimings(ctx, p, r, o, c.decodeClips)
	if err != nil {
		return nil, err
	}
	pl := plan(p, st, rs[len(rs)-1], o.frameRate(), clips)
	if err := o.checkLength(pl); err != nil {
		return nil, err
	}
	switch o.verification() {
	case VerifyHeaders:
		if err := probeAssets(ctx, pl, c.photos, o); err != nil {
			return nil, err
		}
	case VerifyFull:
		if err := verifyFull(ctx, pl, c.photos, o); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

func (o Options) registry() *styles.Registry {
	if o.Styles != nil {
		return o.Styles
	}
	return builtinStyles()
}

func (o Options) style(name string) (*styles.Style, error) {
	if o.Style != nil {
		if err := o.Style.Validate(); err != nil {
			return nil, statusf(CodeStyleNotDefined, err, "The style given in Options is not valid")
		}
		return o.Style, nil
	}
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

// hasContent reports whether an asset names or carries its file.
func (a Asset) hasContent() bool { return a.AssetID != "" || a.URL != "" || a.inMemory() }

// assetStatus is a status error about asset i: the message starts with the
// asset's label and the error carries an *AssetError.
func assetStatus(code, i int, a Asset, cause error, format string, args ...any) *StatusError {
	return &StatusError{Code: code, Message: a.label(i) + " " + fmt.Sprintf(format, args...),
		Err: &AssetError{Index: i, Asset: a, Err: cause}}
}

func checkSlides(p *Project, st *styles.Style, o Options) error {
	lim := st.Limits.Slide
	var images, clips, texts int
	for i, a := range p.Assets {
		if err := checkSlideControls(i, a); err != nil {
			return err
		}
		switch a.Kind {
		case KindImage:
			images++
			if !a.hasContent() {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has neither asset_id nor url")
			}
			if n := utf8.RuneCountInString(a.Data.CaptionText()); lim.Image.CaptionLen >= 0 && n > lim.Image.CaptionLen {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has a caption of %d characters; style %q allows %d", n, st.MachineName, lim.Image.CaptionLen)
			}
		case KindText:
			texts++
			if strings.TrimSpace(a.Data.Title) == "" && strings.TrimSpace(a.Data.Text) == "" {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has neither a title nor a text")
			}
			if n := utf8.RuneCountInString(a.Data.Title); lim.Text.TitleLen >= 0 && n > lim.Text.TitleLen {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has a title of %d characters; style %q allows %d", n, st.MachineName, lim.Text.TitleLen)
			}
			if n := utf8.RuneCountInString(a.Data.Text); lim.Text.TextLen >= 0 && n > lim.Text.TextLen {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has a text of %d characters; style %q allows %d", n, st.MachineName, lim.Text.TextLen)
			}
		case KindVideo:
			clips++
			if !a.hasContent() {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has neither asset_id nor url")
			}
			if n := utf8.RuneCountInString(a.Data.CaptionText()); lim.Image.CaptionLen >= 0 && n > lim.Image.CaptionLen {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has a caption of %d characters; style %q allows %d", n, st.MachineName, lim.Image.CaptionLen)
			}
			if err := checkClipData(i, a); err != nil {
				return err
			}
		case KindLogo:
			if !a.hasContent() {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has neither asset_id nor url")
			}
			if err := checkLogo(i, a); err != nil {
				return err
			}
		case KindMusic:
			if d := a.Data.TrimStart; d < 0 || d > maxTimelineSeconds*time.Second {
				return assetStatus(CodeInsufficientAssets, i, a, nil, "has trim_start %v; want seconds from 0 (the time into the track where it starts)", secondsOf(d))
			}
		default:
			return assetStatus(CodeInsufficientAssets, i, a, nil, "is of kind %q; reel knows image, video, text, music and logo", a.Kind)
		}
	}
	if !lim.Videoclip.Allows(clips) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d video clips; style %q allows %s", clips, st.MachineName, describeRange(lim.Videoclip))
	}
	if images+clips+texts == 0 {
		return statusf(CodeInsufficientAssets, nil, "The video has no slides: add at least one image, video or text asset")
	}
	if !lim.Image.Range().Allows(images) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d images; style %q allows %s", images, st.MachineName, describeRange(lim.Image.Range()))
	}
	if !lim.Text.Range().Allows(texts) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d text slides; style %q allows %s", texts, st.MachineName, describeRange(lim.Text.Range()))
	}
	if err := logoLimit(p, st.MachineName, lim.Logo.Allows, describeRange(lim.Logo)); err != nil {
		return err
	}
	return o.checkPhotoCount(images)
}

func checkMusic(ctx context.Context, p *Project, st *styles.Style, r Resolver, o Options) error {
	var n int
	for _, a := range p.Assets {
		if a.Kind == KindMusic {
			n++
		}
	}
	if n == 0 {
		if o.RequireMusic {
			return statusf(CodeMusicNotDefined, nil, "The video has no music: add a music asset")
		}
		return nil
	}
	if rg := st.Limits.Slide.Music; !rg.Allows(n) {
		return statusf(CodeInsufficientAssets, nil, "The video has %d music tracks; style %q allows %s", n, st.MachineName, describeRange(rg))
	}
	for i, a := range p.Assets {
		if a.Kind != KindMusic {
			continue
		}
		if !a.hasContent() {
			return assetStatus(CodeMusicNotDefined, i, a, nil, "has neither asset_id nor url")
		}
		var err error
		switch {
		case o.verification() >= VerifyHeaders && (r != nil || a.inMemory()):
			var info audio.Info
			if info, err = probeMusic(ctx, r, i, a); err == nil && secondsOf(a.Data.TrimStart) >= info.Duration && a.Data.TrimStart > 0 {
				return trimOutside(i, a, info.Duration)
			}
		case r != nil && !a.inMemory():
			var rc interface{ Close() error }
			if rc, err = openAsset(ctx, r, i, a); err == nil {
				rc.Close()
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var ae *AssetError
			if !errors.As(err, &ae) {
				ae = &AssetError{Index: i, Asset: a, Err: err}
			}
			return &StatusError{Code: CodeMusicNotDefined, Message: a.label(i) + " cannot be used", Err: ae}
		}
	}
	return nil
}

// probeAssets reads the header of every photo and logo of the plan (music
// was probed by checkMusic).
func probeAssets(ctx context.Context, pl *Plan, r Resolver, o Options) error {
	w, h := pl.Size.Width, pl.Size.Height
	opts := photoDecodeOptions(w, h, o.MaxPhotoPixels)
	for i, a := range pl.Project.Assets {
		if (a.Kind != KindImage && a.Kind != KindLogo) || (r == nil && !a.inMemory()) {
			continue
		}
		if err := probePhoto(ctx, r, i, a, opts); err != nil {
			return err
		}
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
