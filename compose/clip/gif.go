package clip

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"io"
	"time"
)

// maxAnimPixels bounds the decoded pixels of all of an animation's frames
// together (GIF frames are decoded up front, as image/gif does).
const maxAnimPixels = 1 << 27

// gifScan is what a walk over a GIF's blocks finds, without decoding.
type gifScan struct {
	w, h   int
	delays []time.Duration // per frame, browser rules applied
	pixels int64           // sum of the frames' areas
}

// scanGIF walks the blocks of a GIF, counting frames and their delays and
// checking sizes before anything is decoded.
func scanGIF(r io.ReaderAt, size int64) (*gifScan, error) {
	br := bufio.NewReader(io.NewSectionReader(r, 0, size))
	var hdr [13]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return nil, fmt.Errorf("clip: GIF header: %w", err)
	}
	g := &gifScan{w: int(binary.LittleEndian.Uint16(hdr[6:8])), h: int(binary.LittleEndian.Uint16(hdr[8:10]))}
	if g.w > maxAnimSide || g.h > maxAnimSide {
		return nil, fmt.Errorf("%w: the GIF is %dx%d pixels; reel reads animations up to %dx%d", ErrTooLarge, g.w, g.h, maxAnimSide, maxAnimSide)
	}
	if g.w == 0 || g.h == 0 {
		return nil, fmt.Errorf("clip: GIF is %dx%d; reel reads animations of 1x1 to %dx%d", g.w, g.h, maxAnimSide, maxAnimSide)
	}
	if hdr[10]&0x80 != 0 {
		if _, err := br.Discard(3 << (hdr[10]&7 + 1)); err != nil {
			return nil, fmt.Errorf("clip: GIF colour table: %w", err)
		}
	}
	delay := 0
	for {
		b, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("clip: GIF ends without a trailer after %d frames: %w", len(g.delays), err)
		}
		switch b {
		case 0x3B:
			if len(g.delays) < 2 {
				return nil, unsupportedf("a GIF with %d frame(s) is a still image", len(g.delays))
			}
			return g, nil
		case 0x21:
			label, err := br.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("clip: GIF extension: %w", err)
			}
			if label == 0xF9 {
				var gce [6]byte
				if _, err := io.ReadFull(br, gce[:]); err != nil || gce[0] != 4 {
					return nil, errors.New("clip: malformed GIF graphic control extension")
				}
				delay = int(binary.LittleEndian.Uint16(gce[2:4]))
				if gce[5] != 0 {
					return nil, errors.New("clip: malformed GIF graphic control extension")
				}
				continue
			}
			if err := skipSubBlocks(br); err != nil {
				return nil, err
			}
		case 0x2C:
			var d [9]byte
			if _, err := io.ReadFull(br, d[:]); err != nil {
				return nil, fmt.Errorf("clip: GIF image descriptor: %w", err)
			}
			fw, fh := int64(binary.LittleEndian.Uint16(d[4:6])), int64(binary.LittleEndian.Uint16(d[6:8]))
			g.pixels += fw * fh
			if g.pixels > maxAnimPixels {
				return nil, fmt.Errorf("clip: GIF frames hold more than %d pixels together", maxAnimPixels)
			}
			if d[8]&0x80 != 0 {
				if _, err := br.Discard(3 << (d[8]&7 + 1)); err != nil {
					return nil, fmt.Errorf("clip: GIF colour table: %w", err)
				}
			}
			if _, err := br.ReadByte(); err != nil { // LZW minimum code size
				return nil, fmt.Errorf("clip: GIF image data: %w", err)
			}
			if err := skipSubBlocks(br); err != nil {
				return nil, err
			}
			g.delays = append(g.delays, gifDelay(delay))
			delay = 0
		default:
			return nil, fmt.Errorf("clip: GIF has an unknown block 0x%02x", b)
		}
	}
}

// gifDelay converts a delay in centiseconds as browsers do: 0 and 1 (too
// fast, usually meaning "unset") play as 10 (100 ms).
func gifDelay(cs int) time.Duration {
	if cs <= 1 {
		cs = 10
	}
	return time.Duration(cs) * 10 * time.Millisecond
}

func skipSubBlocks(br *bufio.Reader) error {
	for {
		n, err := br.ReadByte()
		if err != nil {
			return fmt.Errorf("clip: GIF data block: %w", err)
		}
		if n == 0 {
			return nil
		}
		if _, err := br.Discard(int(n)); err != nil {
			return fmt.Errorf("clip: GIF data block: %w", err)
		}
	}
}

// info describes the GIF.
func (g *gifScan) info() Info {
	return animInfo("gif", g.w, g.h, g.delays)
}

// animInfo describes an animation from its canvas and frame durations.
func animInfo(container string, w, h int, durations []time.Duration) Info {
	info := Info{Container: container, Codec: container, Width: w, Height: h, BitDepth: 8}
	times := make([]time.Duration, len(durations))
	for i, d := range durations {
		times[i] = info.Duration
		info.Duration += d
	}
	info.frameTiming(times, info.Duration)
	// frameTiming cannot see the last frame's duration: compare it too.
	if n := len(durations); n >= 2 && durations[n-1] != durations[0] && !info.VariableFrameRate {
		d0, dn := durations[0], durations[n-1]
		info.VariableFrameRate = max(d0, dn)-min(d0, dn) > max(d0, dn)/10
	}
	return info
}

// openGIF decodes a GIF's frames (after scanGIF has bounded them) into an
// animation.
func openGIF(r io.ReaderAt, size int64) (*animSource, error) {
	scan, err := scanGIF(r, size)
	if err != nil {
		return nil, err
	}
	g, err := gif.DecodeAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("clip: decoding GIF: %w", err)
	}
	if len(g.Image) != len(scan.delays) {
		return nil, fmt.Errorf("clip: GIF decodes to %d frames, its blocks list %d", len(g.Image), len(scan.delays))
	}
	frames := make([]animFrame, len(g.Image))
	for i, m := range g.Image {
		f := animFrame{rect: m.Rect, duration: scan.delays[i], op: draw.Over}
		switch g.Disposal[i] {
		case gif.DisposalBackground:
			f.dispose = disposeBackground
		case gif.DisposalPrevious:
			f.dispose = disposePrevious
		}
		f.decode = func() (image.Image, error) { return m, nil }
		frames[i] = f
	}
	return newAnimSource(scan.info(), frames), nil
}
