package server

import (
	"context"
	"errors"
	"image"
	"io"
	"strings"

	clipdec "github.com/reelkit/reel/compose/clip"
)

// clipLib is compose/clip.
type clipLib struct{}

// Probe is clip.Probe (its demuxer, internal/bmff, refuses an MP4 or
// MOV whose samples lie past the end of the file: truncated).
func (clipLib) Probe(r io.ReaderAt, size int64) (clipInfo, error) {
	info, err := clipdec.Probe(r, size)
	if err != nil {
		return clipInfo{}, fromClipErr(err)
	}
	return clipInfo{Container: info.Container, Codec: info.Codec, Width: info.Width, Height: info.Height,
		Rotation: info.Rotation, Duration: info.Duration, FrameRate: info.FrameRate, HasAudio: info.Audio != nil}, nil
}

// FirstFrame opens the clip (which checks its decoder is available) and
// decodes the picture shown at time 0, converted to RGB.
func (clipLib) FirstFrame(ctx context.Context, r io.ReaderAt, size int64) (image.Image, error) {
	rd, err := clipdec.Open(ctx, r, size, clipdec.Options{})
	if err != nil {
		return nil, fromClipErr(err)
	}
	defer rd.Close()
	img, err := rd.FrameAt(ctx, 0)
	if err != nil {
		return nil, fromClipErr(err)
	}
	return rgbaOf(img), nil // copied out: img is the decoder's until the next call
}

// undecodableCodec is compose/clip's UndecodableCodec: whether reel
// cannot decode a probed codec, and its name for people.
func undecodableCodec(codec string) (string, bool) { return clipdec.UndecodableCodec(codec) }

// fromClipErr turns compose/clip's errors into the server's.
func fromClipErr(err error) error {
	var md *clipdec.MissingDecoderError
	switch {
	case errors.As(err, &md):
		return &clipMissingDecoderError{Msg: md.Error(), Err: err}
	case errors.Is(err, clipdec.ErrTooLarge):
		return &clipReasonError{Kind: errClipTooLarge, Reason: clipReason(err, clipdec.ErrTooLarge), Err: err}
	case errors.Is(err, clipdec.ErrUnsupported):
		return &clipReasonError{Kind: errClipUnsupported, Reason: clipReason(err, clipdec.ErrUnsupported), Err: err}
	}
	return err
}

// clipReason is what err says after the sentinel's own words ("clip: not
// a video clip reel can read: the file has no video track" -> "the file
// has no video track"); err's whole text when the sentinel's is not in it.
func clipReason(err, sentinel error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, sentinel.Error()); ok {
		after = strings.TrimSpace(strings.TrimLeft(after, ":"))
		after = strings.TrimSuffix(strings.TrimPrefix(after, "("), ")")
		if after != "" {
			return after
		}
	}
	return msg
}

// rgbaOf converts a picture in compose/clip's format (8-bit 4:2:0,
// BT.709, limited range) to RGB: image/jpeg would take an *image.YCbCr
// as full-range BT.601 samples and shift its colours.
func rgbaOf(src *image.YCbCr) *image.RGBA {
	r := src.Rect
	dst := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	clamp := func(v int32) uint8 {
		v = (v + 1<<15) >> 16
		return uint8(min(max(v, 0), 255))
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		out := dst.Pix[(y-r.Min.Y)*dst.Stride:]
		for x := r.Min.X; x < r.Max.X; x++ {
			yy := (int32(src.Y[src.YOffset(x, y)]) - 16) * 76309 // 1.1644 in 16.16
			ci := src.COffset(x, y)
			cb, cr := int32(src.Cb[ci])-128, int32(src.Cr[ci])-128
			o := out[(x-r.Min.X)*4:]
			o[0] = clamp(yy + 117489*cr)           // 1.7927
			o[1] = clamp(yy - 13975*cb - 34925*cr) // 0.2132, 0.5329
			o[2] = clamp(yy + 138438*cb)           // 2.1124
			o[3] = 255
		}
	}
	return dst
}
