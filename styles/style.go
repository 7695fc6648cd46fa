package styles

// Style is one style template. It is plain data: every field has a JSON tag
// and the built-in styles are JSON files. Lengths are fractions of the
// frame's short side (see Unit) unless a field says otherwise; durations
// are seconds.
type Style struct {
	// MachineName is the stable identifier used by the API ("vanilla").
	MachineName string `json:"machine_name"`
	// Name is the human-readable name ("Vanilla").
	Name string `json:"name"`
	// Description is one or two sentences for a style picker.
	Description string `json:"description"`
	// Category groups styles in a picker ("classic", "cinematic", ...).
	Category string `json:"category"`
	// Order sorts styles in a listing (ascending; vanilla is 0).
	Order int `json:"order"`
	// Thumbnail and SampleURL are URLs filled in by the server on the copy
	// it serves (see Clone); the built-in data leaves them empty.
	Thumbnail string `json:"thumbnail,omitempty"`
	SampleURL string `json:"sample_url,omitempty"`

	// Palette holds the style's colours.
	Palette Palette `json:"palette"`
	// SafeMargin is the title-safe inset kept clear of text on every side,
	// as a fraction of the frame's width (left/right) and height
	// (top/bottom). 0.05 is the usual modern title-safe area. SafeInsets
	// applies it (with its portrait and letterbox rules).
	SafeMargin float64 `json:"safe_margin"`
	// PhoneSafe are the zones of a tall portrait frame (9:16) kept clear
	// of text for the phone platforms' UI; zero fields mean the defaults
	// (top 12 %, bottom 20 %, right 15 %; see SafeZones).
	PhoneSafe SafeZones `json:"phone_safe,omitempty"`
	// Caption lays out the caption of a photo slide.
	Caption CaptionLayout `json:"caption"`
	// TextSlide lays out a text slide (title + subheading).
	TextSlide TextSlideLayout `json:"text_slide"`
	// TitleCard lays out the opening card with the project's name.
	TitleCard CardLayout `json:"title_card"`
	// Credits lays out the closing credits card.
	Credits CreditsLayout `json:"credits"`

	// SlideDuration is the default time on screen of a photo or text slide
	// when the project does not set one, transitions included.
	SlideDuration float64 `json:"slide_duration"`
	// Transitions is the set of transitions and their window.
	Transitions TransitionSet `json:"transitions"`
	// Motion is the Ken Burns set for photo slides.
	Motion MotionSet `json:"motion"`
	// Overlays are whole-frame effects drawn over (or around) every slide.
	Overlays Overlays `json:"overlays"`
	// Fill says what surrounds a photo whose aspect does not match the frame.
	Fill PhotoFill `json:"fill"`
	// Music holds the default music fades.
	Music MusicFade `json:"music"`

	// Limits is Picovico's `limits` object for this style.
	Limits Limits `json:"limits"`
	// Qualities lists the supported qualities: the short side of the
	// output frame (360, 480, 720, 1080), whatever its aspect.
	Qualities []int `json:"qualities"`
}

// Palette holds a style's colours.
type Palette struct {
	// Background fills text slides, title and credits cards, and is the
	// colour photos with alpha are composited over.
	Background Color `json:"background"`
	// Text is the main text colour.
	Text Color `json:"text"`
	// Accent is a second text colour (subheadings, credit roles, rules).
	Accent Color `json:"accent"`
}

// Shadow is a soft drop shadow behind text.
type Shadow struct {
	// Colour of the shadow (alpha included). Alpha 0 disables the shadow.
	Colour Color `json:"colour"`
	// DX, DY offset the shadow, as fractions of the font size.
	DX float64 `json:"dx"`
	DY float64 `json:"dy"`
	// Blur is the blur radius as a fraction of the font size.
	Blur float64 `json:"blur"`
}

// Box is a (rounded) rectangle drawn behind a text block.
type Box struct {
	// Colour of the box (alpha included). Alpha 0 disables the box.
	Colour Color `json:"colour"`
	// Padding around the text, as a fraction of the font size.
	Padding float64 `json:"padding"`
	// Radius of the corners, as a fraction of the font size.
	Radius float64 `json:"radius"`
}

