package audio

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/hajimehoshi/go-mp3"
)

// Decoder streams the audio of an MP3 or WAV file as interleaved stereo
// float32 samples in [-1, 1] at the file's own sample rate. Mono is copied
// to both channels; of more than two channels the first two are kept.
type Decoder struct {
	info Info
	read func(p []float32) (int, error)
	err  error // sticky
}

// NewDecoder probes r (see Probe) and prepares to decode it from the start.
// Errors are *FormatError values (or I/O errors of r, wrapped).
func NewDecoder(r io.ReadSeeker) (*Decoder, error) {
	info, err := Probe(r)
	if err != nil {
		return nil, err
	}
	d := &Decoder{info: info}
	sec := &section{r: r, start: info.dataStart, end: info.dataEnd}
	if _, err := r.Seek(info.dataStart, io.SeekStart); err != nil {
		return nil, fmt.Errorf("audio: %s: %w", info.Format, err)
	}
	switch info.Format {
	case "wav":
		w := &wavReader{r: bufio.NewReaderSize(sec, 32<<10), info: info, left: info.Samples}
		w.buf = make([]byte, 0, 4096*info.blockAlign)
		d.read = w.read
	default:
		m, err := newMP3Reader(sec, info)
		if err != nil {
			return nil, err
		}
		d.read = m.read
	}
	return d, nil
}

// Info returns what Probe found about the file.
func (d *Decoder) Info() Info { return d.info }

// Read fills p with interleaved stereo samples (len(p) should be even) and
// returns how many it wrote (always even). At the end it returns io.EOF, or
// a *FormatError of kind ErrTruncated when the file ends early (after every
// sample that could be decoded).
func (d *Decoder) Read(p []float32) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	if len(p) < 2 {
		return 0, io.ErrShortBuffer
	}
	n, err := d.read(p[:len(p)&^1])
	if err != nil {
		d.err = err
	}
	return n, err
}

// section confines an io.ReadSeeker to the byte range [start, end) and
// presents it as a file of its own (offsets relative to start).
type section struct {
	r          io.ReadSeeker
	start, end int64
	pos        int64 // relative
}

func (s *section) Read(p []byte) (int, error) {
	left := s.end - s.start - s.pos
	if left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := s.r.Read(p)
	s.pos += int64(n)
	return n, err
}

func (s *section) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += s.pos
	case io.SeekEnd:
		off += s.end - s.start
	}
	if off < 0 {
		return 0, errors.New("audio: seek before start")
	}
	if _, err := s.r.Seek(s.start+off, io.SeekStart); err != nil {
		return 0, err
	}
	s.pos = off
	return off, nil
}

// mp3Reader adapts go-mp3 (16-bit stereo bytes) to stereo floats, drops the
// header frame and encoder delay, stops at the announced length and turns
// decoder panics into ErrCorrupt.
type mp3Reader struct {
	dec  *mp3.Decoder
	info Info
	skip int64 // samples still to drop
	left int64 // samples still to deliver
	buf  []byte
}

func newMP3Reader(r io.ReadSeeker, info Info) (m *mp3Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, formatErr("mp3", ErrCorrupt, -1, fmt.Sprintf("decoder failed: %v", p), nil)
		}
	}()
	var src io.Reader = r
	if info.SampleRate == 22050 { // MPEG-2: see lsfRepacker
		src = newLSFRepacker(r)
	}
	dec, err := mp3.NewDecoder(src)
	if err != nil {
		return nil, formatErr("mp3", ErrCorrupt, -1, "first frame", err)
	}
	return &mp3Reader{dec: dec, info: info, skip: info.skip, left: info.Samples, buf: make([]byte, 4*4096)}, nil
}

func (m *mp3Reader) decode(b []byte) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			n, err = 0, formatErr("mp3", ErrCorrupt, -1, fmt.Sprintf("decoder failed: %v", p), nil)
		}
	}()
	return io.ReadFull(m.dec, b)
}

func (m *mp3Reader) read(p []float32) (int, error) {
	for {
		if m.left <= 0 {
			if m.info.Truncated {
				return 0, formatErr("mp3", ErrTruncated, m.info.dataEnd, "last frame incomplete", nil)
			}
			return 0, io.EOF
		}
		frames := min(len(p)/2, len(m.buf)/4)
		if m.skip > 0 {
			frames = int(min(int64(frames), m.skip))
		} else {
			frames = int(min(int64(frames), m.left))
		}
		n, err := m.decode(m.buf[:4*frames])
		got := n / 4
		if m.skip > 0 {
			m.skip -= int64(got)
			got = 0
		}
		for i := 0; i < 2*got; i++ {
			p[i] = float32(int16(uint16(m.buf[2*i])|uint16(m.buf[2*i+1])<<8)) / 32768
		}
		m.left -= int64(got)
		if err != nil {
			short := m.left
			m.left = 0
			var fe *FormatError
			switch {
			case errors.As(err, &fe):
			case err == io.EOF || err == io.ErrUnexpectedEOF:
				switch {
				case m.info.Truncated:
					err = formatErr("mp3", ErrTruncated, -1, "last frame incomplete", nil)
				case short > 1152: // more than the decoder-lag slack of one frame
					err = formatErr("mp3", ErrTruncated, -1, fmt.Sprintf("stream ends %d samples before its announced length", short), nil)
				default:
					err = io.EOF
				}
			default:
				err = formatErr("mp3", ErrCorrupt, -1, "frame", err)
			}
			if got > 0 && err == io.EOF {
				return 2 * got, nil
			}
			return 2 * got, err
		}
		if got > 0 {
			return 2 * got, nil
		}
	}
}
