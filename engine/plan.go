package engine

import (
	"math"
	"time"

	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/encode"
	"github.com/reelkit/reel/styles"
)

// SlideKind says what a planned slide shows. It is compose's type: a
// planned slide's kind is the kind compose draws, with the same values.
type SlideKind = compose.SlideKind

// The kinds of planned slides (compose's kinds under the engine's names).
const (
	TitleSlide   = compose.TitleCard   // the opening card with the project's name
	PhotoSlide   = compose.PhotoSlide  // an image asset with its caption
	TextSlide    = compose.TextSlide   // a text asset: title and subheading
	CreditsSlide = compose.CreditsCard // the closing credits card
	VideoSlide   = compose.VideoSlide  // a video asset: a clip with its caption
)

// Rational is a frame rate as a fraction (30000/1001 for NTSC 29.97): the
// same type as encode.Rational, so a plan's rate goes to the encoder as is.
type Rational = encode.Rational

// rateOr returns r, or def when r is not a positive fraction.
func rateOr(r, def Rational) Rational {
	if r.Num <= 0 || r.Den <= 0 {
		return def
	}
	return r
}

// Plan is a validated project laid out on the timeline: everything a render
// needs to know before it composes a frame. All positions are whole frames
// of FrameRate; seconds are derived from them.
type Plan struct {
	// Project is the validated project (not copied: do not modify it while
	// the plan is in use).
	Project *Project
	// Style is the project's style.
	Style *styles.Style
	// Quality is the effective quality (the largest rendition's name) and
	// Size that rendition's frame size.
	Quality Quality
	Size    Size
	// FrameRate is the output frame rate.
	FrameRate Rational
	// Slides are the title card, the photo and text slides in array order,
	// and the credits card (when the project has credits).
	Slides []PlannedSlide
	// Transitions are the windows where two neighbouring slides overlap:
	// Transitions[i] is between Slides[i] and Slides[i+1].
	Transitions []Window
	// Music are the music cues on the video timeline.
	Music []MusicCue
	// Frames is the total number of frames of the video.
	Frames int
	// Beats are the music's beats on the video timeline (seconds,
	// ascending) when the style syncs to the beat and they were found;
	// Render fills them with the cuts, and compose lands word-by-word
	// captions on them. Validate alone leaves them empty.
	Beats []float64
}

// PlannedSlide is one slide on the timeline.
type PlannedSlide struct {
	Kind SlideKind
	// Index is the slide's position in Plan.Slides (title card = 0); compose
	// seeds its deterministic choices (motion, transition) with it.
	Index int
	// Asset is the project asset shown (nil for the title and credits cards).
	Asset *Asset
	// AssetIndex is the asset's index in Project.Assets (-1 for cards).
	AssetIndex int
	// Clip is the part of the clip a video slide plays (nil for other
	// slides).
	Clip *ClipTiming
	// StartFrame is the first frame showing the slide (its incoming
	// transition included); Frames is how many frames it is on screen,
	// transitions included.
	StartFrame, Frames int
	// pinned: the slide's start comes from its asset's start_time, so
	// beat sync never moves it.
	pinned bool
}

// ClipTiming is the part of its clip a video slide plays.
type ClipTiming struct {
	// From and To are the played part in the clip's own time: data.trim_start
	// and data.trim_end, or the clip's end. To is 0 when the clip's length
	// is unknown (Validate without a Resolver for an asset not in memory).
	From, To time.Duration
	// Width and Height are the clip's display size (rotation applied),
	// Duration its whole length, Audio whether it has sound: 0 and false
	// when the clip was not read.
	Width, Height int
	Duration      time.Duration
	Audio         bool
}

// Length is how long the played part lasts (0 when unknown).
func (c *ClipTiming) Length() time.Duration {
	if c.To <= c.From {
		return 0
	}
	return c.To - c.From
}

// EndFrame is the frame after the slide's last one.
func (s PlannedSlide) EndFrame() int { return s.StartFrame + s.Frames }

// Window is a transition: frames [StartFrame, EndFrame) show both slides.
type Window struct {
	StartFrame, EndFrame int
}

// Len returns the window's length in frames.
func (w Window) Len() int { return w.EndFrame - w.StartFrame }

// MusicCue places one music asset on the video timeline.
type MusicCue struct {
	// Asset is the music asset; AssetIndex its index in Project.Assets.
	Asset      *Asset
	AssetIndex int
	// Start and End are seconds on the video timeline; End 0 means until
	// the video ends.
	Start, End float64
	// Offset is the time into the track where it starts playing, seconds
	// (the asset's data.trim_start; see audio.Cue.Offset).
	Offset float64
}

// Duration returns the video's length in seconds.
func (p *Plan) Duration() float64 { return p.Seconds(p.Frames) }

// Seconds converts a frame count or index to seconds.
func (p *Plan) Seconds(frames int) float64 {
	return float64(frames) * float64(p.FrameRate.Den) / float64(p.FrameRate.Num)
}

// FrameAt returns the index of the frame shown at t seconds, clamped to the
// video.
func (p *Plan) FrameAt(t float64) int {
	f := int(math.Floor(t*p.FrameRate.Float() + 1e-9))
	return max(0, min(f, p.Frames-1))
}

// toFrames rounds seconds to whole frames of r.
func toFrames(sec float64, r Rational) int {
	return int(math.Round(sec * float64(r.Num) / float64(r.Den)))
}

// SceneAt describes frame f: the slide on screen and, inside a transition
// window, the incoming slide and the progress through the window.
type SceneAt struct {
	Frame int
	// Current is the index in Plan.Slides of the slide on screen (the
	// outgoing one inside a transition); T is seconds since it began.
	Current int
	T       float64
	// Next is the incoming slide's index inside a transition, else -1;
	// NextT is seconds since it began.
	Next  int
	NextT float64
	// Mix is the progress through the transition, strictly between 0 and 1
	// (frame k of an n-frame window has Mix (k+1)/(n+1)).
	Mix float64
}

// Scene returns what frame f shows. It is O(log n) in the slide count.
func (p *Plan) Scene(f int) SceneAt {
	// The last slide starting at or before f.
	lo, hi := 0, len(p.Slides)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.Slides[mid].StartFrame <= f {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	i := lo
	s := SceneAt{Frame: f, Current: i, Next: -1, T: p.Seconds(f - p.Slides[i].StartFrame)}
	if i > 0 && f < p.Slides[i-1].EndFrame() {
		w := p.Transitions[i-1]
		s.Current, s.Next = i-1, i
		s.T = p.Seconds(f - p.Slides[i-1].StartFrame)
		s.NextT = p.Seconds(f - p.Slides[i].StartFrame)
		s.Mix = float64(f-w.StartFrame+1) / float64(w.Len()+1)
	}
	return s
}
