package clip

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"io"
	"time"

	"golang.org/x/image/webp"
)

// maxWebPChunks bounds the chunks walked in a WebP file.
const maxWebPChunks = 1 << 16

// webpAnim is an animated WebP's structure: the canvas and, per frame,
// where its bitstream lies in the file.
type webpAnim struct {
	r      io.ReaderAt
	w, h   int
	frames []webpFrame
}

// webpFrame is one ANMF chunk.
type webpFrame struct {
	x, y, w, h int
	duration   time.Duration
	blend      bool // alpha-blend over the canvas (else replace)
	dispose    bool // clear to transparent after display
	alph, vp8  chunkRef
	lossless   bool // vp8 is a VP8L chunk
}

// chunkRef is a chunk's payload position in the file (size 0: absent).
type chunkRef struct{ off, size int64 }

// parseWebP reads the RIFF structure of an animated WebP (VP8X with ANIM
// and ANMF chunks). A still WebP is ErrUnsupported: it is a photo.
func parseWebP(r io.ReaderAt, size int64) (*webpAnim, error) {
	var hdr [12]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, fmt.Errorf("clip: WebP header: %w", err)
	}
	end := min(size, 8+int64(binary.LittleEndian.Uint32(hdr[4:8])))
	a := &webpAnim{r: r}
	var vp8x, anim bool
	off := int64(12)
	for n := 0; off+8 <= end; n++ {
		if n >= maxWebPChunks {
			return nil, fmt.Errorf("clip: WebP has more than %d chunks", maxWebPChunks)
		}
		var ch [8]byte
		if _, err := r.ReadAt(ch[:], off); err != nil {
			return nil, fmt.Errorf("clip: WebP chunk at %d: %w", off, err)
		}
		fourcc, csize := string(ch[:4]), int64(binary.LittleEndian.Uint32(ch[4:8]))
		body := off + 8
		if body+csize > end {
			return nil, fmt.Errorf("clip: WebP %q chunk of %d bytes runs past the end of the file", printable(fourcc), csize)
		}
		switch fourcc {
		case "VP8X":
			if csize < 10 {
				return nil, errors.New("clip: WebP VP8X chunk is too short")
			}
			var b [10]byte
			if _, err := r.ReadAt(b[:], body); err != nil {
				return nil, fmt.Errorf("clip: WebP VP8X: %w", err)
			}
			vp8x = true
			anim = b[0]&0x02 != 0
			a.w, a.h = int(u24(b[4:7]))+1, int(u24(b[7:10]))+1
			if a.w > maxAnimSide || a.h > maxAnimSide {
				return nil, fmt.Errorf("%w: the WebP canvas is %dx%d pixels; reel reads animations up to %dx%d", ErrTooLarge, a.w, a.h, maxAnimSide, maxAnimSide)
			}
		case "ANMF":
			if !vp8x || !anim {
				return nil, errors.New("clip: WebP ANMF chunk without an animated VP8X header")
			}
			f, err := parseANMF(r, body, csize)
			if err != nil {
				return nil, fmt.Errorf("clip: WebP frame %d: %w", len(a.frames)+1, err)
			}
			if f.x+f.w > a.w || f.y+f.h > a.h {
				return nil, fmt.Errorf("clip: WebP frame %d (%dx%d at %d,%d) exceeds the %dx%d canvas", len(a.frames)+1, f.w, f.h, f.x, f.y, a.w, a.h)
			}
			a.frames = append(a.frames, f)
		}
		off = body + csize + csize&1
	}
	if !anim || len(a.frames) < 2 {
		return nil, unsupportedf("a WebP with %d animation frame(s) is a still image", len(a.frames))
	}
	return a, nil
}

// parseANMF reads an ANMF chunk's header and finds its ALPH and VP8/VP8L
// sub-chunks.
func parseANMF(r io.ReaderAt, off, size int64) (webpFrame, error) {
	var b [16]byte
	if size < 16+8 {
		return webpFrame{}, errors.New("ANMF chunk is too short")
	}
	if _, err := r.ReadAt(b[:], off); err != nil {
		return webpFrame{}, err
	}
	f := webpFrame{
		x: 2 * int(u24(b[0:3])), y: 2 * int(u24(b[3:6])),
		w: int(u24(b[6:9])) + 1, h: int(u24(b[9:12])) + 1,
		blend: b[15]&0x02 == 0, dispose: b[15]&0x01 != 0,
	}
	ms := int(u24(b[12:15]))
	if ms <= 10 { // as browsers: "as fast as possible" plays at 10 fps
		ms = 100
	}
	f.duration = time.Duration(ms) * time.Millisecond
	end := off + size
	for p := off + 16; p+8 <= end; {
		var ch [8]byte
		if _, err := r.ReadAt(ch[:], p); err != nil {
			return webpFrame{}, err
		}
		n := int64(binary.LittleEndian.Uint32(ch[4:8]))
		if p+8+n > end {
			return webpFrame{}, fmt.Errorf("%q sub-chunk runs past its frame", printable(string(ch[:4])))
		}
		switch string(ch[:4]) {
		case "ALPH":
			f.alph = chunkRef{p + 8, n}
		case "VP8 ", "VP8L":
			f.vp8 = chunkRef{p + 8, n}
			f.lossless = ch[3] == 'L'
		}
		p += 8 + n + n&1
	}
	if f.vp8.size == 0 {
		return webpFrame{}, errors.New("no VP8 or VP8L bitstream")
	}
	return f, nil
}

