package bmff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	mp4 "github.com/abema/go-mp4"
)

// Open reads the structure of the MP4 or MOV file r of size bytes: the
// top-level boxes, the moov box (at the start or the end) and every
// track's sample table. It refuses inputs that are not MP4/MOV (ErrNotBMFF),
// exceed l, or are shorter than their headers say (ErrTruncated).
func Open(r io.ReaderAt, size int64, l Limits) (*File, error) {
	l = l.withDefaults()
	ftyp, moovHdr, err := topLevel(r, size)
	if err != nil {
		return nil, err
	}
	f := &File{}
	if ftyp != nil {
		var b [4]byte
		if ftyp.size-ftyp.hdr >= 4 {
			if _, err := r.ReadAt(b[:], ftyp.off+ftyp.hdr); err != nil {
				return nil, fmt.Errorf("bmff: reading ftyp: %w", err)
			}
			f.Brand = string(b[:])
		}
	}
	if moovHdr.size > maxMoovSize {
		return nil, fmt.Errorf("bmff: moov box of %d bytes exceeds the %d-byte limit", moovHdr.size, maxMoovSize)
	}
	moov := make([]byte, moovHdr.size)
	if _, err := r.ReadAt(moov, moovHdr.off); err != nil {
		return nil, fmt.Errorf("bmff: reading moov: %w", err)
	}
	if moovHdr.hdr == 16 || moovHdr.size != int64(uint32(moovHdr.size)) {
		return nil, fmt.Errorf("bmff: moov box with a 64-bit size is not supported")
	}
	// A 0 size ("to the end") is rewritten so go-mp4 sees a plain box.
	putU32(moov, uint32(moovHdr.size))
	raws, mvhd, err := parseMoov(moov)
	if err != nil {
		return nil, err
	}
	if mvhd == nil {
		return nil, errors.New("bmff: moov has no mvhd box")
	}
	if len(raws) > maxTracks {
		return nil, fmt.Errorf("bmff: %d tracks exceed the limit of %d", len(raws), maxTracks)
	}
	var longest time.Duration
	for i, tb := range raws {
		t, err := tb.build(mvhd.Timescale, size, l)
		if err != nil {
			return nil, fmt.Errorf("bmff: track %d (#%d): %w", tb.trackID(), i+1, err)
		}
		f.Tracks = append(f.Tracks, t)
		longest = max(longest, t.Duration)
	}
	f.Duration = scaleTime(int64(min(mvhd.GetDuration(), 1<<62)), mvhd.Timescale)
	if f.Duration <= 0 || mvhd.Timescale == 0 {
		f.Duration = longest
	}
	return f, nil
}

func putU32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}

// trakBoxes collects the boxes of one trak that Open uses.
type trakBoxes struct {
	tkhd *mp4.Tkhd
	mdhd *mp4.Mdhd
	hdlr *mp4.Hdlr
	stsd []byte // raw payload
	stts *mp4.Stts
	ctts *mp4.Ctts
	stsc *mp4.Stsc
	stsz *mp4.Stsz
	stco []uint64
	stss *mp4.Stss
	elst *mp4.Elst
}

func (tb *trakBoxes) trackID() uint32 {
	if tb.tkhd == nil {
		return 0
	}
	return tb.tkhd.TrackID
}

// parseMoov decodes the moov box (whole, header included) with go-mp4.
// A panic inside the box library on malformed input is turned into an
// error: Open must never crash on a hostile file.
func parseMoov(moov []byte) (traks []*trakBoxes, mvhd *mp4.Mvhd, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("bmff: malformed moov box (%v)", p)
		}
	}()
	var cur *trakBoxes
	handler := func(h *mp4.ReadHandle) (any, error) {
		typ := h.BoxInfo.Type.String()
		switch typ {
		case "moov", "mdia", "minf", "stbl", "edts":
			if typ != "moov" && cur == nil {
				return nil, nil
			}
			return h.Expand()
		case "trak":
			if len(traks) >= maxTracks {
				return nil, fmt.Errorf("more than %d tracks", maxTracks)
			}
			cur = &trakBoxes{}
			traks = append(traks, cur)
			_, err := h.Expand()
			cur = nil
			return nil, err
		case "stsd":
			if cur == nil {
				return nil, nil
			}
			var buf bytes.Buffer
			if _, err := h.ReadData(&buf); err != nil {
				return nil, fmt.Errorf("stsd: %w", err)
			}
			cur.stsd = buf.Bytes()
			return nil, nil
		case "mvhd", "tkhd", "mdhd", "hdlr", "stts", "ctts", "stsc", "stsz", "stco", "co64", "stss", "elst":
		case "stz2":
			return nil, errors.New("compact sample sizes (stz2) are not supported")
		default:
			return nil, nil
		}
		if typ != "mvhd" && cur == nil {
			return nil, nil
		}
		if len(h.Path) >= 2 && typ == "hdlr" && h.Path[len(h.Path)-2].String() != "mdia" {
			return nil, nil // a metadata handler, not the media's
		}
		box, _, err := h.ReadPayload()
		if err != nil {
			return nil, fmt.Errorf("%s box: %w", typ, err)
		}
		switch b := box.(type) {
		case *mp4.Mvhd:
			mvhd = b
		case *mp4.Tkhd:
			cur.tkhd = b
		case *mp4.Mdhd:
			cur.mdhd = b
		case *mp4.Hdlr:
			cur.hdlr = b
		case *mp4.Stts:
			cur.stts = b
		case *mp4.Ctts:
			cur.ctts = b
		case *mp4.Stsc:
			cur.stsc = b
		case *mp4.Stsz:
			cur.stsz = b
		case *mp4.Stco:
			cur.stco = make([]uint64, len(b.ChunkOffset))
			for i, o := range b.ChunkOffset {
				cur.stco[i] = uint64(o)
			}
		case *mp4.Co64:
			cur.stco = b.ChunkOffset
		case *mp4.Stss:
			cur.stss = b
		case *mp4.Elst:
			cur.elst = b
		}
		return nil, nil
	}
	if _, err := mp4.ReadBoxStructure(bytes.NewReader(moov), handler); err != nil {
		return nil, nil, fmt.Errorf("bmff: moov: %w", err)
	}
	return traks, mvhd, nil
}