// TextStyle is how one text element looks and wraps.
type TextStyle struct {
	// Font names the face text is drawn with: an embedded face by its
	// name (see FontNames: "lato-black"), or a font family by its family
	// name ("DejaVu Sans Mono", "Lato"): a family of the embedded faces,
	// of the fonts a caller registers (compose/text.FontConfig, the CLI's
	// and the server's --fonts) or of the machine's fonts, in that order
	// of preference. Missing runes fall back per grapheme cluster along
	// the fallback chain (FallbackChain, Fallbacks).
	Font string `json:"font"`
	// Weight and Italic choose the face of a family named by Font: the
	// OpenType weight, 100 (thin) .. 900 (black), 0 meaning 400
	// (regular), and the slant; the family's closest face is used
	// (Aspect.Closer). They must be unset when Font names an embedded
	// face, which has its own weight and slant.
	Weight int  `json:"weight,omitempty"`
	Italic bool `json:"italic,omitempty"`
	// Size is the preferred font size (em height) as a fraction of the
	// frame's short side (Unit); MinSize the smallest it may shrink to before lines are cut
	// with an ellipsis. MinSize 0 means Size (no shrinking).
	Size    float64 `json:"size"`
	MinSize float64 `json:"min_size"`
	// MaxLines caps the wrapped lines; the last kept line ends with "…".
	// 0 means as many as fit.
	MaxLines int `json:"max_lines"`
	// LineHeight is the baseline-to-baseline distance as a multiple of the
	// font size; 0 means 1.25.
	LineHeight float64 `json:"line_height"`
	// Align is the horizontal alignment of the lines.
	Align Align `json:"align"`
	// Uppercase renders the text in upper case.
	Uppercase bool `json:"uppercase"`
	// Colour is the fill colour.
	Colour Color `json:"colour"`
	// Outline is the outline width as a fraction of the font size (0 = none)
	// and OutlineColour its colour.
	Outline       float64 `json:"outline"`
	OutlineColour Color   `json:"outline_colour"`
	// Shadow is an optional drop shadow.
	Shadow Shadow `json:"shadow"`
	// Box is an optional box behind the whole block.
	Box Box `json:"box"`
}

// CaptionLayout places the caption of a photo slide.
type CaptionLayout struct {
	// Text is how the caption looks and wraps.
	Text TextStyle `json:"text"`
	// VAlign places the caption block in the title-safe area.
	VAlign VAlign `json:"valign"`
	// Width is the widest the block may be, as a fraction of the safe
	// area's width (0 means 1).
	Width float64 `json:"width"`
	// Animation and AnimDuration: how the caption enters.
	Animation    Animation `json:"animation"`
	AnimDuration float64   `json:"anim_duration"`
}

// TextSlideLayout places the title and subheading of a text slide.
type TextSlideLayout struct {
	// Title and Text style the heading and the subheading.
	Title TextStyle `json:"title"`
	Text  TextStyle `json:"text"`
	// Gap between the title block and the text block, fraction of Unit.
	Gap float64 `json:"gap"`
	// VAlign places the two blocks (as one group) in the title-safe area.
	VAlign VAlign `json:"valign"`
	// Width is the widest a block may be, fraction of the safe width.
	Width float64 `json:"width"`
	// Animation and AnimDuration: how the blocks enter; TextDelay is the
	// delay of the subheading after the title starts.
	Animation    Animation `json:"animation"`
	AnimDuration float64   `json:"anim_duration"`
	TextDelay    float64   `json:"text_delay"`
}

// CardLayout places the single text block of the title card.
type CardLayout struct {
	// Text styles the project's name.
	Text TextStyle `json:"text"`
	// VAlign places the block in the safe area; Width as in CaptionLayout.
	VAlign VAlign  `json:"valign"`
	Width  float64 `json:"width"`
	// Duration is the card's time on screen.
	Duration float64 `json:"duration"`
	// Animation and AnimDuration: how the name enters.
	Animation    Animation `json:"animation"`
	AnimDuration float64   `json:"anim_duration"`
}

