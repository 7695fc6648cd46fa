package engine

import (
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/styles"
)

// builtinStyles parses the embedded styles once; the registry is immutable.
var builtinStyles = sync.OnceValue(styles.Builtin)

// Options configures Validate and Render. The zero value renders every
// standard quality up to the project's at 30 fps with x264 veryfast at
// DefaultCRF (Render needs an output too). A mistake in any field fails
// Validate and Render with an error matching ErrInvalidOptions.
type Options struct {
	// Styles is the style registry; nil means the built-in styles.
	Styles *styles.Registry
	// Renditions lists the qualities to make. Empty means every standard
	// quality up to the project's (a 720 project gives 360, 480 and 720).
	// Preview ignores it.
	Renditions []Quality
	// Aspect is the frame shape of the quality renditions (Quality.SizeFor);
	// zero means the project's Aspect, and 16:9 when that is unset too.
	Aspect Aspect
	// Sizes, when set, lists the exact frame sizes to make instead of
	// Renditions and Aspect: any even width x height up to 3840x2160 in
	// either orientation (see Size.Check). Each rendition is named by its
	// short side (Size.Quality), so two sizes must not share one. Preview
	// ignores it.
	Sizes []Size
	// FrameRate of the output; zero means 30/1 (10/1 in preview mode).
	FrameRate Rational
	// Preview makes one 256x144 rendition at 10 fps with x264's fastest
	// preset: Picovico's /preview.
	Preview bool
	// Preset is x264's speed/size trade-off (PresetUltrafast ..
	// PresetPlacebo); "" means PresetVeryfast (PresetUltrafast in
	// preview).
	Preset Preset
	// CRF is x264's constant rate factor, 1..51 (lower: better and
	// bigger); 0 means DefaultCRF of each rendition's size (23, or 21 from
	// 1080 lines on). Ignored when Bitrate is set.
	CRF float64
	// Bitrate, in kbit/s, switches x264 from constant quality to an
	// average bitrate for the largest rendition; smaller renditions get a
	// share in proportion to their pixel count (at least 64 kbit/s).
	// 0 means CRF mode.
	Bitrate int
	// X264 chooses the x264 library: X264Auto ("auto", also for "": a
	// compatible system libx264 when one can be loaded, else the bundled
	// encoder), X264Bundled ("bundled": x264 compiled into the binary,
	// the same bytes on every machine) or X264System ("system": the
	// system's libx264, about 2.4 times faster; an error when it cannot
	// be loaded). The engine does not read the environment; reel's CLI
	// and server default it to the REEL_X264 variable.
	X264 string
	// Threads is x264's thread count per rendition; 0 means automatic.
	Threads int
	// Workers is the number of goroutines composing frames; zero means
	// GOMAXPROCS.
	Workers int
	// Output is where the videos and thumbnails go: ToFile, ToFiles,
	// ToWriter or ToSinks (see Output). Render needs one; Validate and
	// RenderFrame ignore it but for refusing a Writer given to a render of
	// several renditions.
	Output Output
	// TempDir is where coded video waits until a faststart MP4 is laid
	// out ("" means beside each output file, or os.TempDir() for a
	// Writer), and where assets read more than once are kept ("" means
	// os.TempDir(); see CheapReopener).
	// The temporary files are unlinked as soon as they are created (where
	// the system allows it) and their names never appear in errors.
	TempDir string
	// Progress, when set, is called from the render goroutine after frames
	// are encoded (at most about ten times a second, and once at the end).
	Progress func(Progress)
	// Logger receives debug and warning messages; nil means silence.
	Logger *slog.Logger
	// MaxPhotoPixels bounds a photo's size in pixels, read from its header
	// before it is decoded (0: compose.DefaultMaxPixels, 64 MP).
	MaxPhotoPixels int
	// Beats, when set, keeps the beats detected in music tracks across
	// calls (see BeatCache); nil analyses the tracks on every call.
	Beats *BeatCache
	// Audio, when set, is the music already mixed and encoded by
	// EncodeAudio with the same project, assets and options:
	// JoinSegments uses it instead of mixing and encoding again, so the
	// renditions of a split render share one track (Render ignores it).
	Audio *AudioTrack

	// MaxDuration, MaxFrames and MaxPhotos bound what a project may ask
	// for; a project beyond them fails validation with status 7403 and a
	// *LimitError (LimitDuration, LimitFrames, LimitPhotos). Zero
	// means the default (DefaultMaxDuration, 30 min; DefaultMaxPhotos, 500;
	// MaxFrames: DefaultMaxFrameRate frames per second of MaxDuration); a
	// negative value means no limit.
	MaxDuration time.Duration
	MaxFrames   int
	MaxPhotos   int
	// MaxClipDuration bounds a video clip's whole length (the file's, not
	// the trimmed part's); a longer clip fails validation as an
	// *AssetError carrying a *LimitError (LimitClipDuration). Zero means
	// DefaultMaxClipDuration (10 min); negative, no limit.
	MaxClipDuration time.Duration

	// RequireMusic makes a project without a music asset fail validation
	// with status 7402, as Picovico does (reel's server sets it). Without
	// it a project may have no music: the MP4s then have no audio track.
	RequireMusic bool
	// ProbeAssets is Verify: VerifyHeaders (a Verify of VerifyFull
	// still decodes everything). It makes Validate (and so Render, before
	// it draws a frame) open every photo and music asset and read its header: the format,
	// the size against MaxPhotoPixels, the audio stream. A missing,
	// corrupt or oversized asset then fails early as an *AssetError
	// instead of in the middle of the render. It costs one Resolver.Open
	// per asset and the read of its header (a few kilobytes; a music
	// reader that cannot seek is read whole).
	ProbeAssets bool
	// Verify says how much of each asset Validate (and so Render, before
	// its first byte) reads: VerifyNone (the zero value), VerifyHeaders
	// (the same as ProbeAssets) or VerifyFull, which decodes every photo
	// and track whole so that an asset fault cannot surface after the
	// first byte of a streamed MP4 (see Verification).
	Verify Verification
	// Ducking sets how the music is lowered under video clips' sound
	// (audio.Ducking: depth, attack, release, or Off); the zero value
	// ducks by 12 dB with a 150 ms attack and a 600 ms release.
	Ducking audio.Ducking
	// Overlay, when set, draws over every composed frame (see Overlay).
	Overlay *Overlay
	// Transition, when set, replaces the style's transitions between all
	// slides: a compose.Transition blends the outgoing and incoming
	// frames (compose.StyleTransition gives the built-in kinds;
	// compose.RGBATransition adapts one written with image/draw).
	Transition compose.Transition
	// Style, when set, is the style used for the render, passed by value:
	// the project's style name and the Styles registry are then ignored.
	// It is checked with its Validate method (a failure is status 7401).
	Style *styles.Style
	// clipBackend reads video clips; nil means compose/clip (tests set
	// synthetic clips).
	clipBackend clipBackend

	// Fonts are the fonts text falls back on after the embedded faces:
	// registered TTF/OTF/TTC files or directories, and the machine's fonts
	// (CJK, colour emoji). nil means the machine's fonts only, indexed
	// once per process and cached under os.UserCacheDir()/reel/fonts; a
	// program that renders often should build one with NewFontLibrary and
	// share it (parsed fonts are kept).
	Fonts *FontLibrary
}

