package styles

import (
	"fmt"
	"math"
	"strings"
	"unicode"
)

// ValidationError says which field of which style is invalid and why.
type ValidationError struct {
	Style  string // machine name ("" if that is what is wrong)
	Field  string // JSON path of the field, e.g. "caption.text.font"
	Reason string
}

// Error implements error: styles: style "<name>": <field>: <reason>.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("styles: style %q: %s: %s", e.Style, e.Field, e.Reason)
}

// Validate checks that every field is in range and every name (fonts,
// transitions, moves, grades, ...) is known. It returns a *ValidationError.
func (s *Style) Validate() error {
	v := validator{style: s.MachineName}
	v.check(validMachineName(s.MachineName), "machine_name", "want 1-64 of [a-z0-9_-]")
	v.check(s.Name != "", "name", "empty")
	v.check(s.SafeMargin >= 0 && s.SafeMargin <= 0.2, "safe_margin", "want 0..0.2")
	v.check(finitePos(s.SlideDuration) && s.SlideDuration <= 60, "slide_duration", "want (0, 60] seconds")

	v.text("caption.text", s.Caption.Text)
	v.check(s.Caption.VAlign.Known(), "caption.valign", "unknown")
	v.fraction("caption.width", s.Caption.Width)
	v.anim("caption", s.Caption.Animation, s.Caption.AnimDuration)

	v.text("text_slide.title", s.TextSlide.Title)
	v.text("text_slide.text", s.TextSlide.Text)
	v.check(s.TextSlide.Gap >= 0 && s.TextSlide.Gap <= 0.3, "text_slide.gap", "want 0..0.3")
	v.check(s.TextSlide.VAlign.Known(), "text_slide.valign", "unknown")
	v.fraction("text_slide.width", s.TextSlide.Width)
	v.anim("text_slide", s.TextSlide.Animation, s.TextSlide.AnimDuration)
	v.check(s.TextSlide.TextDelay >= 0 && s.TextSlide.TextDelay <= 5, "text_slide.text_delay", "want 0..5 s")

	v.text("title_card.text", s.TitleCard.Text)
	v.check(s.TitleCard.VAlign.Known(), "title_card.valign", "unknown")
	v.fraction("title_card.width", s.TitleCard.Width)
	v.check(finitePos(s.TitleCard.Duration) && s.TitleCard.Duration <= 30, "title_card.duration", "want (0, 30] s")
	v.anim("title_card", s.TitleCard.Animation, s.TitleCard.AnimDuration)

	if s.Credits.Heading != "" {
		v.text("credits.heading_text", s.Credits.HeadingText)
	}
	v.text("credits.role", s.Credits.Role)
	v.text("credits.name", s.Credits.Name)
	v.check(s.Credits.RowGap >= 0 && s.Credits.RowGap <= 0.3, "credits.row_gap", "want 0..0.3")
	v.check(s.Credits.Mode.Known(), "credits.mode", "want paged or rolling")
	v.check(finitePos(s.Credits.Duration) && s.Credits.Duration <= 60, "credits.duration", "want (0, 60] s")

	t := s.Transitions
	v.check(len(t.Kinds) > 0, "transitions.kinds", "empty")
	for i, k := range t.Kinds {
		v.check(k.Known(), fmt.Sprintf("transitions.kinds[%d]", i), fmt.Sprintf("unknown transition %q", k))
	}
	v.check(finitePos(t.Duration) && t.Duration <= s.SlideDuration/2, "transitions.duration", "want (0, slide_duration/2]")
	v.check(t.BeatMaxShift == 0 || (finitePos(t.BeatMaxShift) && t.BeatMaxShift <= 2), "transitions.beat_max_shift", "want 0 (half a beat) or (0, 2] s")

	for i, m := range s.Motion.Moves {
		f := fmt.Sprintf("motion.moves[%d]", i)
		v.check(m.Kind.Known(), f+".kind", fmt.Sprintf("unknown move %q", m.Kind))
		v.check(m.Amount >= 0 && m.Amount <= 0.5, f+".amount", "want 0..0.5")
	}
	v.check(s.Motion.Easing == "linear" || s.Motion.Easing == "ease-in-out", "motion.easing", "want linear or ease-in-out")

	o := s.Overlays
	v.fraction("overlays.vignette", o.Vignette)
	v.check(o.Letterbox == 0 || (o.Letterbox >= 1.78 && o.Letterbox <= 3), "overlays.letterbox", "want 0 or an aspect in [1.78, 3]")
	v.fraction("overlays.grain", o.Grain)
	v.check(o.Grade.Known(), "overlays.grade", "unknown grade")
	v.fraction("overlays.grade_amount", o.GradeAmount)
	if f := o.Frame; f != nil {
		v.check(f.Border >= 0 && f.Border <= 0.1, "overlays.frame.border", "want 0..0.1")
		v.check(f.Scale > 0.3 && f.Scale <= 1, "overlays.frame.scale", "want (0.3, 1]")
		v.check(f.Tilt >= 0 && f.Tilt <= 10, "overlays.frame.tilt", "want 0..10 degrees")
	}

	v.check(s.Fill.Mode.Known(), "fill.mode", "want blur, bars or crop")
	v.check(s.Fill.Blur >= 0 && s.Fill.Blur <= 0.2, "fill.blur", "want 0..0.2")
	v.fraction("fill.dim", s.Fill.Dim)
	v.fraction("fill.tolerance", s.Fill.Tolerance)
	v.fraction("fill.face_tolerance", s.Fill.FaceTolerance)

	v.check(s.Music.FadeIn >= 0 && s.Music.FadeIn <= 10, "music.fade_in", "want 0..10 s")
	v.check(s.Music.FadeOut >= 0 && s.Music.FadeOut <= 10, "music.fade_out", "want 0..10 s")

	l := s.Limits.Slide
	v.rng("limits.slide.text", l.Text.Range())
	v.rng("limits.slide.image", l.Image.Range())
	v.rng("limits.slide.music", l.Music)
	v.rng("limits.slide.videoclip", l.Videoclip)
	v.rng("limits.slide.logo", l.Logo)
	v.length("limits.slide.text.title_len", l.Text.TitleLen)
	v.length("limits.slide.text.text_len", l.Text.TextLen)
	v.length("limits.slide.image.caption_len", l.Image.CaptionLen)

	v.check(len(s.Qualities) > 0, "qualities", "empty")
	seen := map[int]bool{}
	for i, q := range s.Qualities {
		v.check((q == 360 || q == 480 || q == 720 || q == 1080) && !seen[q], fmt.Sprintf("qualities[%d]", i), "want distinct 360, 480, 720 or 1080")
		seen[q] = true
	}
	return v.err
}

