package encode

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/reelkit/reel/internal/fserr"
)

// VideoTrackConfig describes the H.264 stream given to a Muxer.
type VideoTrackConfig struct {
	Width, Height int
	FrameRate     Rational // zero value = 30/1
	SPS, PPS      []byte   // parameter sets without length prefixes
}

// Muxer writes an H.264 sample stream (and an optional pre-encoded AAC
// track) into a faststart MP4 (moov before mdat) at a path or to an
// io.Writer (see Sink). Coded video is streamed into a temporary file;
// Close lays out ftyp, moov and an interleaved mdat. It is not safe for
// concurrent use.
type Muxer struct {
	sink    Sink
	audio   *AACTrack
	table   videoTable
	tmp     *spool
	buf     *bufio.Writer
	pts     []int64 // per sample, frame units
	dts     []int64
	done    bool
	lastDTS int64
}

// NewMuxer starts an MP4 at path, which appears only when Close succeeds.
// audio may be nil for a silent file. It is NewSinkMuxer with
// Sink{Path: path}.
func NewMuxer(path string, v VideoTrackConfig, audio *AACTrack) (*Muxer, error) {
	return newMuxer(Sink{Path: path}, v, audio)
}

// newVideoTable checks v and returns its empty sample table.
func newVideoTable(v VideoTrackConfig) (videoTable, error) {
	if v.Width <= 0 || v.Height <= 0 || v.Width > 65535 || v.Height > 65535 {
		return videoTable{}, fmt.Errorf("%w: track size %dx%d", ErrInvalidOptions, v.Width, v.Height)
	}
	if len(v.SPS) < 4 || len(v.PPS) < 1 {
		return videoTable{}, fmt.Errorf("%w: missing SPS/PPS", ErrInvalidOptions)
	}
	vo, err := VideoOptions{Width: 2, Height: 2, FrameRate: v.FrameRate}.withDefaults()
	if err != nil {
		return videoTable{}, err
	}
	scale, delta := vo.timescale()
	return videoTable{width: v.Width, height: v.Height, timescale: scale, delta: delta, sps: v.SPS, pps: v.PPS}, nil
}

func newMuxer(s Sink, v VideoTrackConfig, audio *AACTrack) (*Muxer, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	table, err := newVideoTable(v)
	if err != nil {
		return nil, err
	}
	if audio != nil && len(audio.sizes) == 0 {
		audio = nil
	}
	tmp, err := newSpool(s.tempDir())
	if err != nil {
		if s.Path != "" {
			err = fmt.Errorf("%w (writing %s)", err, s.Path)
		}
		return nil, err
	}
	return &Muxer{
		sink:  s,
		audio: audio,
		table: table,
		tmp:   tmp,
		buf:   bufio.NewWriterSize(tmp, 1<<20),
	}, nil
}

// WriteVideo appends one coded picture (decode order). Its data is copied
// into the temporary file before WriteVideo returns.
func (m *Muxer) WriteVideo(p Packet) error {
	if m.done {
		return ErrClosed
	}
	if n := len(m.dts); n > 0 && p.DTS <= m.lastDTS {
		return fmt.Errorf("encode: non-increasing DTS %d after %d", p.DTS, m.lastDTS)
	}
	if p.PTS < p.DTS {
		return fmt.Errorf("encode: PTS %d before DTS %d", p.PTS, p.DTS)
	}
	if len(p.Data) == 0 || int64(len(p.Data)) > 1<<31 {
		return fmt.Errorf("encode: video sample of %d bytes", len(p.Data))
	}
	if _, err := m.buf.Write(p.Data); err != nil {
		return fmt.Errorf("encode: writing video payload: %w", err)
	}
	m.lastDTS = p.DTS
	m.table.sizes = append(m.table.sizes, uint32(len(p.Data)))
	m.table.payload += int64(len(p.Data))
	m.pts = append(m.pts, p.PTS)
	m.dts = append(m.dts, p.DTS)
	if p.Keyframe {
		m.table.keys = append(m.table.keys, uint32(len(m.dts)))
	}
	return nil
}

