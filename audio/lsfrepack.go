package audio

import (
	"bufio"
	"encoding/binary"
	"io"
)

// lsfRepacker works around a go-mp3 v0.3.4 defect. go-mp3 sizes an MPEG-2
// Layer III frame as (144*bitrate/rate + padding) >> 1 instead of
// 72*bitrate/rate + padding: one byte short for a padded 22.05 kHz frame
// whenever 144*bitrate/rate rounds down to an even number (8-32, 80, 96,
// 144 and 160 kb/s). The lost byte shifts the bit reservoir of every later
// frame, and such a stream (LAME CBR at those rates) decodes as noise.
//
// The repacker rewrites a 22.05 kHz stream frame by frame so that each
// frame carries its own main data (main_data_begin 0) in an unpadded frame
// of the smallest bitrate that holds it, a size go-mp3 computes right. The
// coded audio bits, and so the decoded samples, are unchanged; only the
// framing differs. Bytes that are not a frame of the stream pass through.
type lsfRepacker struct {
	r   *bufio.Reader
	out []byte // rewritten bytes not yet returned
	res []byte // tail of the original main-data stream (the bit reservoir)
	eof bool
}

// lsfMaxReservoir is the largest main_data_begin of an MPEG-2 frame (8 bits).
const lsfMaxReservoir = 255

func newLSFRepacker(r io.Reader) *lsfRepacker {
	return &lsfRepacker{r: bufio.NewReaderSize(r, 4096)}
}

func (l *lsfRepacker) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if l.eof {
			return 0, io.EOF
		}
		if err := l.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// next rewrites one frame (or passes one byte through) into l.out.
func (l *lsfRepacker) next() error {
	hb, err := l.r.Peek(4)
	h, ok := parseMP3Header(hb)
	if err != nil || !ok || h.Version != 2 || h.Layer != 3 || h.SampleRate != 22050 || h.Bitrate == 0 {
		if len(hb) == 0 {
			l.eof = true
			if err == io.EOF {
				return nil
			}
			return err
		}
		b, _ := l.r.ReadByte()
		l.out = append(l.out[:0], b)
		return nil
	}
	frame := make([]byte, h.Size)
	n, err := io.ReadFull(l.r, frame)
	if err != nil { // a cut frame: pass it on as it is
		l.out, l.eof = frame[:n], true
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return nil
		}
		return err
	}
	l.out = l.repack(l.out[:0], h, frame)
	return nil
}

// repack appends to out frame (one whole MPEG-2 Layer III frame at
// 22.05 kHz with header h) rewritten to carry its own main data, taken
// from the bit reservoir of the frames repacked before it.
func (l *lsfRepacker) repack(out []byte, h mp3Header, frame []byte) []byte {
	hdr := 4
	if h.CRC {
		hdr += 2
	}
	sideLen := h.sideInfoSize()
	if len(frame) < hdr+sideLen {
		return append(out, frame...)
	}
	side := frame[hdr : hdr+sideLen]
	slot := frame[hdr+sideLen:]
	begin := int(side[0]) // main_data_begin: 8 bits in MPEG-2
	size := (lsfMainDataBits(side, h.Channels) + 7) / 8

	// The frame's main data starts begin bytes before its slot, in the
	// reservoir; bytes that are not there (a stream cut mid-reservoir)
	// read as zeros.
	data := make([]byte, size)
	stream := len(l.res) - begin
	for i := range data {
		switch j := stream + i; {
		case j < 0:
		case j < len(l.res):
			data[i] = l.res[j]
		case j-len(l.res) < len(slot):
			data[i] = slot[j-len(l.res)]
		}
	}
	l.res = append(l.res, slot...)
	if extra := len(l.res) - lsfMaxReservoir; extra > 0 {
		l.res = append(l.res[:0], l.res[extra:]...)
	}

	// The smallest unpadded frame whose slot holds the data.
	idx, room := 14, 0
	for i := 1; i <= 14; i++ {
		room = 72*mp3Bitrates[1][2][i]*1000/h.SampleRate - hdr - sideLen
		if room >= size {
			idx = i
			break
		}
	}
	if room < size { // more than the largest frame holds: corrupt input
		data = data[:max(room, 0)]
	}
	w := binary.BigEndian.Uint32(frame)
	w = w&^(0xf<<12|0x200) | uint32(idx)<<12
	out = binary.BigEndian.AppendUint32(out, w)
	out = append(out, frame[4:hdr]...) // CRC (not checked by go-mp3)
	out = append(out, 0)               // main_data_begin 0
	out = append(out, side[1:]...)
	out = append(out, data...)
	out = append(out, make([]byte, max(room-len(data), 0))...)
	return out
}

// lsfMainDataBits sums part2_3_length over the channels of an MPEG-2
// Layer III side info (one granule): 8 bits main_data_begin, 1 or 2
// private bits, then 63 bits per channel starting with part2_3_length.
func lsfMainDataBits(side []byte, channels int) int {
	pos := 9
	if channels == 2 {
		pos = 10
	}
	total := 0
	for range channels {
		total += int(readBits(side, pos, 12))
		pos += 63
	}
	return total
}

// readBits returns n bits of b from bit offset pos (MSB first).
func readBits(b []byte, pos, n int) uint32 {
	var v uint32
	for i := range n {
		bit := pos + i
		v = v<<1 | uint32(b[bit/8]>>(7-bit%8)&1)
	}
	return v
}
