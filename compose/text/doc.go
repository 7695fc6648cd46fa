// Package text lays out and rasterizes every piece of text reel draws:
// captions, text slides, the title card and the credits.
//
// All text goes through one layout function, Layout (Render is Layout plus
// rasterization), so complex-script shaping can later be added in one place
// without touching styles or compose. Layout normalises the string, resolves
// each rune to the first font of the style's fallback chain that has it
// (styles.FontSet.Chain: the style's face, then DejaVu Sans, which covers
// Latin, Latin Extended, Greek and Cyrillic), word-wraps it into a box,
// shrinks the size within [MinSize, Size] until it fits, and cuts it to the
// maximum number of lines with an ellipsis. A rune that no font has is drawn
// as a visible hollow box and reported to the caller's WarnFunc.
//
// Render rasterizes anti-aliased glyph outlines at the requested pixel size
// (so text is crisp at any frame size; nothing is a scaled bitmap)
// into an *image.RGBA sprite with fill, outline, soft shadow and an optional
// rounded box. A sprite never exceeds the box it was given.
//
// Everything here is a pure function of its inputs (Spec is comparable and
// can key a cache) and safe for concurrent use: glyph outlines are read
// through a per-call sfnt.Buffer, never through a shared font.Face.
//
// The card helpers (Caption, TextSlide, TitleCard, Credits) apply a
// styles.Style to a frame size and return blocks with their positions in
// the frame; compose animates and composites them.
package text
