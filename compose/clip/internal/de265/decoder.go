package de265

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"github.com/reelkit/reel/compose/clip/internal/halve"
	"github.com/reelkit/reel/compose/clip/internal/nalu"
	"github.com/reelkit/reel/compose/clip/internal/picture"
)

// ErrBitstream is wrapped by Decode's error when libde265 reports the
// data as undecodable.
var ErrBitstream = errors.New("de265: undecodable HEVC data")

// ErrUnsupported is wrapped when a stream decodes to pictures the clip
// path does not take: chroma formats other than 4:2:0, more than 16 bits.
var ErrUnsupported = errors.New("de265: unsupported HEVC stream")

// Picture is one decoded picture in 4:2:0, its planes copied out of the
// decoder and owned by the caller (8-bit planes, or 16-bit ones for
// Main 10 and deeper; see package picture).
type Picture = picture.Picture

// Decoder decodes one HEVC stream. It is not safe for concurrent use;
// distinct decoders may run concurrently. It must be closed: Close frees
// its C memory and ends its thread.
type Decoder struct {
	dec        dlDecoder
	lengthSize int
	reorder    int       // pictures held back for display order
	held       []Picture // decoded, not yet returned; sorted by PTS
	lastSets   [3][]byte // the last VPS, SPS and PPS sent to libde265
	config     [][]byte  // the hvcC's parameter sets
	units      [][]byte
	pool       picture.Pool // planes given back by Reuse
	halve      bool         // pictures come out halved (SetHalve)
	closed     bool
	thread     *osThread     // where every libde265 call runs
	freed      pictureMemory // the picture pool's counters at Close
}

// SetHalve makes the decoder return its pictures reduced by two on both
// axes (2x2 means, see package halve), for a caller that shows them at
// half their size or less.
func (d *Decoder) SetHalve(on bool) { d.halve = on }

// Reuse gives back the planes of a picture this decoder returned and the
// caller no longer reads: a later picture is decoded into them instead
// of new memory. p must not be used afterwards.
func (d *Decoder) Reuse(p Picture) { d.pool.Put(p) }

// NewDecoder returns a decoder that decodes on an OS thread of its own
// (see osThread), one picture at a time: no libde265 worker threads, as
// the caller runs many clips and frames in parallel already. Close ends
// the thread. config is the body of an hvcC record; its VPS, SPS
// and PPS are fed to the decoder first and its NAL length size is used
// to read every access unit. With a nil config the parameter sets must
// be in-band and access units may be length-prefixed with 4 bytes or in
// Annex B form.
func (l *Lib) NewDecoder(config []byte) (*Decoder, error) {
	d := &Decoder{lengthSize: 4, reorder: 16}
	var sets [][]byte
	if config != nil {
		c, err := parseHVCC(config)
		if err != nil {
			return nil, err
		}
		d.lengthSize, sets = c.lengthSize, c.sets
	}
	d.config = sets
	d.thread = startThread()
	var err error
	d.thread.run(func() {
		dec, ok := l.dl.newDecoder()
		if !ok {
			err = errors.New("de265: de265_new_decoder failed")
			return
		}
		d.dec = dec
		err = d.pushConfig()
	})
	if err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// pushConfig sends the hvcC's parameter sets.
func (d *Decoder) pushConfig() error {
	for _, u := range d.config {
		d.repeated(u)
		d.readSPS(u)
		if e := d.dec.pushNAL(u, 0); !d.dec.lib.ok(e) {
			return fmt.Errorf("%w: hvcC parameter set refused: %s", ErrBitstream, d.dec.lib.errorText(e))
		}
	}
	return nil
}

// Decode decodes one access unit, length-prefixed as configured (see
// NewDecoder), presented at pts (any unit). It returns the pictures that
// became ready, in display order: sorted by pts (which must follow
// display order, as MP4 composition times do), each held back only as
// long as the SPS's sps_max_num_reorder_pics requires, and each tagged
// with its own access unit's pts. Data libde265 cannot
// decode gives an error wrapping ErrBitstream together with any pictures
// made ready; decoding may continue.
func (d *Decoder) Decode(au []byte, pts int64) (pics []Picture, err error) {
	if d.closed {
		return nil, errors.New("de265: Decode after Close")
	}
	d.thread.run(func() { pics, err = d.decode(au, pts) })
	return pics, err
}

// decode is Decode on the decoder's thread.
func (d *Decoder) decode(au []byte, pts int64) ([]Picture, error) {
	var err error
	d.units, err = nalu.Split(d.units[:0], au, d.lengthSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBitstream, err)
	}
	if len(d.units) == 0 {
		return nil, nil
	}
	for _, u := range d.units {
		if d.repeated(u) {
			continue
		}
		d.readSPS(u)
		if e := d.dec.pushNAL(u, pts); !d.dec.lib.ok(e) {
			return nil, fmt.Errorf("%w: %s", ErrBitstream, d.dec.lib.errorText(e))
		}
	}
	d.dec.endOfFrame()
	pics, err := d.run()
	return d.order(pics, false), err
}