// Close writes the finished MP4: to the Writer, or to a temporary file
// renamed into place at the path. On error nothing is left at the path.
func (m *Muxer) Close() (err error) {
	if m.done {
		return ErrClosed
	}
	defer func() {
		if err != nil {
			m.Abort()
		}
	}()
	if len(m.dts) == 0 {
		return errors.New("encode: no video frames written")
	}
	if len(m.table.keys) == 0 || m.table.keys[0] != 1 {
		return errors.New("encode: first video sample is not a keyframe")
	}
	if err := m.buf.Flush(); err != nil {
		return fmt.Errorf("encode: writing video payload: %w", err)
	}
	m.finishTable()
	plan := planChunks(&m.table, m.audio)
	header, err := fileHeader(&m.table, m.audio, plan)
	if err != nil {
		return fmt.Errorf("encode: building moov: %w", err)
	}
	if m.sink.Writer != nil {
		if err := m.assemble(m.sink.Writer, header, plan); err != nil {
			return err
		}
	} else if err := m.writeFile(header, plan); err != nil {
		return err
	}
	m.done = true
	m.tmp.close()
	return nil
}

// writeFile assembles the MP4 in a temporary file beside the target and
// renames it into place. Errors name the target, not the temporary file.
func (m *Muxer) writeFile(header []byte, plan []chunk) error {
	path := m.sink.Path
	out, err := createTemp(dirOf(path), "."+filepath.Base(path)+".*.part", "output file")
	if err != nil {
		return fmt.Errorf("%w (writing %s)", err, path)
	}
	fail := func(err error) error {
		out.Close()
		os.Remove(out.Name())
		return err
	}
	// CreateTemp makes the file 0600; the finished video is an ordinary
	// file like one from os.Create.
	if err := out.Chmod(0o644); err != nil {
		return fail(fmt.Errorf("encode: %s: %w", path, fserr.Cause(err)))
	}
	if err := m.assemble(out, header, plan); err != nil {
		return fail(fmt.Errorf("%w (writing %s)", err, path))
	}
	if err := out.Sync(); err != nil {
		return fail(fmt.Errorf("encode: writing %s: %w", path, fserr.Cause(err)))
	}
	if err := out.Close(); err != nil {
		os.Remove(out.Name())
		return fmt.Errorf("encode: writing %s: %w", path, fserr.Cause(err))
	}
	if err := os.Rename(out.Name(), path); err != nil {
		os.Remove(out.Name())
		return fmt.Errorf("encode: cannot move the finished file to %s: %w", path, fserr.Cause(err))
	}
	return nil
}

// finishTable derives composition offsets and the edit shift from the
// recorded timestamps: MP4 decode times start at 0, so every sample's
// composition offset is pts-dts and the first displayed picture is moved
// to time 0 by the edit list.
func (m *Muxer) finishTable() {
	t := &m.table
	t.ctts = make([]uint32, len(m.dts))
	minPTS := m.pts[0]
	for i := range m.dts {
		t.ctts[i] = uint32(m.pts[i]-m.dts[i]) * t.delta
		minPTS = min(minPTS, m.pts[i])
	}
	t.shift = (minPTS - m.dts[0]) * int64(t.delta)
}

// assemble writes header and then every chunk in plan order to out.
func (m *Muxer) assemble(out io.Writer, header []byte, plan []chunk) error {
	w := bufio.NewWriterSize(out, 1<<20)
	if _, err := w.Write(header); err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	var vpos, apos int64
	for _, c := range plan {
		switch c.track {
		case videoTrackID:
			if _, err := io.Copy(w, io.NewSectionReader(m.tmp.File, vpos, c.size)); err != nil {
				return fmt.Errorf("encode: copying video payload: %w", err)
			}
			vpos += c.size
		case audioTrackID:
			if _, err := w.Write(m.audio.data[apos : apos+c.size]); err != nil {
				return fmt.Errorf("encode: %w", err)
			}
			apos += c.size
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	return nil
}

// Abort discards everything written; nothing is left at the path and
// nothing has been written to a Writer.
func (m *Muxer) Abort() error {
	if m.done {
		return nil
	}
	m.done = true
	if err := m.tmp.close(); err != nil {
		return fmt.Errorf("encode: removing the temporary video file: %w", fserr.Cause(err))
	}
	return nil
}
