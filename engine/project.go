package engine

import (
	"image"
	"time"

	"github.com/reelkit/reel/styles"
)

// Project is Picovico's video object as reel reads and writes it: the JSON
// body of POST /me/videos/<id> (name, style, quality, assets, credit).
//
// Decoding is lenient where Picovico's clients are: quality may be the
// number 720 or the string "720"; times may be numbers or numeric strings;
// asset_id may be a string or a number; a credit row may have one or two
// strings. Encoding always produces the seed's canonical types (quality and
// times as numbers, asset_id as a string).
type Project struct {
	// Name is the video's title, shown on the title card. Empty: 7404.
	Name string `json:"name"`
	// Style is the machine_name of a style (for example "vanilla"). Empty or
	// unknown: 7401.
	Style string `json:"style"`
	// Quality is the largest rendition's short side in pixels (360, 480,
	// 720 or 1080: the height of a 16:9 frame). Zero means Picovico's
	// default, 360.
	Quality Quality `json:"quality"`
	// Aspect is the frame shape of the renditions: "16:9" (the default
	// when unset or empty), "9:16", "1:1" or "4:5". It is reel's
	// extension of Picovico's video object; it is left out of the JSON
	// when unset, so Picovico clients see the object they know.
	Aspect Aspect `json:"aspect,omitzero"`
	// Assets are the slides (image, text) in order, and the music.
	Assets []Asset `json:"assets"`
	// Credit holds the end credits as [role, name] rows.
	Credit []Credit `json:"credit"`
}

// AssetKind is an asset's "name" in Picovico's API: what kind of asset it
// is. It is a string so that projects round-trip through JSON unchanged,
// but only the Kind constants are accepted: an asset of any other kind
// fails Validate with status 7403, naming the kind.
type AssetKind string

// The asset kinds of Picovico's API.
const (
	KindImage AssetKind = "image" // a photo slide, with an optional caption
	KindText  AssetKind = "text"  // a text slide: title and subheading
	KindMusic AssetKind = "music" // a music track placed on the timeline
	// KindVideo is reel's extension: a video clip slide (MP4/MOV with
	// H.264 or HEVC, GIF, animated WebP) with an optional caption and its
	// own sound; data.trim_start, trim_end, volume and mute choose what
	// plays (see AssetData and the package documentation's timing rules).
	KindVideo AssetKind = "video"
)

// Asset is one entry of a project's assets array. The constructors Photo,
// Text, Music, Clip and Logo make the common ones.
//
// In JSON the asset is Picovico's object: the kind is its "name" field and
// the times are seconds (numbers; numbers or numeric strings are read).
type Asset struct {
	// Kind is the kind of asset: KindImage, KindText, KindMusic,
	// KindVideo or KindLogo. It is Picovico's "name" field in JSON.
	Kind AssetKind `json:"name"`
	// AssetID identifies the photo or music for the Resolver (for the
	// FileResolver: a path relative to the project file).
	AssetID string `json:"asset_id,omitempty"`
	// URL is an alternative to AssetID: a direct address of the file.
	URL string `json:"url,omitempty"`
	// Start and End place the asset on the timeline; 0/0 means "use the
	// defaults" (see the package documentation's timing rules). In JSON
	// they are start_time and end_time in seconds; they are kept to the
	// nanosecond.
	Start time.Duration `json:"start_time"`
	End   time.Duration `json:"end_time"`
	// Data holds the texts of the asset.
	Data AssetData `json:"data"`

	// Image and Bytes carry an asset's content in memory, for programs
	// that have it at hand (never read from or written to JSON). When
	// either is set the Resolver is not asked for the asset and AssetID
	// and URL only name it in messages. Image is a decoded picture (image
	// assets only); Bytes is an encoded file: a photo (JPEG, PNG, GIF,
	// WebP, BMP, TIFF) or a music track (MP3, WAV). Image wins over Bytes.
	// The engine reads them and never modifies them.
	Image image.Image `json:"-"`
	Bytes []byte      `json:"-"`
}

// inMemory reports whether the asset carries its content.
func (a Asset) inMemory() bool { return a.Image != nil || a.Bytes != nil }