// repeated reports whether u is a VPS, SPS or PPS identical to the last
// one of its type, and records it otherwise. Repeats (an Annex B stream
// repeats them before every random access point) are not passed on:
// libde265 1.0 takes each as the start of a new sequence and then
// decodes the RASL pictures after a CRA from references it has dropped.
func (d *Decoder) repeated(u []byte) bool {
	if len(u) < 2 {
		return false
	}
	i := int(u[0]>>1&0x3f) - 32
	if i < 0 || i > 2 {
		return false
	}
	if bytes.Equal(d.lastSets[i], u) {
		return true
	}
	d.lastSets[i] = slices.Clone(u)
	return false
}

// readSPS takes the display reordering depth from an SPS NAL unit; other
// units, and SPSs it cannot read, leave it unchanged (libde265 reports
// broken ones).
func (d *Decoder) readSPS(u []byte) {
	if len(u) < 2 || u[0]>>1&0x3f != 33 {
		return
	}
	if n, err := parseReorder(u); err == nil {
		d.reorder = n
	}
}

// order puts pictures in display order by PTS: libde265 1.0 hands them
// out in decoding order, so they are held until more than the SPS's
// sps_max_num_reorder_pics are waiting (all of them when flushing).
func (d *Decoder) order(pics []Picture, flush bool) []Picture {
	for _, p := range pics {
		i := len(d.held)
		for i > 0 && d.held[i-1].PTS > p.PTS {
			i--
		}
		d.held = slices.Insert(d.held, i, p)
	}
	n := len(d.held) - d.reorder
	if flush {
		n = len(d.held)
	}
	if n <= 0 {
		return nil
	}
	out := slices.Clone(d.held[:n])
	d.held = slices.Delete(d.held, 0, n)
	return out
}

// run decodes the pushed data as far as it goes and collects the
// pictures that come out.
func (d *Decoder) run() ([]Picture, error) {
	var out []Picture
	var firstErr error
	for range 1 << 20 {
		e, more := d.dec.decode()
		pics, perr := d.collect()
		out = append(out, pics...)
		if perr != nil && firstErr == nil {
			firstErr = perr
		}
		switch {
		case e == errImageBufferFull:
			continue
		case e == errWaitingForInput:
			return out, firstErr
		case !d.dec.lib.ok(e):
			if firstErr == nil {
				firstErr = fmt.Errorf("%w: %s", ErrBitstream, d.dec.lib.errorText(e))
			}
			if !more {
				return out, firstErr
			}
		}
		if !more {
			return out, firstErr
		}
	}
	return out, errors.New("de265: decoder does not finish")
}

// Flush returns every picture still held back, in display order, at the
// end of the stream (or before a seek: the decoder is then reset and
// accepts a new sequence of access units starting at a random access
// point, with its parameter sets).
func (d *Decoder) Flush() (pics []Picture, err error) {
	if d.closed {
		return nil, errors.New("de265: Flush after Close")
	}
	d.thread.run(func() { pics, err = d.flush() })
	return pics, err
}