type validator struct {
	style string
	err   error
}

func (v *validator) check(ok bool, field, reason string) {
	if !ok && v.err == nil {
		v.err = &ValidationError{Style: v.style, Field: field, Reason: reason}
	}
}

func (v *validator) fraction(field string, x float64) {
	v.check(x >= 0 && x <= 1, field, "want 0..1")
}

func (v *validator) anim(field string, a Animation, d float64) {
	v.check(a.Known(), field+".animation", fmt.Sprintf("unknown animation %q", a))
	v.check(d >= 0 && d <= 5, field+".anim_duration", "want 0..5 s")
}

func (v *validator) rng(field string, r Range) {
	v.check(r.Min >= -1 && r.Max >= -1, field, "min and max must be >= -1")
	v.check(r.Max < 0 || r.Min <= r.Max, field, "min > max")
}

func (v *validator) length(field string, n int) {
	v.check(n == -1 || (n > 0 && n <= 10000), field, "want -1 or 1..10000")
}

func (v *validator) text(field string, t TextStyle) {
	_, embedded := fontSources[t.Font]
	v.check(validFamily(t.Font), field+".font", fmt.Sprintf("want an embedded face (%s) or a font family name, got %q", strings.Join(FontNames(), ", "), t.Font))
	v.check(t.Weight == 0 || (t.Weight >= 1 && t.Weight <= 1000), field+".weight", "want 0 (regular) or 1..1000")
	v.check(!embedded || (t.Weight == 0 && !t.Italic), field+".weight", fmt.Sprintf("embedded face %q has its own weight and slant: set weight and italic only with a family name", t.Font))
	v.check(finitePos(t.Size) && t.Size <= 0.5, field+".size", "want (0, 0.5] of frame height")
	v.check(t.MinSize >= 0 && t.MinSize <= t.Size, field+".min_size", "want 0..size")
	v.check(t.MaxLines >= 0 && t.MaxLines <= 50, field+".max_lines", "want 0..50")
	v.check(t.LineHeight == 0 || (t.LineHeight >= 0.8 && t.LineHeight <= 3), field+".line_height", "want 0 or 0.8..3")
	v.check(t.Align.Known(), field+".align", "want left, center or right")
	v.check(t.Outline >= 0 && t.Outline <= 0.3, field+".outline", "want 0..0.3 of font size")
	v.check(math.Abs(t.Shadow.DX) <= 0.5 && math.Abs(t.Shadow.DY) <= 0.5 && t.Shadow.Blur >= 0 && t.Shadow.Blur <= 0.5,
		field+".shadow", "offsets and blur want |x| <= 0.5 of font size")
	v.check(t.Box.Padding >= 0 && t.Box.Padding <= 2 && t.Box.Radius >= 0 && t.Box.Radius <= 2, field+".box", "padding and radius want 0..2 of font size")
}

func finitePos(x float64) bool { return x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) }

// validFamily reports whether name can be a font family name: 1-100
// bytes of printable characters, not only spaces.
func validFamily(name string) bool {
	if len(name) == 0 || len(name) > 100 || strings.TrimSpace(name) == "" {
		return false
	}
	for _, c := range name {
		if !unicode.IsPrint(c) {
			return false
		}
	}
	return true
}

func validMachineName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
