package main

import (
	"bytes"
	"image"
	"math"
)

// jw is a minimal JPEG writer for the two variants Go's image/jpeg cannot
// write: 4-component Adobe CMYK (baseline) and progressive YCbCr 4:4:4
// (spectral selection only). Both are decoded by Go's image/jpeg.
type jw struct {
	buf         bytes.Buffer
	bits, nBits uint32
	quant       [2][blockSize]int32 // zig-zag order
}

func newJW(quality int) *jw {
	w := &jw{}
	scale := 5000 / quality
	if quality >= 50 {
		scale = 200 - 2*quality
	}
	for i := range w.quant {
		for j := range w.quant[i] {
			x := (int32(unscaledQuant[i][j])*int32(scale) + 50) / 100
			w.quant[i][j] = min(max(x, 1), 255)
		}
	}
	return w
}

func (w *jw) marker(m byte, payload ...byte) {
	n := len(payload) + 2
	w.buf.Write([]byte{0xFF, m, byte(n >> 8), byte(n)})
	w.buf.Write(payload)
}

func (w *jw) emit(bits, n uint32) {
	n += w.nBits
	bits <<= 32 - n
	bits |= w.bits
	for n >= 8 {
		b := uint8(bits >> 24)
		w.buf.WriteByte(b)
		if b == 0xFF {
			w.buf.WriteByte(0)
		}
		bits <<= 8
		n -= 8
	}
	w.bits, w.nBits = bits, n
}

func (w *jw) flushBits() {
	if w.nBits > 0 {
		w.emit(0x7F, 7) // pad with ones
	}
	w.bits, w.nBits = 0, 0
}

func (w *jw) huff(h int, v int32) {
	x := theHuffmanLUT[h][v]
	w.emit(x&(1<<24-1), x>>24)
}

func (w *jw) huffRLE(h int, run, v int32) {
	a, b := v, v
	if a < 0 {
		a, b = -v, v-1
	}
	var n uint32
	if a < 0x100 {
		n = uint32(bitCount[a])
	} else {
		n = 8 + uint32(bitCount[a>>8])
	}
	w.huff(h, run<<4|int32(n))
	if n > 0 {
		w.emit(uint32(b)&(1<<n-1), n)
	}
}

func (w *jw) dqt() {
	p := []byte{}
	for i := range w.quant {
		p = append(p, byte(i))
		for _, q := range w.quant[i] {
			p = append(p, byte(q))
		}
	}
	w.marker(0xDB, p...)
}

func (w *jw) dht() {
	p := []byte{}
	for i, s := range theHuffmanSpec {
		p = append(p, "\x00\x10\x01\x11"[i])
		p = append(p, s.count[:]...)
		p = append(p, s.value...)
	}
	w.marker(0xC4, p...)
}

func (w *jw) sof(m byte, wd, ht int, comps [][3]byte) {
	p := []byte{8, byte(ht >> 8), byte(ht), byte(wd >> 8), byte(wd), byte(len(comps))}
	for _, c := range comps {
		p = append(p, c[:]...)
	}
	w.marker(m, p...)
}

// coefs computes the quantized DCT coefficients (zig-zag order) of the 8x8
// block whose top-left is (bx, by) in plane pl (stride st, clamped at edges).
func (w *jw) coefs(pl []uint8, st, wd, ht, bx, by, q int) [64]int32 {
	var s [64]float64
	for y := 0; y < 8; y++ {
		for x := 0; x < 8; x++ {
			sx, sy := min(bx+x, wd-1), min(by+y, ht-1)
			s[y*8+x] = float64(pl[sy*st+sx]) - 128
		}
	}
	var out [64]int32
	for v := 0; v < 8; v++ {
		for u := 0; u < 8; u++ {
			sum := 0.0
			for y := 0; y < 8; y++ {
				for x := 0; x < 8; x++ {
					sum += s[y*8+x] * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16) * math.Cos(float64(2*y+1)*float64(v)*math.Pi/16)
				}
			}
			cu, cv := 1.0, 1.0
			if u == 0 {
				cu = 1 / math.Sqrt2
			}
			if v == 0 {
				cv = 1 / math.Sqrt2
			}
			c := sum * cu * cv / 4
			// natural index v*8+u; find its zig-zag position
			nat := v*8 + u
			for z := 0; z < 64; z++ {
				if unzig[z] == nat {
					out[z] = int32(math.Round(c / float64(w.quant[q][z])))
				}
			}
		}
	}
	return out
}

func (w *jw) acRange(c *[64]int32, ss, se, h int) {
	run := int32(0)
	for k := ss; k <= se; k++ {
		if c[k] == 0 {
			run++
			continue
		}
		for run > 15 {
			w.huff(h, 0xF0)
			run -= 16
		}
		w.huffRLE(h, run, c[k])
		run = 0
	}
	if run > 0 {
		w.huff(h, 0x00)
	}
}

