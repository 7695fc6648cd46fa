package encode

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
)

// A segment file holds the coded pictures of one stretch of a video (a
// frame range starting on an IDR picture), made by one worker, so that
// several workers can encode parts of the same video and a muxer can join
// them (see JoinSegments in package engine). Format version 1, all
// integers big-endian:
//
//	magic    "REELSEG\x00" (8 bytes)
//	version  u16 = 1, reserved u16 = 0
//	hlen     u32: length of the header body that follows (<= 64 KiB)
//	header   plan id [32]byte, index u32, count u32, from u32, to u32,
//	         total u32 (frames of the whole video), width u32, height u32,
//	         rate num u32, rate den u32, sps len u16 + sps, pps len u16 + pps
//	packets  each: tag u8 = 1, flags u8 (bit 0: IDR), pts i64, dts i64,
//	         size u32, size bytes of AVCC data; pts/dts in frame units
//	         relative to the segment's first frame
//	trailer  tag u8 = 0, packets u32, crc u32: CRC-32 (IEEE) of every byte
//	         of the file before it
//
// A reader refuses anything else: another magic or version, a header or
// packet out of bounds, a first packet that is not an IDR, decode times
// that do not increase, a packet count other than to-from, a truncated
// file or a CRC mismatch.
const (
	segmentMagic   = "REELSEG\x00"
	SegmentVersion = 1
	// MaxSegmentFrames bounds a segment's frame range (about 39 hours at
	// 30 fps).
	MaxSegmentFrames = 1 << 22
	maxSegmentHeader = 64 << 10
	maxSegmentPacket = 64 << 20
)

// ErrBadSegment is matched (errors.Is) by every error reporting a segment
// file that is corrupt, truncated or not a segment file at all.
var ErrBadSegment = errors.New("encode: bad segment file")

// SegmentHeader describes a segment: which part of which video it is and
// the H.264 stream's parameters.
type SegmentHeader struct {
	// PlanID identifies the plan (project and encoding options) the
	// segment was made from; segments are joined only with their own kind.
	PlanID [32]byte
	// Index is the segment's position among Count segments.
	Index, Count int
	// From and To are the video's frames [From, To) the segment holds.
	From, To int
	// Total is the number of frames of the whole video.
	Total int
	// Track is the H.264 stream's size, rate and parameter sets.
	Track VideoTrackConfig
}

func (h SegmentHeader) check() error {
	t := h.Track
	r := t.FrameRate.orDefault()
	switch {
	case h.Count < 1 || h.Count > 1<<16 || h.Index < 0 || h.Index >= h.Count:
		return fmt.Errorf("segment %d of %d", h.Index, h.Count)
	case h.From < 0 || h.To <= h.From || h.To > h.Total || h.To-h.From > MaxSegmentFrames || h.Total > 1<<30:
		return fmt.Errorf("frames [%d, %d) of %d", h.From, h.To, h.Total)
	case t.Width <= 0 || t.Height <= 0 || t.Width > 65535 || t.Height > 65535:
		return fmt.Errorf("size %dx%d", t.Width, t.Height)
	case r.Num <= 0 || r.Den <= 0:
		return fmt.Errorf("frame rate %d/%d", r.Num, r.Den)
	case len(t.SPS) < 4 || len(t.SPS) > 0xffff || len(t.PPS) < 1 || len(t.PPS) > 0xffff:
		return fmt.Errorf("SPS of %d bytes, PPS of %d bytes", len(t.SPS), len(t.PPS))
	}
	return nil
}

// SegmentWriter writes a segment file. Not safe for concurrent use.
type SegmentWriter struct {
	w       *bufio.Writer
	crc     hash.Hash32
	h       SegmentHeader
	packets int
	lastDTS int64
	err     error
}