// CreditsLayout places the closing credits: rows of (role, name).
type CreditsLayout struct {
	// Heading is an optional line above the rows ("" for none), styled by
	// HeadingText.
	Heading     string    `json:"heading"`
	HeadingText TextStyle `json:"heading_text"`
	// Role and Name style the two columns (role usually smaller/accent).
	Role TextStyle `json:"role"`
	Name TextStyle `json:"name"`
	// Stacked puts the role above the name (centred); otherwise role and
	// name share a row, role right-aligned left of centre and name left-
	// aligned right of it.
	Stacked bool `json:"stacked"`
	// RowGap is the space between rows, fraction of Unit.
	RowGap float64 `json:"row_gap"`
	// Mode: paged or rolling when the rows do not fit one screen.
	Mode CreditsMode `json:"mode"`
	// Duration is the card's minimum time on screen (per page when paged).
	Duration float64 `json:"duration"`
}

// TransitionSet is the transitions a style uses between slides.
type TransitionSet struct {
	// Kinds is the set compose picks from, deterministically per slide
	// index (first entry for the first transition, and so on cyclically).
	Kinds []Transition `json:"kinds"`
	// Duration is the overlap window of two slides.
	Duration float64 `json:"duration"`
	// DipColour is the colour of DipToColour.
	DipColour Color `json:"dip_colour"`
	// BeatSync moves each slide boundary (the middle of its transition
	// window: the cut) onto the nearest beat of the music, found by
	// audio.DetectBeats, within BeatMaxShift. Explicit start_times stay
	// exact, the video's length does not change, the title card is only
	// ever lengthened. See the engine package's timing rules.
	BeatSync bool `json:"beat_sync,omitempty"`
	// BeatMaxShift bounds a boundary's move in seconds; 0 means half the
	// tracked beat period (so a boundary always reaches its nearest beat
	// and moves by at most half a beat).
	BeatMaxShift float64 `json:"beat_max_shift,omitempty"`
}

// Motion is one Ken Burns move and its strength.
type Motion struct {
	// Kind of the move.
	Kind MotionKind `json:"kind"`
	// Amount: for zooms the relative scale change over the slide (0.1 =
	// 10 %); for pans the distance travelled as a fraction of the frame
	// width (left/right) or height (up/down).
	Amount float64 `json:"amount"`
}

// MotionSet is the Ken Burns set for photo slides.
type MotionSet struct {
	// Moves is the set compose picks from deterministically per slide
	// index. Empty means photos stay still.
	Moves []Motion `json:"moves"`
	// Easing: "linear" or "ease-in-out" (smoothstep over the slide).
	Easing string `json:"easing"`
	// Clips applies the moves to video clips too (a clip covering the
	// frame is then moved like a photo, its pictures upscaled by up to the
	// move's zoom). Off in every built-in style: a clip moves on its own.
	Clips bool `json:"clips,omitempty"`
}

// Overlays are whole-frame effects. Zero values disable each one.
type Overlays struct {
	// Vignette darkens the corners; strength 0..1.
	Vignette float64 `json:"vignette"`
	// Letterbox draws black bars to this aspect ratio (e.g. 2.39) on
	// landscape frames (see LetterboxBar); 0 = off.
	Letterbox float64 `json:"letterbox"`
	// Grain is deterministic film-grain strength 0..1.
	Grain float64 `json:"grain"`
	// Grade is a colour grade and GradeAmount its mix 0..1 (0 means 1
	// when Grade is set).
	Grade       Grade   `json:"grade"`
	GradeAmount float64 `json:"grade_amount"`
	// Frame, when set, shows every photo as a framed print with a drop
	// shadow on the palette background.
	Frame *FramedPrint `json:"frame,omitempty"`
}

// FramedPrint is the look of a photo printed with a border, lying on a
// table (the palette background), with a soft drop shadow.
type FramedPrint struct {
	// Border is the print's white border, as a fraction of Unit.
	Border float64 `json:"border"`
	// Colour of the border.
	Colour Color `json:"colour"`
	// Scale is the print's largest height relative to the frame's height
	// (e.g. 0.8); it is also at most 0.9 of the frame's width.
	Scale float64 `json:"scale"`
	// Tilt is the largest rotation in degrees; each slide picks its own
	// deterministically in [-Tilt, Tilt].
	Tilt float64 `json:"tilt"`
	// Shadow is the print's drop shadow (offsets and blur as fractions of
	// Unit here).
	Shadow Shadow `json:"shadow"`
}