// Progress is a snapshot of a running render.
type Progress struct {
	Frames, Total int           // frames encoded so far (per rendition) and in all
	Elapsed       time.Duration // since Render began
	ETA           time.Duration // estimated time left (0 until it can be estimated)
}

// Fraction is Frames/Total.
func (p Progress) Fraction() float64 {
	if p.Total == 0 {
		return 0
	}
	return float64(p.Frames) / float64(p.Total)
}

func (o Options) frameRate() Rational {
	if o.Preview {
		return rateOr(o.FrameRate, Rational{Num: 10, Den: 1})
	}
	return rateOr(o.FrameRate, Rational{Num: 30, Den: 1})
}

// rendition is one output of a render: its quality name and frame size.
type rendition struct {
	q    Quality
	size Size
}

// aspect is the frame shape of the render's quality renditions.
func (o Options) aspect(p *Project) Aspect {
	if !o.Aspect.IsZero() {
		return o.Aspect
	}
	return p.Aspect.OrDefault()
}

// Qualities returns the renditions Render makes of p with these
// options, smallest first; st is the project's style (Plan.Style).
func (o Options) Qualities(p *Project, st *styles.Style) ([]Quality, error) {
	rs, err := o.renditions(p, st)
	if err != nil {
		return nil, err
	}
	qs := make([]Quality, len(rs))
	for i, r := range rs {
		qs[i] = r.q
	}
	return qs, nil
}

