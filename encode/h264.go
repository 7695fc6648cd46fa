//go:build cgo

package encode

import (
	"errors"
	"fmt"
	"image"
	"runtime"
	"unsafe"

	"github.com/gen2brain/x264-go/x264c"
)

// H264Encoder drives x264 through the low-level x264c binding. Its input
// picture lives in C memory allocated once; the caller fills Picture() and
// calls Encode. It is not safe for concurrent use.
type H264Encoder struct {
	opts VideoOptions
	lib  *x264Lib
	enc  *x264c.T
	// pic, out and nnal are separate allocations free of Go pointers: cgo
	// checks the whole object behind a pointer passed as unsafe.Pointer.
	pic   *x264c.Picture // input picture; planes owned by x264_picture_alloc
	out   *x264c.Picture
	nals  []*x264c.Nal
	nnal  *int32
	frame image.YCbCr
	sps   []byte
	pps   []byte
	// version is x264's identification from its SEI (see seiVersion).
	version string
	next    int64
	closed  bool
}

// NewH264Encoder opens an x264 encoder for o (defaults applied, see
// VideoOptions), with the x264 library chosen by X264Env (by default a
// compatible system libx264 when one can be loaded, else the bundled
// one; see X264). The caller must Close it to free the C memory.
func NewH264Encoder(o VideoOptions) (*H264Encoder, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	lib, err := chooseX264(o.X264)
	if err != nil {
		return nil, err
	}
	return openH264(lib, o)
}

// openH264 opens an encoder for o (defaults already applied) with lib.
func openH264(lib *x264Lib, o VideoOptions) (*H264Encoder, error) {
	x := lib.api
	var p x264c.Param
	if x.paramDefaultPreset(&p, string(o.Preset), o.Tune) < 0 {
		return nil, fmt.Errorf("%w: unknown x264 preset %q or tune %q", ErrInvalidOptions, o.Preset, o.Tune)
	}
	p.ILogLevel = x264c.LogNone
	p.IThreads = int32(o.Threads)
	p.ISyncLookahead = syncLookahead(o.Width, o.Height, p.ISyncLookahead)
	p.IWidth, p.IHeight = int32(o.Width), int32(o.Height)
	p.ICsp = x264c.CspI420
	p.IBitdepth = 8
	p.BVfrInput = 0
	p.IFpsNum, p.IFpsDen = uint32(o.FrameRate.Num), uint32(o.FrameRate.Den)
	p.ITimebaseNum, p.ITimebaseDen = uint32(o.FrameRate.Den), uint32(o.FrameRate.Num)
	p.IKeyintMax = int32(o.keyint())
	p.IKeyintMin = x264c.KeyintMinAuto
	p.BIntraRefresh = 0
	p.BOpenGop = 0
	if o.BFrames < 0 {
		p.IBframe = 0
	} else {
		p.IBframe = int32(o.BFrames)
	}
	p.Vui.ISarWidth, p.Vui.ISarHeight = 1, 1
	p.Vui.BFullrange = 0
	p.Vui.IColorprim, p.Vui.ITransfer, p.Vui.IColmatrix = 1, 1, 1 // BT.709
	if o.Bitrate > 0 {
		p.Rc.IRcMethod = x264c.RcAbr
		p.Rc.IBitrate = int32(o.Bitrate)
	} else {
		p.Rc.IRcMethod = x264c.RcCrf
		p.Rc.FRfConstant = float32(o.CRF)
	}
	p.BAnnexb = 0 // 4-byte lengths instead of start codes: AVCC
	p.BRepeatHeaders = 0
	p.BAud = 0
	if x.paramApplyProfile(&p, "high") < 0 {
		return nil, fmt.Errorf("%w: options not allowed in H.264 High profile", ErrInvalidOptions)
	}

	e := &H264Encoder{opts: o, lib: lib, nals: make([]*x264c.Nal, 1), pic: new(x264c.Picture), out: new(x264c.Picture), nnal: new(int32)}
	e.enc = x.encoderOpen(&p)
	if e.enc == nil {
		return nil, fmt.Errorf("%w: x264 refused the parameters for %dx%d", ErrInvalidOptions, o.Width, o.Height)
	}
	if x.pictureAlloc(e.pic, x264c.CspI420, p.IWidth, p.IHeight) < 0 {
		x.encoderClose(e.enc)
		return nil, errors.New("encode: x264 picture allocation failed")
	}
	if err := e.headers(); err != nil {
		e.Close()
		return nil, err
	}
	e.frame = image.YCbCr{
		Y:              unsafe.Slice((*byte)(e.pic.Img.Plane[0]), o.Width*o.Height),
		Cb:             unsafe.Slice((*byte)(e.pic.Img.Plane[1]), o.Width*o.Height/4),
		Cr:             unsafe.Slice((*byte)(e.pic.Img.Plane[2]), o.Width*o.Height/4),
		YStride:        int(e.pic.Img.IStride[0]),
		CStride:        int(e.pic.Img.IStride[1]),
		SubsampleRatio: image.YCbCrSubsampleRatio420,
		Rect:           image.Rect(0, 0, o.Width, o.Height),
	}
	// x264_picture_alloc leaves the planes uninitialised: start from
	// black so that a frame the caller only partly draws is deterministic.
	fill(e.frame.Y, 16)
	fill(e.frame.Cb, 128)
	fill(e.frame.Cr, 128)
	return e, nil
}

