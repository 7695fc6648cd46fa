// Package text lays out and rasterizes every piece of text reel draws:
// captions, text slides, the title card and the credits.
//
// All text goes through one layout function, Layout (Render is Layout plus
// rasterization). Layout normalises the string, splits it into paragraphs,
// and shapes each with github.com/go-text/typesetting (a Go port of
// HarfBuzz): a bidi level per character by the full Unicode Bidirectional
// Algorithm (UAX #9, package internal/bidi: numbers after Arabic letters
// join the right-to-left run, paired brackets take the direction of what
// they enclose, and are mirrored in right-to-left runs), a script per
// character, a font per grapheme cluster from the fallback chain (see
// FontLibrary and styles.FallbackChain), items of equal level, script and
// font shaped once at a reference size (GSUB/GPOS: conjuncts, reph, matras,
// Arabic joining, lam-alef, marks, kerning, ligatures). Lines break at
// UAX #14 opportunities (between CJK ideographs too, never inside a
// cluster) using the shaped advances, and each line is reordered for
// display by rules L1 and L2 (the visual order Chromium gives the same
// line, checked by the package's tests); alignment left/right means
// start/end for right-to-left paragraphs. Layout shrinks the size within
// [MinSize, Size] until the text fits and cuts it to the maximum number of
// lines with an ellipsis. A line never breaks inside a word: a word wider
// than the line makes the text smaller, and only a word wider than the
// whole line at MinSize is split between clusters, each piece ending with
// a hyphen (Line.Hyphenated).
// A character no font has is drawn as a visible hollow box and reported
// to the caller's WarnFunc.
//
// Render rasterizes anti-aliased glyph outlines at the requested pixel size
// (so text is crisp at any frame size; only colour emoji are scaled bitmaps)
// into an *image.RGBA sprite with fill, outline, soft shadow and an optional
// rounded box. A sprite never exceeds the box it was given.
//
// Everything here is a pure function of its inputs (Spec is comparable and
// can key a cache) and safe for concurrent use: parsed fonts are shared,
// but every call has its own font.Face, shaper and caches.
//
// The card helpers (Caption, TextSlide, TitleCard, Credits) apply a
// styles.Style to a frame size and return blocks with their positions in
// the frame; compose animates and composites them.
package text
