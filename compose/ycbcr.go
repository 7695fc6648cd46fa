package compose

import (
	"fmt"
	"image"
)

// RGBAToYCbCr converts src, an opaque premultiplied RGBA image, into dst,
// a 4:2:0 image of the same size, in BT.709 limited range: the conversion
// reel's photos go through (luma per pixel, chroma from each 2x2 block's
// summed RGB, rounded once). A translucent src is converted as if
// composited over black. It panics when the sizes or the subsampling
// differ, as image/draw does for a programming error.
func RGBAToYCbCr(dst *image.YCbCr, src *image.RGBA) {
	if dst.SubsampleRatio != image.YCbCrSubsampleRatio420 || dst.Rect.Size() != src.Rect.Size() {
		panic(fmt.Sprintf("compose: RGBAToYCbCr of a %v RGBA into a %v %v YCbCr", src.Rect.Size(), dst.Rect.Size(), dst.SubsampleRatio))
	}
	p := planesOf(dst)
	rgbaToPlanes(&p, src)
}