// renditions returns the renditions to make, smallest first.
func (o Options) renditions(p *Project, st *styles.Style) ([]rendition, error) {
	if o.Preview {
		return []rendition{{QualityPreview, QualityPreview.SizeFor(o.aspect(p))}}, nil
	}
	if len(o.Sizes) > 0 {
		var rs []rendition
		for _, s := range o.Sizes {
			if err := s.check(); err != nil {
				return nil, optionsf("%v", err)
			}
			r := rendition{s.Quality(), s}
			if i := slices.IndexFunc(rs, func(x rendition) bool { return x.q == r.q }); i >= 0 {
				if rs[i].size == s {
					continue
				}
				return nil, optionsf("frame sizes %v and %v share the short side %d that names a rendition", rs[i].size, s, r.q)
			}
			rs = append(rs, r)
		}
		slices.SortFunc(rs, func(a, b rendition) int { return int(a.q - b.q) })
		return rs, nil
	}
	if !p.Aspect.IsZero() && !slices.Contains(Aspects(), p.Aspect) {
		return nil, invalidf("aspect %v: want 16:9, 9:16, 1:1 or 4:5", p.Aspect)
	}
	a := o.aspect(p)
	var qs []Quality
	if len(o.Renditions) > 0 {
		for _, q := range o.Renditions {
			if !q.Valid() || q == QualityPreview {
				return nil, optionsf("rendition %d: reel makes 360, 480, 720 and 1080", q)
			}
			if !slices.Contains(qs, q) {
				qs = append(qs, q)
			}
		}
	} else {
		top := p.EffectiveQuality()
		if !top.Valid() || top == QualityPreview {
			return nil, invalidf("quality %d: reel makes 360, 480, 720 and 1080", top)
		}
		for _, q := range StandardQualities() {
			if q <= top && supports(st, q) {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil, invalidf("style %q supports no quality up to %d", st.MachineName, top)
		}
	}
	slices.Sort(qs)
	rs := make([]rendition, len(qs))
	for i, q := range qs {
		rs[i] = rendition{q, q.SizeFor(a)}
		if err := rs[i].size.check(); err != nil {
			if !o.Aspect.IsZero() {
				return nil, optionsf("quality %d in aspect %v: %v", q, a, err)
			}
			return nil, invalidf("quality %d in aspect %v: %v", q, a, err)
		}
	}
	return rs, nil
}

func supports(st *styles.Style, q Quality) bool {
	return len(st.Qualities) == 0 || slices.Contains(st.Qualities, int(q))
}

// check reports the first mistake in o that needs no project: encoder
// settings, frame rate, explicit sizes and renditions, aspect. Every error
// wraps ErrInvalidOptions.
func (o Options) check() error {
	if err := o.CheckEncoding(); err != nil {
		return err
	}
	if o.Verify < VerifyNone || o.Verify > VerifyFull {
		return optionsf("verification %d: want none, headers or full", o.Verify)
	}
	if a := o.Aspect; !a.IsZero() && (a.W <= 0 || a.H <= 0) {
		return optionsf("aspect %v: width and height must be positive", a)
	}
	if o.Preview {
		return nil
	}
	for _, s := range o.Sizes {
		if err := s.check(); err != nil {
			return optionsf("%v", err)
		}
	}
	if len(o.Sizes) == 0 {
		for _, q := range o.Renditions {
			if !q.Valid() || q == QualityPreview {
				return optionsf("rendition %d: reel makes 360, 480, 720 and 1080", q)
			}
		}
	}
	return nil
}

// checkWriter refuses a Writer output for a render of several
// renditions.
func (o Options) checkWriter(n int) error { return o.Output.checkRenditions(n) }

// checkOutput refuses options that say nowhere (or nowhere usable) to
// write the video.
func (o Options) checkOutput() error { return o.Output.check() }
