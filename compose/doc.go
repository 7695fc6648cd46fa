// Package compose is reel's frame rasterizer. It turns a Scene (one slide at a
// moment of its life, or two slides inside a transition window) into a video
// frame: photos fitted to the frame (cover, or a contained fit over the
// style's fill) and moved by a Ken Burns motion, captions, text slides, the
// title and credits cards, transitions and whole-frame overlays.
//
// Frames are written straight into BT.709 limited-range 4:2:0 planes held in
// an *image.YCbCr (the container only; see docs/DESIGN.md) or, for previews
// and thumbnails, into an *image.RGBA.
//
// Speed comes from doing work once: a photo is decoded, EXIF-oriented and
// pre-scaled once (DecodePhoto); a Renderer converts it once per slide into a
// YUV "canvas" at the output size plus the Ken Burns headroom, with the fit,
// fill, framed-print look and colour grade baked in; text is rasterized once
// per slide and output size (by compose/text) and kept as YUV+alpha sprites.
// Per frame only a fixed-point separable bilinear warp of the canvas (with
// per-frame column tables and reused source rows), sprite compositing and
// the overlays run, without allocating.
package compose
