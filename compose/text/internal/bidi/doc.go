// Package bidi implements the Unicode Bidirectional Algorithm (UAX #9) for
// compose/text: the embedding level of every character of a paragraph
// (rules P2–P3, X1–X10, W1–W7, N0–N2, I1–I2) and, per line, rule L1 and
// the visual order of rule L2. Rule L4 (mirrored glyphs such as brackets in
// right-to-left runs) is the shaper's: it mirrors characters of odd level.
//
// Character properties (Bidi_Class, Bidi_Paired_Bracket and its type) come
// from golang.org/x/text/unicode/bidi. That package and
// github.com/go-text/typesetting/bidi both compute levels internally but
// hand out runs that keep only each run's direction and the level of its
// first character, so a number inside a right-to-left run and the
// left-to-right text after it (levels 2 and 0) come back as one run: this
// package keeps every character's level.
//
// The implementation is checked against Unicode's BidiTest.txt and
// BidiCharacterTest.txt.
package bidi
