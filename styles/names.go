package styles

// Transition names a transition between two slides. compose implements
// exactly these; a style lists the ones it uses in TransitionSet.Kinds.
type Transition string

// The transitions compose knows.
const (
	Crossfade   Transition = "crossfade"     // linear mix of the two frames
	PushLeft    Transition = "push-left"     // next slide pushes the current one out to the left
	PushRight   Transition = "push-right"    // ... to the right
	PushUp      Transition = "push-up"       // ... upwards
	PushDown    Transition = "push-down"     // ... downwards
	ZoomThrough Transition = "zoom-through"  // current zooms in and fades, next settles from slightly enlarged
	Wipe        Transition = "wipe"          // soft-edged vertical edge moving left to right reveals the next slide
	DipToColour Transition = "dip-to-colour" // fade to TransitionSet.DipColour, then up into the next slide
)

// Transitions lists every known transition in a fixed order.
func Transitions() []Transition {
	return []Transition{Crossfade, PushLeft, PushRight, PushUp, PushDown, ZoomThrough, Wipe, DipToColour}
}

// Known reports whether t is one of Transitions.
func (t Transition) Known() bool {
	for _, k := range Transitions() {
		if t == k {
			return true
		}
	}
	return false
}

// MotionKind names a Ken Burns move of a photo over its slide.
type MotionKind string

// The Ken Burns moves compose knows.
const (
	ZoomIn     MotionKind = "zoom-in"   // scale grows by Amount over the slide
	ZoomOut    MotionKind = "zoom-out"  // scale shrinks by Amount (starts enlarged)
	PanLeft    MotionKind = "pan-left"  // view travels left by Amount of the frame width
	PanRight   MotionKind = "pan-right" // view travels right
	PanUp      MotionKind = "pan-up"    // view travels up by Amount of the frame height
	PanDown    MotionKind = "pan-down"  // view travels down
	MotionNone MotionKind = "none"      // photo stays still
)

// MotionKinds lists every known Ken Burns move.
func MotionKinds() []MotionKind {
	return []MotionKind{ZoomIn, ZoomOut, PanLeft, PanRight, PanUp, PanDown, MotionNone}
}

// Known reports whether m is one of MotionKinds.
func (m MotionKind) Known() bool {
	for _, k := range MotionKinds() {
		if m == k {
			return true
		}
	}
	return false
}

// Grade names a colour grade applied to the whole frame.
type Grade string

// The colour grades compose knows.
const (
	GradeNone  Grade = ""      // no grade
	GradeWarm  Grade = "warm"  // lift reds/yellows, cool the shadows less
	GradeCool  Grade = "cool"  // push towards blue/teal
	GradeBW    Grade = "bw"    // luminance only (BT.709 weights)
	GradeSepia Grade = "sepia" // luminance tinted brown
)

// Known reports whether g is one of the grades above.
func (g Grade) Known() bool {
	switch g {
	case GradeNone, GradeWarm, GradeCool, GradeBW, GradeSepia:
		return true
	}
	return false
}

// FillMode says what fills the frame around a photo whose aspect ratio does
// not match the frame's (portrait or panoramic photos).
type FillMode string

// The photo fills compose knows.
const (
	FillBlur FillMode = "blur" // a blurred, dimmed copy of the photo covers the frame behind a contained fit
	FillBars FillMode = "bars" // plain PhotoFill.Colour bars around a contained fit
	FillCrop FillMode = "crop" // always cover (crop), never contain
)

// Known reports whether f is one of the fill modes above.
func (f FillMode) Known() bool { return f == FillBlur || f == FillBars || f == FillCrop }

// Align is horizontal text alignment.
type Align string

// Horizontal alignments.
const (
	AlignLeft   Align = "left"
	AlignCenter Align = "center"
	AlignRight  Align = "right"
)

// Known reports whether a is one of the alignments above.
func (a Align) Known() bool { return a == AlignLeft || a == AlignCenter || a == AlignRight }

// VAlign is vertical placement of a text block inside the title-safe area.
type VAlign string

// Vertical placements.
const (
	VAlignTop    VAlign = "top"
	VAlignMiddle VAlign = "middle"
	VAlignBottom VAlign = "bottom"
)

// Known reports whether v is one of the placements above.
func (v VAlign) Known() bool { return v == VAlignTop || v == VAlignMiddle || v == VAlignBottom }

// Animation names how a text element enters its slide.
type Animation string

// The text entrances compose knows.
const (
	AnimNone       Animation = "none"       // present from the first frame
	AnimFade       Animation = "fade"       // alpha 0 -> 1
	AnimSlideUp    Animation = "slide-up"   // rises a short distance while fading in
	AnimTypewriter Animation = "typewriter" // revealed left to right, line by line
	// AnimWords shows the text one word at a time in reading order, each
	// word popping in (a quick fade), as phone caption apps do: words are
	// UAX #14 segments of the shaped text (a CJK character, an emoji, a
	// word with its spaces), never part of a cluster. AnimDuration is the
	// time from one word to the next; when the slide has beats (beat sync,
	// see TransitionSet.BeatSync) the words land on them, on every beat
	// or on halves or quarters of beats, whichever is nearest that pace
	// while the whole text still shows in time.
	AnimWords Animation = "words"
)

// Known reports whether a is one of the animations above.
func (a Animation) Known() bool {
	return a == AnimNone || a == AnimFade || a == AnimSlideUp || a == AnimTypewriter || a == AnimWords
}

// CreditsMode says how a credits card that does not fit one screen is shown.
type CreditsMode string

// Credits presentations.
const (
	CreditsPaged   CreditsMode = "paged"   // pages of rows, each faded in and out
	CreditsRolling CreditsMode = "rolling" // one tall block scrolling upwards
)

// Known reports whether m is one of the modes above.
func (m CreditsMode) Known() bool { return m == CreditsPaged || m == CreditsRolling }
