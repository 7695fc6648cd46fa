package compose

import (
	"context"
	"image"
	"time"

	"github.com/reelkit/reel/styles"
)

// SlideKind says what a Slide shows.
type SlideKind int

// The kinds of slide.
const (
	PhotoSlide  SlideKind = iota // a photo (Ken Burns) with an optional caption
	TextSlide                    // a title and a subheading on the style's background
	TitleCard                    // the project's name at the start
	CreditsCard                  // rows of (role, name) at the end
	VideoSlide                   // a video clip (see ClipFrames) with an optional caption
)

// String names the kind.
func (k SlideKind) String() string {
	switch k {
	case PhotoSlide:
		return "photo"
	case TextSlide:
		return "text"
	case TitleCard:
		return "title"
	case CreditsCard:
		return "credits"
	case VideoSlide:
		return "video"
	}
	return "unknown"
}

// Slide is one slide of a video. A Renderer caches per-slide work (the
// photo canvas and text sprites) keyed by the *Slide pointer until Release,
// so a Slide must not be modified once rendered.
type Slide struct {
	Kind        SlideKind
	Photo       *Photo      // PhotoSlide
	Clip        ClipFrames  // VideoSlide
	Caption     string      // PhotoSlide, VideoSlide
	Title, Text string      // TextSlide (Title also used by TitleCard)
	Credits     [][2]string // CreditsCard: role, name
	// Duration is the time on screen in seconds, transitions included. It
	// paces the Ken Burns move, the rolling credits and the credit pages
	// (shown for Duration/pages each).
	Duration float64
	// Index is the slide's position in the video: it seeds the
	// deterministic choices (motion, transition, print tilt).
	Index int
	// Settled shows a text slide's title and text at full strength from
	// its first frame (no entrance animation). Set it for a text slide that
	// follows a card (title card or text slide): the transition between two
	// cards is then a dissolve of one card's text into the other's, with no
	// empty background between them (see CardDissolve).
	Settled bool
	// Transition is the transition into this slide, one of
	// styles.Transitions; empty picks the style's (cyclically by Index).
	// It also replaces the card-to-card dissolve into a text slide (see
	// CardDissolve). A Renderer's Options.Transition still wins over it.
	Transition styles.Transition
	// TextPosition places a PhotoSlide's or VideoSlide's caption in the
	// title-safe area (top, middle or bottom) instead of the style's
	// Caption.VAlign; empty keeps the style's. The caption keeps the
	// safe zones and the contrast plate; a framed print (Overlays.Frame)
	// carries its caption on its edge only at the style's own placement.
	TextPosition styles.VAlign
	// Beats are the music's beats while the slide shows, in seconds since
	// it began (ascending), when the style syncs to the beat (the engine
	// fills them); words of a styles.AnimWords text land on them. Nil
	// paces the words evenly.
	Beats []float64
}

// CardDissolve reports whether the transition from slide a to slide b is
// the card-to-card dissolve: a is a title card or a text slide, b a text
// slide. The two cards are mixed linearly, each with its text at full
// strength, whatever the style's transition kinds.
func CardDissolve(a, b SlideKind) bool {
	return (a == TitleCard || a == TextSlide) && b == TextSlide
}

// Shot is a slide at a moment: T seconds since the slide began.
type Shot struct {
	Slide *Slide
	T     float64
}

// Scene is what one frame shows: the current shot or, inside a transition
// window, the current and the next shot mixed by Mix (0..1). The
// transition kind is Next.Slide.Transition or else the style's, chosen
// by Next.Slide.Index.
type Scene struct {
	Current Shot
	Next    *Shot
	Mix     float64
}

// ClipFrames serves the pictures of a video slide's clip. FrameAt returns
// the picture shown t after the slide began (t >= 0, the slide's own
// clock: trims and timeline placement are the implementation's business),
// upright, 4:2:0, BT.709 limited range, at any size (the Renderer scales
// it). A Renderer asks for t = 0 once when it first draws the slide (to
// choose the framing and build the backdrop), then for the time of every
// frame it draws, from several goroutines at once and not necessarily in
// order. The picture must stay unchanged until the caller that asked for
// it has finished the frame; the Renderer never modifies it. The Renderer
// passes no deadline of its own: an implementation that blocks (on a
// decoder) must give up by itself when its work is cancelled.
type ClipFrames interface {
	FrameAt(ctx context.Context, t time.Duration) (*image.YCbCr, error)
}

// ClipFraming is implemented by a ClipFrames that can also show pictures
// from across the slide's played part, so that a clip that is cropped is
// framed for what it shows while it plays and not only for its first
// picture (a person who walks in later stays in the crop). FramingLuma
// returns the luma planes (the pictures' Y samples, BT.709 limited range,
// at the size FrameAt gives) of a few pictures after the first, in
// playing order; none (nil) means the first picture alone frames the
// slide. A Renderer asks for them once when it builds the slide, after
// FrameAt(0); it never modifies them, and the same planes must be
// returned on every call (every rendition frames the slide alike).
type ClipFraming interface {
	FramingLuma(ctx context.Context) ([]*image.Gray, error)
}