func u24(b []byte) uint32 { return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 }

// printable renders a fourcc for an error message.
func printable(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '.'
		}
	}
	return string(b)
}

func (a *webpAnim) info() Info {
	d := make([]time.Duration, len(a.frames))
	for i, f := range a.frames {
		d[i] = f.duration
	}
	return animInfo("webp", a.w, a.h, d)
}

// still rebuilds frame f as a standalone WebP file (a VP8X header with the
// ALPH chunk when there is one), for golang.org/x/image/webp.
func (a *webpAnim) still(f webpFrame) ([]byte, error) {
	var buf bytes.Buffer
	chunk := func(fourcc string, ref chunkRef) error {
		var h [8]byte
		copy(h[:4], fourcc)
		binary.LittleEndian.PutUint32(h[4:], uint32(ref.size))
		buf.Write(h[:])
		start := buf.Len()
		buf.Grow(int(ref.size) + 1)
		p := buf.AvailableBuffer()[:ref.size]
		if _, err := a.r.ReadAt(p, ref.off); err != nil {
			return err
		}
		buf.Write(p)
		if (buf.Len()-start)&1 == 1 {
			buf.WriteByte(0)
		}
		return nil
	}
	buf.WriteString("RIFF\x00\x00\x00\x00WEBP")
	if f.alph.size > 0 && !f.lossless {
		var x [18]byte
		copy(x[:], "VP8X")
		x[4] = 10
		x[8] = 0x10 // alpha
		putU24(x[12:15], uint32(f.w-1))
		putU24(x[15:18], uint32(f.h-1))
		buf.Write(x[:])
		if err := chunk("ALPH", f.alph); err != nil {
			return nil, err
		}
	}
	name := "VP8 "
	if f.lossless {
		name = "VP8L"
	}
	if err := chunk(name, f.vp8); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	binary.LittleEndian.PutUint32(b[4:8], uint32(len(b)-8))
	return b, nil
}

func putU24(b []byte, v uint32) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }

// openWebP prepares an animated WebP for playback: frames are decoded
// one at a time as the animation reaches them.
func openWebP(r io.ReaderAt, size int64) (*animSource, error) {
	a, err := parseWebP(r, size)
	if err != nil {
		return nil, err
	}
	frames := make([]animFrame, len(a.frames))
	for i, wf := range a.frames {
		f := animFrame{rect: image.Rect(wf.x, wf.y, wf.x+wf.w, wf.y+wf.h), duration: wf.duration, op: draw.Src}
		if wf.blend {
			f.op = draw.Over
		}
		if wf.dispose {
			f.dispose = disposeBackground
		}
		f.decode = func() (image.Image, error) {
			b, err := a.still(wf)
			if err != nil {
				return nil, err
			}
			// The bitstream's own size is checked before decoding: a
			// hostile one could declare 16383x16383.
			var head [10]byte
			if _, err := a.r.ReadAt(head[:min(10, int(wf.vp8.size))], wf.vp8.off); err != nil {
				return nil, err
			}
			if w, h := bitstreamSize(head[:min(10, int(wf.vp8.size))], wf.lossless); w != wf.w || h != wf.h {
				return nil, fmt.Errorf("bitstream is %dx%d, the frame header says %dx%d", w, h, wf.w, wf.h)
			}
			return webp.Decode(bytes.NewReader(b))
		}
		frames[i] = f
	}
	return newAnimSource(a.info(), frames), nil
}

// bitstreamSize reads the picture size from the start of a VP8 key frame
// or a VP8L bitstream (0x0 when it is not one).
func bitstreamSize(b []byte, lossless bool) (w, h int) {
	if lossless {
		if len(b) < 5 || b[0] != 0x2f {
			return 0, 0
		}
		v := uint32(b[1]) | uint32(b[2])<<8 | uint32(b[3])<<16 | uint32(b[4])<<24
		return int(v&0x3fff) + 1, int(v>>14&0x3fff) + 1
	}
	if len(b) < 10 || b[0]&1 != 0 || b[3] != 0x9d || b[4] != 0x01 || b[5] != 0x2a {
		return 0, 0
	}
	return int(binary.LittleEndian.Uint16(b[6:8]) & 0x3fff), int(binary.LittleEndian.Uint16(b[8:10]) & 0x3fff)
}