// headers fetches SPS and PPS (without their length prefixes) and x264's
// version from its SEI.
func (e *H264Encoder) headers() error {
	if e.lib.api.encoderHeaders(e.enc, e.nals, e.nnal) < 0 {
		return errors.New("encode: x264 could not produce SPS/PPS")
	}
	for _, n := range e.nalList() {
		payload := unsafe.Slice((*byte)(n.PPayload), n.IPayload)
		if len(payload) < 5 {
			continue
		}
		switch n.IType {
		case x264c.NalSps:
			e.sps = append([]byte(nil), payload[4:]...)
		case x264c.NalPps:
			e.pps = append([]byte(nil), payload[4:]...)
		case x264c.NalSei:
			if e.version == "" {
				e.version = seiVersion(payload)
			}
		}
	}
	if e.sps == nil || e.pps == nil {
		return errors.New("encode: x264 headers lack SPS or PPS")
	}
	return nil
}

func (e *H264Encoder) nalList() []x264c.Nal {
	if *e.nnal <= 0 || e.nals[0] == nil {
		return nil
	}
	return unsafe.Slice(e.nals[0], *e.nnal)
}

// Options returns the options in effect, defaults filled in.
func (e *H264Encoder) Options() VideoOptions { return e.opts }

// X264 describes the x264 library this encoder uses.
func (e *H264Encoder) X264() X264Info { return e.lib.info }

// SPS returns the sequence parameter set NAL unit (no length prefix).
func (e *H264Encoder) SPS() []byte { return e.sps }

// PPS returns the picture parameter set NAL unit (no length prefix).
func (e *H264Encoder) PPS() []byte { return e.pps }

// Picture returns the reusable input picture. Its planes alias C memory
// owned by the encoder: write the next frame into them, then call Encode.
// The slices become invalid after Close.
func (e *H264Encoder) Picture() *image.YCbCr { return &e.frame }

// Encode codes the current contents of Picture as the next frame and
// passes every packet x264 releases to emit (zero or one per call, in
// decode order). Packet data is valid only during emit.
func (e *H264Encoder) Encode(emit func(Packet) error) error {
	if e.closed {
		return ErrClosed
	}
	e.pic.IPts = e.next
	e.pic.IType = x264c.TypeAuto
	e.next++
	return e.encode(e.pic, emit)
}