// flush is Flush on the decoder's thread.
func (d *Decoder) flush() ([]Picture, error) {
	if e := d.dec.flush(); !d.dec.lib.ok(e) {
		return nil, fmt.Errorf("%w: %s", ErrBitstream, d.dec.lib.errorText(e))
	}
	out, err := d.run()
	d.dec.reset()
	d.lastSets = [3][]byte{}
	if cerr := d.pushConfig(); err == nil {
		err = cerr
	}
	return d.order(out, true), err
}

// Close releases the decoder. It is safe to call more than once.
func (d *Decoder) Close() {
	if d.closed {
		return
	}
	d.closed = true
	d.thread.run(func() {
		if d.dec.ctx != nil {
			d.freed = d.dec.free()
		}
	})
	d.thread.stop()
}

// collect copies out and releases every picture that is ready.
func (d *Decoder) collect() ([]Picture, error) {
	var out []Picture
	for {
		img, ok := d.dec.peek()
		if !ok {
			return out, nil
		}
		p, err := d.copyImage(img)
		d.dec.release()
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
}

// copyImage copies a libde265 picture into Go memory.
func (d *Decoder) copyImage(img rawImage) (Picture, error) {
	if img.chroma != chroma420 {
		return Picture{}, fmt.Errorf("%w: chroma format %d (only 4:2:0 is decoded)", ErrUnsupported, img.chroma)
	}
	cw, ch := (img.w+1)/2, (img.h+1)/2
	bits := img.bits[0]
	if img.w <= 0 || img.h <= 0 || img.cw != cw || img.ch != ch || bits < 8 || bits > 16 || img.bits[1] != bits || img.bits[2] != bits {
		return Picture{}, fmt.Errorf("%w: picture %dx%d, chroma %dx%d, %v bits", ErrUnsupported, img.w, img.h, img.cw, img.ch, img.bits)
	}
	bps := 1
	if bits > 8 {
		bps = 2
	}
	for c, w := range []int{img.w, cw, cw} {
		if img.planes[c] == nil || img.strides[c] < w*bps {
			return Picture{}, fmt.Errorf("%w: plane %d stride %d for width %d", ErrBitstream, c, img.strides[c], w)
		}
	}
	w, h := img.w, img.h
	if d.halve {
		w, h = halve.Size(w), halve.Size(h)
	}
	if bits == 8 {
		p := d.pool.New8(w, h)
		p.PTS = img.pts
		for c, dst := range [][]byte{p.Y, p.Cb, p.Cr} {
			pw, ph := img.w, img.h
			if c > 0 {
				pw, ph = cw, ch
			}
			if d.halve {
				halve.Plane(dst, unsafe.Slice((*byte)(img.planes[c]), (ph-1)*img.strides[c]+pw), img.strides[c], pw, ph)
			} else {
				copyPlane(dst, img.planes[c], img.strides[c], pw, ph)
			}
		}
		return p, nil
	}
	p := d.pool.New16(w, h, bits)
	p.PTS = img.pts
	for c, dst := range [][]uint16{p.Y16, p.Cb16, p.Cr16} {
		pw, ph := img.w, img.h
		if c > 0 {
			pw, ph = cw, ch
		}
		if d.halve {
			// stride is in bytes; rows of uint16 are 2-byte aligned.
			halve.Plane(dst, unsafe.Slice((*uint16)(img.planes[c]), ((ph-1)*img.strides[c]+2*pw)/2), img.strides[c]/2, pw, ph)
		} else {
			copyPlane16(dst, img.planes[c], img.strides[c], pw, ph)
		}
	}
	return p, nil
}

func copyPlane(dst []byte, src unsafe.Pointer, stride, w, h int) {
	s := unsafe.Slice((*byte)(src), (h-1)*stride+w)
	for y := range h {
		copy(dst[y*w:(y+1)*w], s[y*stride:y*stride+w])
	}
}

// copyPlane16 copies samples stored as native-endian uint16 (libde265's
// layout for more than 8 bits); stride is in bytes.
func copyPlane16(dst []uint16, src unsafe.Pointer, stride, w, h int) {
	for y := range h {
		row := unsafe.Slice((*uint16)(unsafe.Add(src, y*stride)), w)
		copy(dst[y*w:(y+1)*w], row)
	}
}
