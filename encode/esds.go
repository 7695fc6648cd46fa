package encode

import (
	"math"

	"github.com/abema/go-mp4"
)

// esdsBox builds the MPEG-4 ES descriptor of an AAC track. go-mp4 writes
// every descriptor size as a 4-byte varint.
func esdsBox(asc []byte, bufferSize, maxRate, avgRate uint32) *mp4.Esds {
	const hdr = 5 // tag + 4-byte size
	dsi := uint32(len(asc))
	dcd := 13 + hdr + dsi
	es := 3 + hdr + dcd + hdr + 1
	return &mp4.Esds{Descriptors: []mp4.Descriptor{
		{Tag: mp4.ESDescrTag, Size: es, ESDescriptor: &mp4.ESDescriptor{ESID: audioTrackID}},
		{Tag: mp4.DecoderConfigDescrTag, Size: dcd, DecoderConfigDescriptor: &mp4.DecoderConfigDescriptor{
			ObjectTypeIndication: 0x40, // MPEG-4 audio
			StreamType:           0x05, // audio stream
			Reserved:             true,
			BufferSizeDB:         bufferSize,
			MaxBitrate:           max(maxRate, avgRate),
			AvgBitrate:           avgRate,
		}},
		{Tag: mp4.DecSpecificInfoTag, Size: dsi, Data: asc},
		{Tag: mp4.SLConfigDescrTag, Size: 1, Data: []byte{0x02}},
	}}
}

func bitsPerSecond(bytes int64, seconds float64) uint32 {
	if seconds <= 0 {
		return 0
	}
	return uint32(min(float64(bytes)*8/seconds, math.MaxUint32))
}

// maxOneSecondRate is the largest number of bits in any window of one
// second of video samples (in decode order).
func maxOneSecondRate(v *videoTable) uint32 {
	win := int(math.Ceil(float64(v.timescale) / float64(v.delta)))
	win = max(win, 1)
	var sum, best uint64
	for i, s := range v.sizes {
		sum += uint64(s)
		if i >= win {
			sum -= uint64(v.sizes[i-win])
		}
		best = max(best, sum)
	}
	return uint32(min(best*8, math.MaxUint32))
}
