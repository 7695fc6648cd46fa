package openh264

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/reelkit/reel/compose/clip/internal/halve"
	"github.com/reelkit/reel/compose/clip/internal/nalu"
	planes "github.com/reelkit/reel/compose/clip/internal/picture"
)

// ErrBitstream is wrapped by Decode's error when OpenH264 reports the
// access unit (or one it depends on) as broken or undecodable.
var ErrBitstream = errors.New("openh264: undecodable H.264 data")

// ErrUnsupported is wrapped when a stream uses a feature OpenH264 does
// not decode: interlaced coding, chroma formats other than 4:2:0, more
// than 8 bits per sample.
var ErrUnsupported = errors.New("openh264: unsupported H.264 stream")

// Picture is one decoded picture in 8-bit 4:2:0 (OpenH264 decodes 8-bit
// streams only: Y16, Cb16 and Cr16 are nil), its planes copied out of
// the decoder and owned by the caller (see package picture).
type Picture = planes.Picture

// Decoder decodes one H.264 stream. It is not safe for concurrent use;
// distinct decoders may run concurrently.
type Decoder struct {
	dec        dlDecoder
	lengthSize int
	reorder    int       // pictures held back for display order
	held       []Picture // decoded, not yet returned; sorted by PTS
	units      [][]byte
	annexB     []byte
	pool       planes.Pool // planes given back by Reuse
	halve      bool        // pictures come out halved (SetHalve)
	closed     bool
}

// SetHalve makes the decoder return its pictures reduced by two on both
// axes (2x2 means, see package halve), for a caller that shows them at
// half their size or less.
func (d *Decoder) SetHalve(on bool) { d.halve = on }

// Reuse gives back the planes of a picture this decoder returned and the
// caller no longer reads: a later picture is decoded into them instead
// of new memory (a 1080p stream otherwise allocates 3 MB per picture for
// the garbage collector to find). p must not be used afterwards.
func (d *Decoder) Reuse(p Picture) { d.pool.Put(p) }

// NewDecoder returns a single-threaded decoder (the caller runs many
// clips and frames in parallel already). config is the body of an avcC
// record; its SPS and PPS are fed to the decoder first and its NAL length
// size is used to read every access unit. With a nil config the
// parameter sets must be in-band and access units may be length-prefixed
// with 4 bytes or in Annex B form.
func (l *Lib) NewDecoder(config []byte) (*Decoder, error) {
	d := &Decoder{lengthSize: 4, reorder: 16}
	var sets []byte
	if config != nil {
		c, err := parseAVCC(config)
		if err != nil {
			return nil, err
		}
		d.lengthSize = c.lengthSize
		for _, ps := range append(c.sps, c.pps...) {
			if ps[0]&0x1f == 7 {
				if err := d.readSPS(ps); err != nil {
					return nil, err
				}
			}
			sets = nalu.AppendAnnexB(sets, ps)
		}
	}
	dec, err := l.dl.newDecoder()
	if err != nil {
		return nil, fmt.Errorf("openh264: %w", err)
	}
	d.dec = dec
	if len(sets) > 0 {
		if state, _, _ := d.dec.decode(sets, 0); state&^dsFramePending != 0 {
			d.Close()
			return nil, fmt.Errorf("%w: the avcC parameter sets are refused (%s)", ErrBitstream, stateString(state))
		}
	}
	return d, nil
}

// readSPS checks that OpenH264 can decode the stream an SPS describes and
// takes the display reordering depth from it.
func (d *Decoder) readSPS(nal []byte) error {
	s, err := parseSPS(nal)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBitstream, err)
	}
	switch {
	case !s.frameMBsOnly:
		return fmt.Errorf("%w: interlaced (field or MBAFF) coding", ErrUnsupported)
	case s.chromaFormat != 1:
		return fmt.Errorf("%w: chroma format %d (only 4:2:0 is decoded)", ErrUnsupported, s.chromaFormat)
	case s.bitDepth != 8:
		return fmt.Errorf("%w: %d bits per sample (only 8 is decoded)", ErrUnsupported, s.bitDepth)
	}
	d.reorder = s.reorder
	return nil
}

// OpenH264's DECODING_STATE bits.
const (
	dsFramePending = 0x01
)

// Decode decodes one access unit, length-prefixed as configured (see
// NewDecoder), presented at pts (any unit; pictures come out sorted by
// it, so it must follow display order as MP4 composition times do). It
// returns the pictures that became ready, in display order: each access
// unit's picture comes out exactly once, held back only as long as the
// SPS's reordering depth requires. A broken access unit gives an error
// wrapping ErrBitstream and no picture; pictures made ready by the same
// call are still returned with it, and decoding may continue (OpenH264
// resumes output at the next IDR picture).
func (d *Decoder) Decode(au []byte, pts int64) ([]Picture, error) {
	if d.closed {
		return nil, errors.New("openh264: Decode after Close")
	}
	var err error
	d.units, err = nalu.Split(d.units[:0], au, d.lengthSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBitstream, err)
	}
	d.annexB = d.annexB[:0]
	for _, u := range d.units {
		if u[0]&0x1f == 7 {
			if err := d.readSPS(u); err != nil {
				return nil, err
			}
		}
		d.annexB = nalu.AppendAnnexB(d.annexB, u)
	}
	if len(d.annexB) == 0 {
		return nil, nil
	}
	state, raw, ok := d.dec.decode(d.annexB, uint64(pts))
	if ok {
		if err := d.keep(raw); err != nil {
			return d.ready(false), err
		}
	}
	if err := d.drain(); err != nil {
		return d.ready(false), err
	}
	out := d.ready(false)
	if state&^dsFramePending != 0 {
		return out, fmt.Errorf("%w: %s", ErrBitstream, stateString(state))
	}
	return out, nil
}

