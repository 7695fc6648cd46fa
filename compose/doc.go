// Package compose is reel's frame rasterizer. It turns a Scene (one slide at a
// moment of its life, or two slides inside a transition window) into a video
// frame: photos fitted to the frame (cover, or a contained fit over the
// style's fill) and moved by a Ken Burns motion, captions, text slides, the
// title and credits cards, transitions and whole-frame overlays.
//
// Text is laid out by compose/text (see its package doc): shaped with
// HarfBuzz rules, mixed right-to-left and left-to-right text ordered per
// line by the Unicode Bidirectional Algorithm as browsers order it, lines
// broken only between words (a word too wide shrinks the text down to the
// style's minimum size, and only a word wider than the line even then is
// hyphenated), and other scripts drawn from fallback faces of the style's
// weight, with digits and punctuation in the style's own face.
//
// Frames are written straight into BT.709 limited-range 4:2:0 planes held in
// an *image.YCbCr (the container only; see docs/DESIGN.md) or, for previews
// and thumbnails, into an *image.RGBA.
//
// Photos and video clips that cover the frame are cropped the same way:
// the crop holds the faces pigo finds (on a photo's working-size image, on
// a clip's first picture's luma plane) clear of the caption where it can,
// or centres the picture's most detailed part (see framing.go). A clip's
// crop is chosen once per slide, and each of its frames is one warp
// straight from the decoded picture's planes.
//
// Speed comes from doing work once: a photo is decoded, EXIF-oriented and
// pre-scaled once (DecodePhoto); a Renderer converts it once per slide into a
// YUV "canvas" at the output size plus the Ken Burns headroom, with the fit,
// fill, framed-print look and colour grade baked in; text is rasterized once
// per slide and output size (by compose/text) and kept as YUV+alpha sprites.
// Per frame only a fixed-point separable bilinear warp of the canvas (with
// per-frame column tables and reused source rows; SSE2/SSSE3 on amd64, AVX2
// where the CPU has it, see simd.go), sprite compositing and the overlays
// run, without allocating. A crossfade into a photo warps the next photo
// and blends it straight into the frame (only the rows under its text go
// through a scratch frame).
//
// Cost per 720p frame (go test ./compose -run '^$' -bench
// 'Frame720$|Transition720$' -benchtime 2s -cpu 1; docs/PERFORMANCE.md,
// "Composition", gives the machine and the other figures): a Ken Burns
// photo with a caption composes at 3530-3680 frames per CPU second on one
// core (amd64, AVX2), a crossfade of two moving photos at 1830-1930, with
// no allocation per frame. Decoding a 12 MP JPEG allocates about 35 MB
// (the decoder's YCbCr image, the working-size result, a few rows).
package compose
