package audio

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// maxSpoolFrames bounds the pre-gain mix kept in a temporary file between
// the loudness pass and the output pass (8 bytes a stereo frame: 24 h at
// 44.1 kHz is about 28 GB, so in practice the bound is the disk; this only
// keeps absurd durations on the re-decoding path).
const maxSpoolFrames = 4 << 30

// spool is the pre-gain mix written to an unlinked temporary file by the
// loudness pass and read back, times gain, by the output pass: each track
// is decoded once instead of twice. The file holds the renderer's float32
// samples exactly, so the output is bit-identical to re-rendering.
type spool struct {
	f     *os.File
	br    *bufio.Reader
	buf   []byte
	gain  float32
	pos   int64
	total int64
}

// measureSpooled renders the mix at unity gain through a loudness meter and
// into a temporary file. It returns a nil spool (and no error) when no
// temporary file can be made; the caller then re-renders the mix.
func measureSpooled(ctx context.Context, plan mixPlan, o MixOptions) (float64, *spool, error) {
	r := newRenderer(plan, o)
	if r.total > maxSpoolFrames {
		lufs, err := measure(ctx, plan, o)
		return lufs, nil, err
	}
	f, err := os.CreateTemp("", "reel-mix-*.f32")
	if err != nil {
		lufs, err := measure(ctx, plan, o)
		return lufs, nil, err
	}
	// Unlinked at once: nothing is left behind whatever happens next
	// (where the system refuses, close removes it).
	removed := os.Remove(f.Name()) == nil
	s := &spool{f: f, total: r.total}
	ok := false
	defer func() {
		r.close()
		if !ok {
			f.Close()
		}
		if !removed {
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	meter := NewLoudnessMeter(o.SampleRate)
	buf := make([]float32, 2*renderBlock)
	b := make([]byte, 4*len(buf))
	for {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		n, err := r.Read(buf)
		meter.Write(buf[:n])
		for i, v := range buf[:n] {
			binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
		}
		if _, werr := bw.Write(b[:4*n]); werr != nil {
			return 0, nil, fmt.Errorf("audio: mix spool: %w", werr)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, nil, err
		}
	}
	if err := bw.Flush(); err != nil {
		return 0, nil, fmt.Errorf("audio: mix spool: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, nil, fmt.Errorf("audio: mix spool: %w", err)
	}
	s.br = bufio.NewReaderSize(f, 1<<16)
	s.buf = make([]byte, 4*2*renderBlock)
	s.gain = 1
	ok = true
	return meter.Integrated(), s, nil
}

// Read implements source with the renderer's block sizes and gain.
func (s *spool) Read(p []float32) (int, error) {
	if s.pos >= s.total {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)/2), s.total-s.pos, renderBlock))
	b := s.buf[:8*n]
	if _, err := io.ReadFull(s.br, b); err != nil {
		return 0, fmt.Errorf("audio: mix spool: %w", err)
	}
	out := p[:2*n]
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	if s.gain != 1 {
		for i := range out {
			out[i] *= s.gain
		}
	}
	s.pos += int64(n)
	return 2 * n, nil
}

func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
}