// drain takes every picture OpenH264 holds for its own reordering: the
// decoder orders pictures itself, by PTS, so that OpenH264's ordering
// (by the POC's low bits) and its 16-entry buffer never drop or misplace
// one.
func (d *Decoder) drain() error {
	for n := d.dec.remaining(); n > 0; n-- {
		_, raw, ok := d.dec.flushOne()
		if !ok {
			break
		}
		if err := d.keep(raw); err != nil {
			return err
		}
	}
	return nil
}

// Flush returns every picture still held back, in display order, at the
// end of the stream (or before a seek: the decoder then accepts a new
// sequence of access units starting at an IDR picture).
func (d *Decoder) Flush() ([]Picture, error) {
	if d.closed {
		return nil, errors.New("openh264: Flush after Close")
	}
	d.dec.setEndOfStream(true)
	err := d.drain()
	return d.ready(true), err
}

// Close releases the decoder. It is safe to call more than once.
func (d *Decoder) Close() {
	if d.closed {
		return
	}
	d.closed = true
	if d.dec.d != nil {
		d.dec.free()
	}
	d.held = nil
}

// keep copies a decoded picture out of OpenH264's memory into the
// PTS-sorted held list.
func (d *Decoder) keep(raw rawPicture) error {
	if raw.format != videoFormatI420 || raw.w <= 0 || raw.h <= 0 || raw.yStride < raw.w || raw.cStride < (raw.w+1)/2 {
		return fmt.Errorf("%w: unexpected picture %dx%d format %d strides %d/%d", ErrBitstream, raw.w, raw.h, raw.format, raw.yStride, raw.cStride)
	}
	cw, ch := (raw.w+1)/2, (raw.h+1)/2
	w, h := raw.w, raw.h
	if d.halve {
		w, h = halve.Size(w), halve.Size(h)
	}
	p := d.pool.New8(w, h)
	p.PTS = int64(raw.ts)
	if d.halve {
		halvePlane(p.Y, raw.y, raw.yStride, raw.w, raw.h)
		halvePlane(p.Cb, raw.cb, raw.cStride, cw, ch)
		halvePlane(p.Cr, raw.cr, raw.cStride, cw, ch)
	} else {
		copyPlane(p.Y, raw.w, raw.y, raw.yStride, raw.w, raw.h)
		copyPlane(p.Cb, cw, raw.cb, raw.cStride, cw, ch)
		copyPlane(p.Cr, cw, raw.cr, raw.cStride, cw, ch)
	}
	i := len(d.held)
	for i > 0 && d.held[i-1].PTS > p.PTS {
		i--
	}
	d.held = append(d.held, Picture{})
	copy(d.held[i+1:], d.held[i:])
	d.held[i] = p
	return nil
}

// ready removes and returns the held pictures that can be shown: all of
// them when flushing, else those beyond the reordering depth.
func (d *Decoder) ready(flush bool) []Picture {
	n := len(d.held) - d.reorder
	if flush {
		n = len(d.held)
	}
	if n <= 0 {
		return nil
	}
	out := make([]Picture, n)
	copy(out, d.held[:n])
	d.held = append(d.held[:0], d.held[n:]...)
	return out
}

// halvePlane writes the w x h plane at src (stride bytes per row) halved
// into dst.
func halvePlane(dst []byte, src unsafe.Pointer, stride, w, h int) {
	halve.Plane(dst, unsafe.Slice((*byte)(src), (h-1)*stride+w), stride, w, h)
}

func copyPlane(dst []byte, dstStride int, src unsafe.Pointer, srcStride, w, h int) {
	s := unsafe.Slice((*byte)(src), (h-1)*srcStride+w)
	for y := range h {
		copy(dst[y*dstStride:y*dstStride+w], s[y*srcStride:y*srcStride+w])
	}
}

// videoFormatI420 is EVideoFormatType's value for planar 4:2:0.
const videoFormatI420 = 23

// stateString names the bits of a DECODING_STATE.
func stateString(state int) string {
	names := []struct {
		bit  int
		name string
	}{
		{0x01, "frame pending"}, {0x02, "reference lost"}, {0x04, "bitstream error"},
		{0x08, "dependent layer lost"}, {0x10, "no parameter sets"}, {0x20, "error concealed"},
		{0x40, "null reference"}, {0x1000, "invalid argument"}, {0x2000, "not initialised"},
		{0x4000, "out of memory"}, {0x8000, "output buffer too small"},
	}
	s := ""
	for _, n := range names {
		if state&n.bit != 0 {
			if s != "" {
				s += ", "
			}
			s += n.name
		}
	}
	if s == "" {
		s = fmt.Sprintf("state %#x", state)
	}
	return s
}
