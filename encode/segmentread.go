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

// SegmentReader reads a segment file (format in segment.go), checking it
// as it goes. Not safe for concurrent use.
type SegmentReader struct {
	r       *bufio.Reader
	crc     hash.Hash32
	h       SegmentHeader
	packets int
	lastDTS int64
	seen    []bool // by PTS
	buf     []byte
	done    bool
}

// badSegment returns an error matching ErrBadSegment.
func badSegment(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrBadSegment, fmt.Sprintf(format, a...))
}

// NewSegmentReader reads and checks the header of the segment file in r.
func NewSegmentReader(r io.Reader) (*SegmentReader, error) {
	s := &SegmentReader{r: bufio.NewReaderSize(r, 1<<16), crc: crc32.NewIEEE()}
	var head [16]byte
	if err := s.full(head[:], "header"); err != nil {
		return nil, err
	}
	if string(head[:8]) != segmentMagic {
		return nil, badSegment("not a reel segment file")
	}
	if v := binary.BigEndian.Uint16(head[8:]); v != SegmentVersion {
		return nil, badSegment("format version %d (this reel reads version %d)", v, SegmentVersion)
	}
	n := binary.BigEndian.Uint32(head[12:])
	if n < 32+9*4+4 || n > maxSegmentHeader {
		return nil, badSegment("header of %d bytes", n)
	}
	body := make([]byte, n)
	if err := s.full(body, "header"); err != nil {
		return nil, err
	}
	h := &s.h
	copy(h.PlanID[:], body)
	b := body[32:]
	var v [9]int
	for i := range v {
		v[i] = int(binary.BigEndian.Uint32(b))
		b = b[4:]
	}
	h.Index, h.Count, h.From, h.To, h.Total = v[0], v[1], v[2], v[3], v[4]
	h.Track.Width, h.Track.Height, h.Track.FrameRate = v[5], v[6], Rational{v[7], v[8]}
	var ok bool
	if h.Track.SPS, b, ok = lengthPrefixed(b); ok {
		h.Track.PPS, b, ok = lengthPrefixed(b)
	}
	if !ok || len(b) != 0 {
		return nil, badSegment("malformed parameter sets in the header")
	}
	if err := h.check(); err != nil {
		return nil, badSegment("header: %v", err)
	}
	s.seen = make([]bool, h.To-h.From)
	return s, nil
}

// lengthPrefixed splits a u16-length-prefixed field off b.
func lengthPrefixed(b []byte) (field, rest []byte, ok bool) {
	if len(b) < 2 {
		return nil, nil, false
	}
	n := int(binary.BigEndian.Uint16(b))
	if len(b) < 2+n {
		return nil, nil, false
	}
	return b[2 : 2+n], b[2+n:], true
}

// full reads exactly len(p) bytes into p and adds them to the CRC.
func (s *SegmentReader) full(p []byte, what string) error {
	if _, err := io.ReadFull(s.r, p); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return badSegment("truncated in the %s (after %d packets)", what, s.packets)
		}
		return fmt.Errorf("encode: reading segment: %w", err)
	}
	s.crc.Write(p)
	return nil
}

// Header returns the segment's header.
func (s *SegmentReader) Header() SegmentHeader { return s.h }

// Next returns the next packet (decode order, timestamps relative to the
// segment's first frame). Its Data is valid until the next call. After
// the last packet it checks the trailer (count and CRC) and returns
// io.EOF; any fault of the file is an error matching ErrBadSegment.
// Packets are handed out before the CRC at the end is checked: a caller
// must treat them as provisional until Next has returned io.EOF.
func (s *SegmentReader) Next() (Packet, error) {
	if s.done {
		return Packet{}, io.EOF
	}
	var tag [1]byte
	if err := s.full(tag[:], "packet list"); err != nil {
		return Packet{}, err
	}
	switch tag[0] {
	case 0:
		return Packet{}, s.trailer()
	case 1:
	default:
		return Packet{}, badSegment("unknown record tag %d after %d packets", tag[0], s.packets)
	}
	var rec [21]byte
	if err := s.full(rec[:], "packet header"); err != nil {
		return Packet{}, err
	}
	p := Packet{
		Keyframe: rec[0]&1 != 0,
		PTS:      int64(binary.BigEndian.Uint64(rec[1:])),
		DTS:      int64(binary.BigEndian.Uint64(rec[9:])),
	}
	size := binary.BigEndian.Uint32(rec[17:])
	n := int64(s.h.To - s.h.From)
	switch {
	case rec[0]&^1 != 0:
		return Packet{}, badSegment("packet %d: unknown flags %#x", s.packets, rec[0])
	case s.packets == 0 && !p.Keyframe:
		return Packet{}, badSegment("the first packet is not an IDR picture")
	case s.packets >= len(s.seen):
		return Packet{}, badSegment("more than %d packets", len(s.seen))
	case p.PTS < 0 || p.PTS >= n || s.seen[p.PTS]:
		return Packet{}, badSegment("packet %d: PTS %d outside the segment's %d frames or repeated", s.packets, p.PTS, n)
	case p.DTS > p.PTS || p.DTS < -n:
		return Packet{}, badSegment("packet %d: DTS %d for PTS %d", s.packets, p.DTS, p.PTS)
	case s.packets > 0 && p.DTS <= s.lastDTS:
		return Packet{}, badSegment("packet %d: DTS %d not after %d", s.packets, p.DTS, s.lastDTS)
	case size == 0 || size > maxSegmentPacket:
		return Packet{}, badSegment("packet %d of %d bytes", s.packets, size)
	}
	if cap(s.buf) < int(size) {
		s.buf = make([]byte, size)
	}
	p.Data = s.buf[:size]
	if err := s.full(p.Data, "packet data"); err != nil {
		return Packet{}, err
	}
	s.seen[p.PTS] = true
	s.lastDTS = p.DTS
	s.packets++
	return p, nil
}

// trailer checks the packet count and the CRC after the end tag.
func (s *SegmentReader) trailer() error {
	var cnt [4]byte
	if err := s.full(cnt[:], "trailer"); err != nil {
		return err
	}
	want := s.crc.Sum32()
	var sum [4]byte
	if _, err := io.ReadFull(s.r, sum[:]); err != nil {
		return badSegment("truncated in the trailer (after %d packets)", s.packets)
	}
	if c := binary.BigEndian.Uint32(cnt[:]); int(c) != s.packets || s.packets != len(s.seen) {
		return badSegment("%d packets, trailer says %d, the header's frames say %d", s.packets, c, len(s.seen))
	}
	if got := binary.BigEndian.Uint32(sum[:]); got != want {
		return badSegment("checksum mismatch (the file is corrupt)")
	}
	if _, err := s.r.ReadByte(); err != io.EOF {
		return badSegment("data after the trailer")
	}
	s.done = true
	return io.EOF
}