// encodeCMYK writes img as a baseline Adobe CMYK JPEG (transform 0,
// values inverted as Photoshop writes them).
func encodeCMYK(img *image.RGBA, quality int) []byte {
	b := img.Bounds()
	wd, ht := b.Dx(), b.Dy()
	planes := make([][]uint8, 4)
	for i := range planes {
		planes[i] = make([]uint8, wd*ht)
	}
	for y := 0; y < ht; y++ {
		for x := 0; x < wd; x++ {
			c := img.RGBAAt(b.Min.X+x, b.Min.Y+y)
			r, g, bb := float64(c.R)/255, float64(c.G)/255, float64(c.B)/255
			k := 1 - math.Max(r, math.Max(g, bb))
			var cc, m, yy float64
			if k < 1 {
				cc, m, yy = (1-r-k)/(1-k), (1-g-k)/(1-k), (1-bb-k)/(1-k)
			}
			for i, v := range []float64{cc, m, yy, k} {
				planes[i][y*wd+x] = 255 - uint8(math.Round(v*255)) // Adobe inverted
			}
		}
	}
	w := newJW(quality)
	w.buf.Write([]byte{0xFF, 0xD8})
	w.marker(0xEE, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0) // APP14, transform 0
	w.dqt()
	w.sof(0xC0, wd, ht, [][3]byte{{1, 0x11, 0}, {2, 0x11, 0}, {3, 0x11, 0}, {4, 0x11, 0}})
	w.dht()
	w.marker(0xDA, 4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0)
	var prev [4]int32
	for by := 0; by < ht; by += 8 {
		for bx := 0; bx < wd; bx += 8 {
			for i := range planes {
				c := w.coefs(planes[i], wd, wd, ht, bx, by, 0)
				w.huffRLE(0, 0, c[0]-prev[i])
				prev[i] = c[0]
				w.acRange(&c, 1, 63, 1)
			}
		}
	}
	w.flushBits()
	w.buf.Write([]byte{0xFF, 0xD9})
	return w.buf.Bytes()
}

// encodeProgressive writes img as a progressive 4:4:4 YCbCr JPEG: one
// interleaved DC scan, then AC scans 1-5 and 6-63 per component.
func encodeProgressive(img *image.RGBA, quality int) []byte {
	b := img.Bounds()
	wd, ht := b.Dx(), b.Dy()
	planes := make([][]uint8, 3)
	for i := range planes {
		planes[i] = make([]uint8, wd*ht)
	}
	for y := 0; y < ht; y++ {
		for x := 0; x < wd; x++ {
			c := img.RGBAAt(b.Min.X+x, b.Min.Y+y)
			r, g, bb := float64(c.R), float64(c.G), float64(c.B)
			yy := 0.299*r + 0.587*g + 0.114*bb
			cb := 128 - 0.168736*r - 0.331264*g + 0.5*bb
			cr := 128 + 0.5*r - 0.418688*g - 0.081312*bb
			for i, v := range []float64{yy, cb, cr} {
				planes[i][y*wd+x] = uint8(math.Max(0, math.Min(255, math.Round(v))))
			}
		}
	}
	w := newJW(quality)
	bw, bh := (wd+7)/8, (ht+7)/8
	coef := make([][][64]int32, 3)
	for i := range planes {
		q := 0
		if i > 0 {
			q = 1
		}
		coef[i] = make([][64]int32, bw*bh)
		for j := range coef[i] {
			coef[i][j] = w.coefs(planes[i], wd, wd, ht, (j%bw)*8, (j/bw)*8, q)
		}
	}
	w.buf.Write([]byte{0xFF, 0xD8})
	w.marker(0xE0, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0)
	w.dqt()
	w.sof(0xC2, wd, ht, [][3]byte{{1, 0x11, 0}, {2, 0x11, 1}, {3, 0x11, 1}})
	w.dht()
	// DC scan, interleaved.
	w.marker(0xDA, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0, 0)
	var prev [3]int32
	for j := 0; j < bw*bh; j++ {
		for i := range coef {
			h := 0
			if i > 0 {
				h = 2
			}
			w.huffRLE(h, 0, coef[i][j][0]-prev[i])
			prev[i] = coef[i][j][0]
		}
	}
	w.flushBits()
	for _, band := range [][2]int{{1, 5}, {6, 63}} {
		for i := range coef {
			td := byte(0x00)
			h := 1
			if i > 0 {
				td, h = 0x11, 3
			}
			w.marker(0xDA, 1, byte(i+1), td, byte(band[0]), byte(band[1]), 0)
			for j := range coef[i] {
				w.acRange(&coef[i][j], band[0], band[1], h)
			}
			w.flushBits()
		}
	}
	w.buf.Write([]byte{0xFF, 0xD9})
	return w.buf.Bytes()
}
