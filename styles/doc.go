// Package styles holds reel's style templates as plain data: fonts, palette,
// caption/text-slide/title/credits layout, default slide duration, the
// transition and motion sets, overlays, photo fill, music fades, the
// Picovico `limits` object and the supported qualities.
//
// A Style is pure data with JSON tags; the built-in styles are JSON files
// embedded in the binary (see builtin/*.json) and served by a Registry
// (Builtin). The fonts the styles name are embedded too (fonts/, licences
// beside them) and exposed as parsed fonts with a per-rune fallback chain
// (Fonts). The package imports nothing else of reel; compose reads a Style
// and decides how to draw it.
//
// Units: durations are float64 seconds; text sizes, margins and other
// lengths are fractions of the output frame's height (or width where a
// field says so), so that every style renders crisply at 360, 480 and 720
// lines without scaling a bitmap.
package styles