// PhotoFill says what surrounds a photo whose aspect differs from the frame.
type PhotoFill struct {
	// Mode: blur, bars or crop.
	Mode FillMode `json:"mode"`
	// Blur is the blur radius as a fraction of Unit (FillBlur).
	Blur float64 `json:"blur"`
	// Dim darkens the blurred copy, 0..1 (FillBlur).
	Dim float64 `json:"dim"`
	// Colour of the bars (FillBars).
	Colour Color `json:"colour"`
	// Tolerance: photos whose aspect is within this relative difference of
	// the frame's are cropped (cover) instead of filled (e.g. 0.15).
	Tolerance float64 `json:"tolerance"`
	// FaceTolerance widens Tolerance for photos whose detected faces (every
	// one of them, with a margin) still fit the cropped frame: e.g. 0.34
	// covers 3:2 and 4:3 photos in a 16:9 frame and 3:4 photos in a 9:16
	// one unless a face would leave it. 0 (or less than Tolerance) means
	// Tolerance.
	FaceTolerance float64 `json:"face_tolerance,omitempty"`
	// Centred opts out of face-aware framing: crops are centred and Ken
	// Burns moves ignore faces and the saliency estimate.
	Centred bool `json:"centred,omitempty"`
	// Band keeps a photo wider than a portrait or square frame in a band
	// across the frame over the fill. Otherwise (and when the style has
	// Ken Burns moves) such a photo fills the frame and the camera pans
	// slowly across it, keeping its faces in view, as phone apps do.
	Band bool `json:"band,omitempty"`
}

// MusicFade holds default music fades in seconds (1 in, 2 out).
type MusicFade struct {
	FadeIn  float64 `json:"fade_in"`
	FadeOut float64 `json:"fade_out"`
}

// Limits is Picovico's `limits` object: {"slide": {"text": ..., ...}}.
type Limits struct {
	Slide SlideLimits `json:"slide"`
}

// SlideLimits holds the per-asset-kind limits of a style.
type SlideLimits struct {
	// Text slides: count range and title/text lengths in characters.
	Text TextLimits `json:"text"`
	// Image slides: count range and caption length.
	Image ImageLimits `json:"image"`
	// Music tracks.
	Music Range `json:"music"`
	// Videoclip and Logo are in Picovico's object: video clip slides
	// (the engine's "video" assets; any number in every built-in style,
	// their captions bound by Image.CaptionLen) and the logo (the
	// engine's "logo" asset: one in every built-in style, Max 1).
	Videoclip Range `json:"videoclip"`
	Logo      Range `json:"logo"`
}

// Range is a Picovico count limit: Max -1 is unlimited and Max 0 means the
// asset kind is not allowed; Min -1 (or 0) means no minimum.
type Range struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Allows reports whether n items satisfy the range.
func (r Range) Allows(n int) bool {
	if r.Min > 0 && n < r.Min {
		return false
	}
	return r.Max < 0 || n <= r.Max
}

// TextLimits is the text-slide entry of Limits.
type TextLimits struct {
	Min      int `json:"min"`
	Max      int `json:"max"`
	TitleLen int `json:"title_len"` // characters (runes); -1 unlimited
	TextLen  int `json:"text_len"`  // characters (runes); -1 unlimited
}

// Range returns the count part of the limits.
func (t TextLimits) Range() Range { return Range{Min: t.Min, Max: t.Max} }

// ImageLimits is the image-slide entry of Limits.
type ImageLimits struct {
	Min        int `json:"min"`
	Max        int `json:"max"`
	CaptionLen int `json:"caption_len"` // characters (runes); -1 unlimited
}

// Range returns the count part of the limits.
func (i ImageLimits) Range() Range { return Range{Min: i.Min, Max: i.Max} }

// Aspect is the weight and slant text of this style asks for: the
// embedded face's own when Font names one, else Weight (400 when unset)
// and Italic.
func (t TextStyle) Aspect() Aspect {
	if a, ok := FontAspect(t.Font); ok {
		return a
	}
	w := t.Weight
	if w == 0 {
		w = 400
	}
	return Aspect{Weight: w, Italic: t.Italic}
}