// NewSegmentWriter writes h to w and returns the writer of its packets.
func NewSegmentWriter(w io.Writer, h SegmentHeader) (*SegmentWriter, error) {
	if err := h.check(); err != nil {
		return nil, fmt.Errorf("%w: segment header: %v", ErrInvalidOptions, err)
	}
	h.Track.FrameRate = h.Track.FrameRate.orDefault()
	s := &SegmentWriter{crc: crc32.NewIEEE(), h: h}
	s.w = bufio.NewWriterSize(io.MultiWriter(w, s.crc), 1<<16)
	body := make([]byte, 0, 80+len(h.Track.SPS)+len(h.Track.PPS))
	body = append(body, h.PlanID[:]...)
	for _, v := range []int{h.Index, h.Count, h.From, h.To, h.Total, h.Track.Width, h.Track.Height, h.Track.FrameRate.Num, h.Track.FrameRate.Den} {
		body = binary.BigEndian.AppendUint32(body, uint32(v))
	}
	body = binary.BigEndian.AppendUint16(body, uint16(len(h.Track.SPS)))
	body = append(body, h.Track.SPS...)
	body = binary.BigEndian.AppendUint16(body, uint16(len(h.Track.PPS)))
	body = append(body, h.Track.PPS...)
	head := append([]byte(segmentMagic), 0, SegmentVersion, 0, 0)
	head = binary.BigEndian.AppendUint32(head, uint32(len(body)))
	s.write(head)
	s.write(body)
	if s.err != nil {
		return nil, s.err
	}
	return s, nil
}

func (s *SegmentWriter) write(b []byte) {
	if s.err == nil {
		if _, err := s.w.Write(b); err != nil {
			s.err = fmt.Errorf("encode: writing segment: %w", err)
		}
	}
}

// WritePacket appends one coded picture (decode order; timestamps relative
// to the segment's first frame). The first must be an IDR picture.
func (s *SegmentWriter) WritePacket(p Packet) error {
	if s.err != nil {
		return s.err
	}
	switch {
	case s.packets == 0 && !p.Keyframe:
		return errors.New("encode: a segment must start with an IDR picture")
	case s.packets > 0 && p.DTS <= s.lastDTS:
		return fmt.Errorf("encode: segment: non-increasing DTS %d after %d", p.DTS, s.lastDTS)
	case p.PTS < 0 || p.PTS >= int64(s.h.To-s.h.From) || p.PTS < p.DTS:
		return fmt.Errorf("encode: segment: packet PTS %d (DTS %d) outside its %d frames", p.PTS, p.DTS, s.h.To-s.h.From)
	case len(p.Data) == 0 || len(p.Data) > maxSegmentPacket:
		return fmt.Errorf("encode: segment: packet of %d bytes", len(p.Data))
	}
	var rec [22]byte
	rec[0] = 1
	if p.Keyframe {
		rec[1] = 1
	}
	binary.BigEndian.PutUint64(rec[2:], uint64(p.PTS))
	binary.BigEndian.PutUint64(rec[10:], uint64(p.DTS))
	binary.BigEndian.PutUint32(rec[18:], uint32(len(p.Data)))
	s.write(rec[:])
	s.write(p.Data)
	s.packets++
	s.lastDTS = p.DTS
	return s.err
}

// Close writes the trailer. The segment must hold exactly To-From packets.
// It does not close the underlying writer.
func (s *SegmentWriter) Close() error {
	if s.err != nil {
		return s.err
	}
	if s.packets != s.h.To-s.h.From {
		s.err = fmt.Errorf("encode: segment has %d packets for %d frames", s.packets, s.h.To-s.h.From)
		return s.err
	}
	var rec [5]byte
	binary.BigEndian.PutUint32(rec[1:], uint32(s.packets))
	s.write(rec[:])
	if s.err == nil {
		if err := s.w.Flush(); err != nil {
			s.err = fmt.Errorf("encode: writing segment: %w", err)
			return s.err
		}
	}
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], s.crc.Sum32())
	s.write(sum[:])
	if s.err == nil {
		if err := s.w.Flush(); err != nil {
			s.err = fmt.Errorf("encode: writing segment: %w", err)
		}
	}
	if s.err == nil {
		s.err = ErrClosed
		return nil
	}
	return s.err
}