// EncodePicture codes img as the next frame without copying it into
// Picture first: x264 reads img's planes (pinned for the duration of the
// call) and takes its own copy before returning, so img may be reused as
// soon as EncodePicture returns. img must be a 4:2:0 picture of exactly
// the encoder's size with its origin at (0, 0). Picture is left as it was.
func (e *H264Encoder) EncodePicture(img *image.YCbCr, emit func(Packet) error) error {
	if e.closed {
		return ErrClosed
	}
	o := e.opts
	cw, ch := (o.Width+1)/2, (o.Height+1)/2
	if img.SubsampleRatio != image.YCbCrSubsampleRatio420 || img.Rect != image.Rect(0, 0, o.Width, o.Height) ||
		img.YStride < o.Width || img.CStride < cw ||
		len(img.Y) < (o.Height-1)*img.YStride+o.Width ||
		len(img.Cb) < (ch-1)*img.CStride+cw || len(img.Cr) < (ch-1)*img.CStride+cw {
		return fmt.Errorf("%w: picture %v (%v, strides %d/%d) is not a %dx%d 4:2:0 frame",
			ErrInvalidOptions, img.Rect, img.SubsampleRatio, img.YStride, img.CStride, o.Width, o.Height)
	}
	var pin runtime.Pinner
	defer pin.Unpin()
	planes := [3]*byte{&img.Y[0], &img.Cb[0], &img.Cr[0]}
	for _, p := range planes {
		pin.Pin(p)
	}
	saved, strides := e.pic.Img.Plane, e.pic.Img.IStride
	defer func() { e.pic.Img.Plane, e.pic.Img.IStride = saved, strides }()
	for i, p := range planes {
		e.pic.Img.Plane[i] = unsafe.Pointer(p)
	}
	e.pic.Img.IStride[0] = int32(img.YStride)
	e.pic.Img.IStride[1], e.pic.Img.IStride[2] = int32(img.CStride), int32(img.CStride)
	e.pic.IPts = e.next
	e.pic.IType = x264c.TypeAuto
	e.next++
	return e.encode(e.pic, emit)
}

// Flush drains the frames x264 still holds (B-frame and lookahead delay)
// into emit.
func (e *H264Encoder) Flush(emit func(Packet) error) error {
	if e.closed {
		return ErrClosed
	}
	for e.lib.api.encoderDelayedFrames(e.enc) > 0 {
		if err := e.encode(nil, emit); err != nil {
			return err
		}
	}
	return nil
}

func (e *H264Encoder) encode(in *x264c.Picture, emit func(Packet) error) error {
	size := e.lib.api.encoderEncode(e.enc, e.nals, e.nnal, in, e.out)
	if size < 0 {
		return fmt.Errorf("encode: x264 failed on frame %d", e.next-1)
	}
	if size == 0 {
		return nil
	}
	// x264 lays the NAL units of one picture out contiguously, already
	// length-prefixed (b_annexb = 0): the whole span is the AVCC sample.
	nals := e.nalList()
	first := nals[0].PPayload
	data := unsafe.Slice((*byte)(first), int(size))
	return emit(Packet{
		Data:     data,
		PTS:      e.out.IPts,
		DTS:      e.out.IDts,
		Keyframe: e.out.BKeyframe != 0 && e.out.IType == x264c.TypeIdr,
	})
}

// Close frees the encoder and its picture. It is safe to call twice.
func (e *H264Encoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	e.frame = image.YCbCr{}
	if e.pic.Img.Plane[0] != nil {
		e.lib.api.pictureClean(e.pic)
	}
	if e.enc != nil {
		e.lib.api.encoderClose(e.enc)
		e.enc = nil
	}
	return nil
}

func fill(b []byte, v byte) {
	for i := range b {
		b[i] = v
	}
}

// unthreadedLookaheadPixels is the frame area (1920x1080 or 1080x1920)
// from which x264's lookahead runs in the encoding thread instead of its own.
const unthreadedLookaheadPixels = 1920 * 1080

// syncLookahead is x264's i_sync_lookahead for a w x h encode given the
// preset's value def: 0 (no lookahead thread) from 1080p up, else def.
// The lookahead thread buffers bframes+1 more full frames (about 35 MB at
// 1080p, with their half-pel and low-resolution planes) and its output is
// bit-identical without it: `reel bench --size 1920x1080` peaks 28-35 MiB
// lower, at a CPU cost within run-to-run noise (docs/PERFORMANCE.md,
// "Memory").
func syncLookahead(w, h int, def int32) int32 {
	if w*h >= unthreadedLookaheadPixels {
		return 0
	}
	return def
}
