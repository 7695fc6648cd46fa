package compose

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"runtime"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// allocDuring returns the bytes allocated on the heap while f runs.
func allocDuring(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// hostileSeeds are small valid files of every format, keyed by name.
func hostileSeeds(t *testing.T) map[string][]byte {
	src := pattern(40, 30)
	seeds := map[string][]byte{
		"jpeg":       encodeWith(t, func(b *bytes.Buffer) error { return jpeg.Encode(b, src, nil) }),
		"png":        encodeWith(t, func(b *bytes.Buffer) error { return png.Encode(b, src) }),
		"gif":        encodeWith(t, func(b *bytes.Buffer) error { return gif.Encode(b, src, nil) }),
		"bmp":        encodeWith(t, func(b *bytes.Buffer) error { return bmp.Encode(b, src) }),
		"tiff":       encodeWith(t, func(b *bytes.Buffer) error { return tiff.Encode(b, src, nil) }),
		"tiff-flate": encodeWith(t, func(b *bytes.Buffer) error { return tiff.Encode(b, src, &tiff.Options{Compression: tiff.Deflate}) }),
	}
	for name, file := range map[string]string{"webp": "testdata/formats/small.webp", "webp-lossless": "testdata/formats/lossless.webp"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		seeds[name] = b
	}
	return seeds
}

// TestTruncatedAnywhere cuts every format at ~150 offsets: each cut fails
// with a *DecodeError (ErrTruncated for the formats with an end marker,
// once the magic is complete), or, where only unused trailing bytes were
// cut, decodes to the same picture as the whole file.
func TestTruncatedAnywhere(t *testing.T) {
	t.Parallel()
	for name, data := range hostileSeeds(t) {
		t.Run(name, func(t *testing.T) {
			whole, err := DecodePhoto(bytes.NewReader(data), DecodeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			step := max(1, len(data)/150)
			for n := 0; n < len(data); n += step {
				p, err := DecodePhoto(bytes.NewReader(data[:n]), DecodeOptions{})
				if err == nil {
					if !bytes.Equal(p.Image().Pix, whole.Image().Pix) {
						t.Errorf("cut at %d of %d: decoded a different picture", n, len(data))
					}
					continue
				}
				var de *DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("cut at %d: %v is not a *DecodeError", n, err)
				}
				if sniff(data[:n]) == nil {
					continue // too short to be recognised: ErrNotImage
				}
				switch name {
				case "jpeg", "png", "gif":
					if !errors.Is(err, ErrTruncated) {
						t.Errorf("cut at %d of %d: %v, want ErrTruncated", n, len(data), err)
					}
				}
			}
		})
	}
}

// withSize returns a copy of a seed whose header declares w x h (both
// fields the format's DecodeConfig reads).
func withSize(t *testing.T, format string, data []byte, w, h int) []byte {
	t.Helper()
	b := append([]byte{}, data...)
	switch format {
	case "png": // IHDR, with its CRC fixed
		binary.BigEndian.PutUint32(b[16:], uint32(w))
		binary.BigEndian.PutUint32(b[20:], uint32(h))
		binary.BigEndian.PutUint32(b[29:33], crc32.ChecksumIEEE(b[12:29]))
	case "jpeg": // SOF0
		i := bytes.Index(b, []byte{0xFF, 0xC0})
		binary.BigEndian.PutUint16(b[i+5:], uint16(h))
		binary.BigEndian.PutUint16(b[i+7:], uint16(w))
	case "gif": // logical screen
		binary.LittleEndian.PutUint16(b[6:], uint16(w))
		binary.LittleEndian.PutUint16(b[8:], uint16(h))
	case "bmp": // BITMAPINFOHEADER
		binary.LittleEndian.PutUint32(b[18:], uint32(int32(w)))
		binary.LittleEndian.PutUint32(b[22:], uint32(int32(h)))
	case "tiff", "tiff-flate": // ImageWidth and ImageLength in IFD0 (SHORT)
		ifd := int(binary.LittleEndian.Uint32(b[4:]))
		n := int(binary.LittleEndian.Uint16(b[ifd:]))
		for i := 0; i < n; i++ {
			e := b[ifd+2+12*i:]
			switch binary.LittleEndian.Uint16(e) {
			case 256:
				binary.LittleEndian.PutUint16(e[8:], uint16(w))
			case 257:
				binary.LittleEndian.PutUint16(e[8:], uint16(h))
			}
		}
	case "webp": // VP8 key frame header (14-bit sizes)
		binary.LittleEndian.PutUint16(b[26:], uint16(w))
		binary.LittleEndian.PutUint16(b[28:], uint16(h))
	case "webp-lossless": // VP8L header: 14-bit width-1 and height-1
		v := binary.LittleEndian.Uint32(b[21:])
		v = v&0xF0000000 | uint32(w-1)&0x3FFF | (uint32(h-1)&0x3FFF)<<14
		binary.LittleEndian.PutUint32(b[21:], v)
	default:
		t.Fatalf("no header patch for %s", format)
	}
	return b
}

// TestHeaderSizeCheckedFirst: a header declaring more pixels than the
// limit (30000x30000, or 16383x16383 for WebP) is rejected as ErrTooLarge
// and a 0x0 header as ErrCorrupt, in every format, before any pixel
// buffer is allocated (under 1 MiB of allocations in all).
func TestHeaderSizeCheckedFirst(t *testing.T) {
	for name, data := range hostileSeeds(t) {
		big := 30000
		if name == "webp" || name == "webp-lossless" {
			big = 16383 // the format's maximum
		}
		for _, tc := range []struct {
			w, h int
			want error
		}{{big, big, ErrTooLarge}, {1, 70_000_000 / big * big, ErrTooLarge}, {0, 0, ErrCorrupt}} {
			if (name == "webp" || name == "webp-lossless") && tc.w <= 1 {
				continue // 14-bit fields: cannot say 0 or 70 M lines
			}
			if tc.h > 65535 && name != "png" && name != "bmp" {
				continue // 16-bit fields
			}
			hostile := withSize(t, name, data, tc.w, tc.h)
			var err error
			alloc := allocDuring(func() { _, err = DecodePhoto(bytes.NewReader(hostile), DecodeOptions{}) })
			if !errors.Is(err, tc.want) {
				t.Errorf("%s declaring %dx%d: %v, want %v", name, tc.w, tc.h, err, tc.want)
			}
			if alloc > 1<<20 {
				t.Errorf("%s declaring %dx%d: %d bytes allocated before it was rejected", name, tc.w, tc.h, alloc)
			}
		}
	}
}

// TestWebPCanvasLies: a VP8X canvas of 160x120 wrapping a VP8 frame that
// declares 16383x16383 fails without decoding the big frame.
func TestWebPCanvasLies(t *testing.T) {
	small := hostileSeeds(t)["webp"]
	frame := withSize(t, "webp", small, 16383, 16383)[12:] // the VP8 chunk
	vp8x := []byte("VP8X\x0a\x00\x00\x00\x00\x00\x00\x00\x9f\x00\x00\x77\x00\x00")
	body := append(append([]byte("WEBP"), vp8x...), frame...)
	file := append([]byte("RIFF\x00\x00\x00\x00"), body...)
	binary.LittleEndian.PutUint32(file[4:], uint32(len(body)))
	var err error
	alloc := allocDuring(func() { _, err = DecodePhoto(bytes.NewReader(file), DecodeOptions{}) })
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *DecodeError", err)
	}
	if alloc > 1<<20 {
		t.Errorf("%d bytes allocated for a lying 160x120 WebP", alloc)
	}
}