// AssetData is the data object of an asset: a caption for an image
// (Picovico clients send it as "text" or as "caption"), a title and a
// subheading ("text") for a text slide.
type AssetData struct {
	// Text is an image's or clip's caption (see CaptionText) or a text
	// slide's subheading.
	Text string `json:"text,omitempty"`
	// Title is a text slide's title.
	Title string `json:"title,omitempty"`
	// Caption is an image's or clip's caption; it wins over Text.
	Caption string `json:"caption,omitempty"`
	// Corner, Size and Opacity place a logo asset (see KindLogo).
	Corner  Corner  `json:"corner,omitempty"`
	Size    float64 `json:"size,omitempty"`
	Opacity float64 `json:"opacity,omitempty"`
	// TrimStart and TrimEnd choose the part of a video clip that plays, in
	// the clip's own time: from TrimStart (default 0) to TrimEnd (0: the
	// clip's end). In JSON they are trim_start and trim_end in seconds.
	// On a music asset TrimStart skips the track's intro: the cue starts
	// that far into the track (later loop passes start from its
	// beginning; see audio.Cue.Offset); TrimEnd is not used there.
	TrimStart time.Duration `json:"trim_start,omitempty"`
	TrimEnd   time.Duration `json:"trim_end,omitempty"`
	// Volume is the gain of a video clip's sound, linear, 0..MaxClipVolume
	// (nil: 1, as recorded); Mute silences it.
	Volume *float64 `json:"volume,omitempty"`
	Mute   bool     `json:"mute,omitempty"`
	// Transition is the transition into this slide (an image, video or
	// text asset), one of styles.Transitions ("crossfade", "push-left",
	// "wipe", ...); empty leaves the choice to the style. In JSON it is
	// data.transition.
	Transition styles.Transition `json:"transition,omitempty"`
	// TextPosition places an image's or clip's caption: top, middle or
	// bottom of the title-safe area (styles.VAlignTop, ...); empty keeps
	// the style's placement. Safe zones and the contrast plate apply
	// wherever it goes. In JSON it is data.text_position.
	TextPosition styles.VAlign `json:"text_position,omitempty"`
}

// MaxClipVolume is the largest gain a clip's volume may ask for (+12 dB).
const MaxClipVolume = 4.0

// ClipVolume returns a video clip's linear gain: 0 when muted, else
// Volume, or 1 when unset.
func (d AssetData) ClipVolume() float64 {
	switch {
	case d.Mute:
		return 0
	case d.Volume == nil:
		return 1
	}
	return *d.Volume
}

// CaptionText returns an image or video asset's caption: data.caption when set, else
// data.text.
func (d AssetData) CaptionText() string {
	if d.Caption != "" {
		return d.Caption
	}
	return d.Text
}

// Credit is one row of the end credits: a role ("Music") and a name. In
// JSON it is Picovico's two-element array ["role", "name"].
type Credit struct {
	Role string
	Name string
}

// Quality names a rendition by its short side in pixels: 144 (preview),
// 360, 480, 720 or 1080. Picovico's qualities are 16:9 (720 is 1280x720);
// with an Aspect the same names give portrait, square and 4:5 frames
// (SizeFor).
type Quality int

// The standard qualities (sizes given in 16:9).
const (
	QualityPreview Quality = 144  // 256x144, for previews
	Quality360     Quality = 360  // 640x360
	Quality480     Quality = 480  // 854x480
	Quality720     Quality = 720  // 1280x720
	Quality1080    Quality = 1080 // 1920x1080
)

// DefaultQuality is Picovico's default quality when a project sets none.
const DefaultQuality = Quality360

// StandardQualities lists the renditions a render can produce, smallest first.
func StandardQualities() []Quality {
	return []Quality{Quality360, Quality480, Quality720, Quality1080}
}

// Size returns the 16:9 frame size of a quality, with even dimensions
// (854x480 for 480, as Picovico and YouTube use); SizeFor gives the other
// aspects.
func (q Quality) Size() (w, h int) {
	s := q.SizeFor(Aspect16x9)
	return s.Width, s.Height
}

// Valid reports whether q is one of the standard qualities or the preview.
func (q Quality) Valid() bool {
	switch q {
	case QualityPreview, Quality360, Quality480, Quality720, Quality1080:
		return true
	}
	return false
}

// Slides returns the image, video and text assets in array order.
func (p *Project) Slides() []Asset {
	var out []Asset
	for _, a := range p.Assets {
		if a.Kind == KindImage || a.Kind == KindVideo || a.Kind == KindText {
			out = append(out, a)
		}
	}
	return out
}

// Music returns the music assets in array order.
func (p *Project) Music() []Asset {
	var out []Asset
	for _, a := range p.Assets {
		if a.Kind == KindMusic {
			out = append(out, a)
		}
	}
	return out
}

// EffectiveQuality returns the project's quality, or DefaultQuality when unset.
func (p *Project) EffectiveQuality() Quality {
	if p.Quality == 0 {
		return DefaultQuality
	}
	return p.Quality
}

// maxTimelineSeconds bounds any time in a project: six hours.
const maxTimelineSeconds = 6 * 3600
