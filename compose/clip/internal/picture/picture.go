// Package picture holds what the clip decoder bindings (openh264, de265)
// share: the decoded Picture type, the Pool that reuses its planes, and
// the probe rule that checks a loaded library by decoding one known
// picture. Each binding keeps only its library's calls.
package picture

// Picture is one decoded picture in 4:2:0, its planes copied out of the
// decoder and owned by the caller (until given back with a decoder's
// Reuse).
type Picture struct {
	PTS              int64    // the pts given to Decode with the picture's access unit
	Width, Height    int      // display size (after the SPS cropping or conformance window)
	BitDepth         int      // 8, or more (10 for HEVC Main 10)
	Y, Cb, Cr        []byte   // the planes when BitDepth is 8
	Y16, Cb16, Cr16  []uint16 // the planes when BitDepth > 8, one sample per element
	YStride, CStride int      // in samples
}
