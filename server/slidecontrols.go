package server

import (
	"fmt"
	"strings"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/styles"
)

// checkSlideControls checks asset i's data.transition (the transition into
// an image, video or text slide: one of styles.Transitions) and
// data.text_position (an image's or clip's caption: top, middle or
// bottom). Absent or empty means the style's choice.
func checkSlideControls(i int, a engine.Asset) error {
	at := fmt.Sprintf("assets[%d].data", i)
	slide := a.Kind == engine.KindImage || a.Kind == kindVideo || a.Kind == engine.KindText
	if t := a.Data.Transition; t != "" {
		var names []string
		for _, k := range styles.Transitions() {
			names = append(names, string(k))
		}
		switch {
		case !slide:
			return httpx.FieldError(at+".transition", fmt.Sprintf("only image, video and text slides have a transition, not a %s asset", a.Kind))
		case !t.Known():
			return httpx.FieldError(at+".transition", fmt.Sprintf("must be one of %s (or absent: the style's choice), not %q", strings.Join(names, ", "), t))
		}
	}
	if v := a.Data.TextPosition; v != "" {
		switch {
		case a.Kind != engine.KindImage && a.Kind != kindVideo:
			return httpx.FieldError(at+".text_position", fmt.Sprintf("only image and video captions have a position, not a %s asset", a.Kind))
		case !v.Known():
			return httpx.FieldError(at+".text_position", fmt.Sprintf("must be top, middle or bottom (or absent: the style's placement), not %q", v))
		}
	}
	return nil
}
