// Package styles holds reel's style templates as plain data: fonts, palette,
// caption/text-slide/title/credits layout, default slide duration, the
// transition and motion sets, overlays, photo fill, music fades, the
// Picovico `limits` object and the supported qualities.
//
// A Style is pure data with JSON tags; the built-in styles are JSON files
// embedded in the binary (see builtin/*.json) and served by a Registry
// (Builtin). The fonts the styles name are embedded too (fonts/, licences
// beside them) and exposed as font bytes (FontData) with a per-character
// fallback chain that keeps each face's weight and slant (FallbackChain,
// FontAspect). The package imports nothing else of reel; compose reads a
// Style and decides how to draw it.
//
// Units: durations are float64 seconds; text sizes, gaps and other lengths
// are fractions of the output frame's short side (Unit: the height of a
// landscape frame, the width of a portrait one), or of its width or height
// where a field says so, so that every style renders crisply at any size
// from 360 lines to 4K and lays out landscape, portrait (9:16, 4:5) and
// square frames alike without scaling a bitmap. SafeInsets is the one
// place that turns SafeMargin (and, in 9:16 frames, the phone platforms'
// UI zones) into a frame's title-safe insets.
package styles
