package engine

import (
	"strings"

	"github.com/reelkit/reel/styles"
)

// checkSlideControls checks asset i's per-slide choices: data.transition
// (the transition into a slide: one of styles.Transitions) and
// data.text_position (an image's or clip's caption placement: top, middle
// or bottom). Both are 7403 errors naming the asset and the allowed
// values.
func checkSlideControls(i int, a Asset) error {
	slide := a.Kind == KindImage || a.Kind == KindVideo || a.Kind == KindText
	if t := a.Data.Transition; t != "" {
		switch {
		case !slide:
			return assetStatus(CodeInsufficientAssets, i, a, nil, "has a transition %q; only image, video and text slides have one", t)
		case !t.Known():
			return assetStatus(CodeInsufficientAssets, i, a, nil, "has transition %q; want one of %s (or none: the style's choice)", t, transitionNames())
		}
	}
	if v := a.Data.TextPosition; v != "" {
		switch {
		case a.Kind != KindImage && a.Kind != KindVideo:
			return assetStatus(CodeInsufficientAssets, i, a, nil, "has a text_position %q; only image and video captions have one", v)
		case !v.Known():
			return assetStatus(CodeInsufficientAssets, i, a, nil, "has text_position %q; want top, middle or bottom (or none: the style's placement)", v)
		}
	}
	return nil
}

// transitionNames lists styles.Transitions for messages.
func transitionNames() string {
	var names []string
	for _, t := range styles.Transitions() {
		names = append(names, string(t))
	}
	return strings.Join(names, ", ")
}
