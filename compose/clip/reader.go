package clip

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"time"
)

// source produces a clip's frames in coded orientation at full size.
type source interface {
	info() Info
	// frameAt returns the frame showing at t and an identity that is the
	// same for the same frame; the image is valid until the next call.
	frameAt(ctx context.Context, t time.Duration) (*image.YCbCr, int64, error)
	close() error
}

// Reader delivers a clip's frames by presentation time. It is not safe for
// concurrent use.
type Reader struct {
	src  source
	inf  Info
	opts Options

	id      int64
	have    bool
	out     *image.YCbCr
	sc      scaler
	rotated *image.YCbCr
	closed  bool
}

// errClosed is returned by FrameAt after Close.
var errClosed = errors.New("clip: Reader is closed")

// Open prepares the clip r (size bytes) for reading with FrameAt. For
// MP4/MOV it loads the codec's decoder library first: a missing library is
// a *MissingDecoderError before any frame is decoded. Input that is not a
// clip is an error wrapping ErrUnsupported.
func Open(ctx context.Context, r io.ReaderAt, size int64, o Options) (*Reader, error) {
	return open(ctx, r, size, o, libFor)
}

// open is Open with the decoder libraries looked up by lookup.
func open(ctx context.Context, r io.ReaderAt, size int64, o Options, lookup func(codec string) (codecLib, bool)) (*Reader, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var src source
	switch sniff(r, size) {
	case kindGIF:
		s, err := openGIF(r, size)
		if err != nil {
			return nil, err
		}
		src = s
	case kindWebP:
		s, err := openWebP(r, size)
		if err != nil {
			return nil, err
		}
		src = s
	default:
		f, err := openBMFF(r, size)
		if err != nil {
			return nil, err
		}
		info, v, err := bmffInfo(f, r)
		if err != nil {
			return nil, err
		}
		c, ok := lookup(info.Codec)
		if !ok {
			name, _ := UndecodableCodec(info.Codec)
			return nil, unsupportedf("the video is %s; reel decodes H.264 and HEVC", name)
		}
		lib, err := c.open()
		if err != nil {
			return nil, err
		}
		half := o.halves(info.Width, info.Height)
		newDec := func() (videoDecoder, error) {
			d, err := lib.newDecoder(v.Config)
			if err != nil {
				return nil, fmt.Errorf("clip: starting the %s decoder: %w", info.Codec, err)
			}
			if h, ok := d.(halver); ok && half {
				h.setHalve()
			}
			return d, nil
		}
		vs := newVideoSource(r, v, info, newDec)
		if err := vs.seek(0); err != nil { // a bad configuration fails here
			return nil, err
		}
		src = vs
	}
	return &Reader{src: src, inf: src.info(), opts: o}, nil
}

// Info describes the clip (as Probe does).
func (r *Reader) Info() Info { return r.inf }

// FrameAt returns the frame showing at presentation time t: the last frame
// whose PTS <= t; the first frame for t before it; the last frame after
// the end. Calls must have non-decreasing t, except that a call may seek
// backwards (slower: decoding restarts at the sync sample before the
// frame). The image is upright (rotation applied), 8-bit 4:2:0 BT.709
// limited range, scaled down to cover the Options' size, and valid until
// the next call.
func (r *Reader) FrameAt(ctx context.Context, t time.Duration) (*image.YCbCr, error) {
	if r.closed {
		return nil, errClosed
	}
	img, id, err := r.src.frameAt(ctx, max(0, t))
	if err != nil {
		return nil, err
	}
	return r.present(img, id), nil
}

// KeyframeAt returns the picture of the last keyframe (see Keyframes) at
// or before t, as FrameAt gives pictures, decoded on its own: about one
// picture's decoding wherever the Reader was (FrameAt decodes from the
// sync sample before t, and a decoder that holds pictures back for
// reordering needs the samples after it too). The next FrameAt restarts
// decoding at a sync sample. Without keyframes (GIF, WebP) it is FrameAt.
func (r *Reader) KeyframeAt(ctx context.Context, t time.Duration) (*image.YCbCr, error) {
	v, ok := r.src.(*videoSource)
	if !ok {
		return r.FrameAt(ctx, t)
	}
	if r.closed {
		return nil, errClosed
	}
	img, id, err := v.keyframeAt(ctx, max(0, t))
	if err != nil {
		return nil, err
	}
	return r.present(img, id), nil
}

// present scales and turns the source picture img (identity id) as
// FrameAt returns it.
func (r *Reader) present(img *image.YCbCr, id int64) *image.YCbCr {
	if r.have && id == r.id {
		return r.out
	}
	rot := r.inf.Rotation
	w, h := img.Rect.Dx(), img.Rect.Dy()
	dw, dh := w, h
	if rot == 90 || rot == 270 {
		dw, dh = h, w
	}
	tw, th := r.opts.coverSize(dw, dh)
	if rot == 90 || rot == 270 {
		tw, th = th, tw
	}
	if tw != w || th != h {
		img = r.sc.scale(img, tw, th)
	}
	if rot != 0 {
		r.rotated = rotate(r.rotated, img, rot)
		img = r.rotated
	}
	r.out, r.id, r.have = img, id, true
	return img
}

// Keyframes returns the presentation times, in increasing order, of the
// pictures that FrameAt decodes on their own after a jump forwards: an
// MP4 or MOV's sync samples (one picture each, plus the few that follow
// it in decoding order when the decoder holds pictures back for
// reordering). A jump to another time decodes from the sync sample
// before it. GIF and WebP frames are drawn over the ones before them:
// none is listed (nil).
func (r *Reader) Keyframes() []time.Duration {
	if v, ok := r.src.(*videoSource); ok {
		return v.keyframes()
	}
	return nil
}

// Close releases the decoder. The Reader cannot be used afterwards.
func (r *Reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	return r.src.close()
}