// scanBomb returns progressive.jpg with n extra one-component AC scans
// appended, each a single end-of-band run over every luma block (12
// bytes a scan, a full pass over the blocks each to decode).
func scanBomb(t *testing.T, n int) []byte {
	data, err := os.ReadFile("../testdata/photos/progressive.jpg")
	if err != nil {
		t.Fatal(err)
	}
	eoi := bytes.LastIndex(data, []byte{0xFF, 0xD9})
	// AC table 2: one symbol, 0xE0 (EOB run of 2^14 + 14 bits), code "0"
	dht := []byte{0xFF, 0xC4, 0, 20, 0x12, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xE0}
	// component 1, table 2, band 63..63; run 16384+2816 = 19200 = 160x120 blocks
	scan := []byte{0xFF, 0xDA, 0, 8, 1, 1, 0x02, 63, 63, 0, 0x16, 0x01}
	out := append(append([]byte{}, data[:eoi]...), dht...)
	for i := 0; i < n; i++ {
		out = append(out, scan...)
	}
	return append(out, 0xFF, 0xD9)
}

// TestJPEGScanBomb: a JPEG of thousands of tiny scans (which would cost
// the decoder a pass over every block each) is refused before decoding;
// a few extra scans are still decoded.
func TestJPEGScanBomb(t *testing.T) {
	t.Parallel()
	if _, err := DecodePhoto(bytes.NewReader(scanBomb(t, 20)), DecodeOptions{}); err != nil {
		t.Fatalf("27 scans: %v", err)
	}
	bomb := scanBomb(t, 5000) // 60 KB more than the photo
	if n := jpegScans(bomb); n != 5007 {
		t.Fatalf("counted %d scans, want 5007", n)
	}
	_, err := DecodePhoto(bytes.NewReader(bomb), DecodeOptions{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}
