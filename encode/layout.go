package encode

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/abema/go-mp4"
)

// chunkInterval is the target duration of one interleaved chunk, seconds.
const chunkInterval = 0.5

// chunk is a run of consecutive samples of one track, in file order.
type chunk struct {
	track int   // videoTrackID or audioTrackID
	first int   // first sample index (0-based)
	count int   // number of samples
	size  int64 // bytes
}

// planChunks interleaves video and audio chunks of about chunkInterval
// seconds each, video first within each interval.
func planChunks(v *videoTable, a *AACTrack) []chunk {
	var plan []chunk
	frameDur := float64(v.delta) / float64(v.timescale)
	vi, ai := 0, 0
	nv, na := len(v.sizes), 0
	var auDur, prime float64
	if a != nil {
		na = len(a.sizes)
		auDur = 1024 / float64(a.sampleRate)
		prime = float64(a.priming) / float64(a.sampleRate)
	}
	for k := 1; vi < nv || ai < na; k++ {
		end := float64(k) * chunkInterval
		c := chunk{track: videoTrackID, first: vi}
		for vi < nv && float64(vi)*frameDur < end {
			c.size += int64(v.sizes[vi])
			vi++
		}
		if c.count = vi - c.first; c.count > 0 {
			plan = append(plan, c)
		}
		c = chunk{track: audioTrackID, first: ai}
		for ai < na && float64(ai)*auDur-prime < end {
			c.size += int64(a.sizes[ai])
			ai++
		}
		if c.count = ai - c.first; c.count > 0 {
			plan = append(plan, c)
		}
	}
	return plan
}

// needsCo64 reports whether chunk offsets up to maxOffset need 64 bits.
func needsCo64(maxOffset uint64) bool { return maxOffset > math.MaxUint32 }

// chunkOffsetBox returns stco, or co64 when an offset passes 4 GiB.
func chunkOffsetBox(offsets []uint64) mp4.IImmutableBox {
	var maxOff uint64
	for _, o := range offsets {
		maxOff = max(maxOff, o)
	}
	if needsCo64(maxOff) {
		return &mp4.Co64{EntryCount: uint32(len(offsets)), ChunkOffset: offsets}
	}
	s := &mp4.Stco{EntryCount: uint32(len(offsets)), ChunkOffset: make([]uint32, len(offsets))}
	for i, o := range offsets {
		s.ChunkOffset[i] = uint32(o)
	}
	return s
}

// chunkTables derives stsc entries and chunk offsets of one track from the
// file-order chunk plan; base is the file offset of the first chunk.
func chunkTables(plan []chunk, track int, base uint64) (*mp4.Stsc, []uint64) {
	stsc := &mp4.Stsc{}
	var offsets []uint64
	pos := base
	for _, c := range plan {
		if c.track == track {
			offsets = append(offsets, pos)
			n := len(stsc.Entries)
			if n == 0 || stsc.Entries[n-1].SamplesPerChunk != uint32(c.count) {
				stsc.Entries = append(stsc.Entries, mp4.StscEntry{
					FirstChunk: uint32(len(offsets)), SamplesPerChunk: uint32(c.count), SampleDescriptionIndex: 1,
				})
			}
		}
		pos += uint64(c.size)
	}
	stsc.EntryCount = uint32(len(stsc.Entries))
	return stsc, offsets
}

func ftypBytes() ([]byte, error) {
	f := &mp4.Ftyp{MajorBrand: [4]byte{'i', 's', 'o', 'm'}, MinorVersion: 0x200}
	for _, b := range []string{"isom", "iso2", "avc1", "mp41"} {
		f.AddCompatibleBrand([4]byte{b[0], b[1], b[2], b[3]})
	}
	return marshalTree(nest(f))
}

// mdatHeader returns the mdat box header for payload bytes of data, using
// the 64-bit largesize form when the box would pass 4 GiB.
func mdatHeader(payload int64) []byte {
	if uint64(payload)+8 <= math.MaxUint32 {
		h := make([]byte, 8)
		binary.BigEndian.PutUint32(h, uint32(payload+8))
		copy(h[4:], "mdat")
		return h
	}
	h := make([]byte, 16)
	binary.BigEndian.PutUint32(h, 1)
	copy(h[4:], "mdat")
	binary.BigEndian.PutUint64(h[8:], uint64(payload+16))
	return h
}

// fileHeader returns ftyp + moov + the mdat header for the given tables and
// chunk plan.
func fileHeader(v *videoTable, a *AACTrack, plan []chunk) ([]byte, error) {
	var payload int64
	for _, c := range plan {
		payload += c.size
	}
	ftyp, err := ftypBytes()
	if err != nil {
		return nil, err
	}
	mdat := mdatHeader(payload)
	// Size moov with provisional offsets, then rebuild it with the real
	// ones. The size changes only when stco turns into co64, which a larger
	// moov can never undo, so this settles within a few rounds.
	moov, err := marshalTree(buildMoov(v, a, plan, 0))
	if err != nil {
		return nil, err
	}
	for round := 0; ; round++ {
		base := uint64(len(ftyp) + len(moov) + len(mdat))
		next, err := marshalTree(buildMoov(v, a, plan, base))
		if err != nil {
			return nil, err
		}
		if len(next) == len(moov) {
			moov = next
			break
		}
		if round == 3 {
			return nil, errors.New("moov size does not settle")
		}
		moov = next
	}
	out := make([]byte, 0, len(ftyp)+len(moov)+len(mdat))
	return append(append(append(out, ftyp...), moov...), mdat...), nil
}
