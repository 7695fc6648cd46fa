package encode

import (
	"math"

	"github.com/abema/go-mp4"
)

const (
	videoTrackID = 1
	audioTrackID = 2
)

// videoTable is everything moov needs to describe the video track.
type videoTable struct {
	width, height    int
	timescale, delta uint32 // media timescale, ticks per frame
	sps, pps         []byte
	sizes            []uint32 // sample sizes in decode order
	ctts             []uint32 // composition offsets (pts-dts) in ticks, decode order
	keys             []uint32 // 1-based numbers of IDR samples
	shift            int64    // elst media_time: ticks of reorder delay
	payload          int64    // total coded bytes
}

// frames returns the number of video samples.
func (v *videoTable) frames() int { return len(v.sizes) }

// duration returns the video duration in media (= movie) ticks.
func (v *videoTable) duration() uint64 { return uint64(v.frames()) * uint64(v.delta) }

// hasBFrames reports whether any sample is displayed later than decoded
// relative to the first, i.e. whether ctts is needed.
func (v *videoTable) hasBFrames() bool {
	for _, c := range v.ctts {
		if c != v.ctts[0] {
			return true
		}
	}
	return len(v.ctts) > 0 && v.ctts[0] != 0
}

// audioEditDuration converts the audio's playing time to movie ticks.
func audioEditDuration(a *AACTrack, movieScale uint32) uint64 {
	return uint64(math.Round(float64(a.samples) * float64(movieScale) / float64(a.sampleRate)))
}

var unityMatrix = [9]int32{0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000}

func ver(d uint64) uint8 {
	if d > math.MaxUint32 {
		return 1
	}
	return 0
}

func mvhd(scale uint32, dur uint64) *mp4.Mvhd {
	b := &mp4.Mvhd{Timescale: scale, Rate: 0x00010000, Volume: 0x0100, Matrix: unityMatrix, NextTrackID: 3}
	b.SetVersion(ver(dur))
	b.DurationV0, b.DurationV1 = uint32(dur), dur
	return b
}

func tkhd(id uint32, dur uint64, w, h int, audio bool) *mp4.Tkhd {
	b := &mp4.Tkhd{TrackID: id, Matrix: unityMatrix, Width: uint32(w) << 16, Height: uint32(h) << 16}
	b.SetFlags(0x000003) // enabled, in movie
	b.SetVersion(ver(dur))
	b.DurationV0, b.DurationV1 = uint32(dur), dur
	if audio {
		b.Volume = 0x0100
		b.AlternateGroup = 1
	}
	return b
}

func mdhd(scale uint32, dur uint64) *mp4.Mdhd {
	b := &mp4.Mdhd{Timescale: scale, Language: [3]byte{'u' - 0x60, 'n' - 0x60, 'd' - 0x60}}
	b.SetVersion(ver(dur))
	b.DurationV0, b.DurationV1 = uint32(dur), dur
	return b
}

func edts(segment uint64, mediaTime int64) node {
	e := &mp4.Elst{EntryCount: 1}
	v := ver(segment)
	if mediaTime > math.MaxInt32 {
		v = 1
	}
	e.SetVersion(v)
	e.Entries = []mp4.ElstEntry{{
		SegmentDurationV0: uint32(segment), MediaTimeV0: int32(mediaTime),
		SegmentDurationV1: segment, MediaTimeV1: mediaTime, MediaRateInteger: 1,
	}}
	return nest(&mp4.Edts{}, nest(e))
}

func hdlr(kind, name string) *mp4.Hdlr {
	b := &mp4.Hdlr{Name: name}
	copy(b.HandlerType[:], kind)
	return b
}

func dinf() node {
	u := &mp4.Url{}
	u.SetFlags(mp4.UrlSelfContained)
	return nest(&mp4.Dinf{}, nest(&mp4.Dref{EntryCount: 1}, nest(u)))
}

// buildMoov returns the moov tree for the video track, the optional audio
// track and the chunk plan, whose first chunk starts at file offset base.
func buildMoov(v *videoTable, a *AACTrack, plan []chunk, base uint64) node {
	scale := v.timescale
	vdur := v.duration()
	total := vdur
	var traks []node
	traks = append(traks, videoTrak(v, plan, base))
	if a != nil {
		adur := audioEditDuration(a, scale)
		total = max(total, adur)
		traks = append(traks, audioTrak(a, plan, base, adur))
	}
	return nest(&mp4.Moov{}, append([]node{nest(mvhd(scale, total))}, traks...)...)
}

// videoSampleEntry returns the avc1 sample entry (avcC, colr, pasp, btrt)
// of the video track; its bit rates come from the sample sizes known so
// far (none in a fragmented file's moov).
func videoSampleEntry(v *videoTable) node {
	entry := &mp4.VisualSampleEntry{
		SampleEntry:     mp4.SampleEntry{AnyTypeBox: mp4.AnyTypeBox{Type: mp4.BoxTypeAvc1()}, DataReferenceIndex: 1},
		Width:           uint16(v.width),
		Height:          uint16(v.height),
		Horizresolution: 0x00480000,
		Vertresolution:  0x00480000,
		FrameCount:      1,
		Depth:           0x0018,
		PreDefined3:     -1,
	}
	name := "reel H.264"
	entry.Compressorname[0] = byte(len(name))
	copy(entry.Compressorname[1:], name)

	avcc := &mp4.AVCDecoderConfiguration{
		AnyTypeBox:                 mp4.AnyTypeBox{Type: mp4.BoxTypeAvcC()},
		ConfigurationVersion:       1,
		Profile:                    v.sps[1],
		ProfileCompatibility:       v.sps[2],
		Level:                      v.sps[3],
		LengthSizeMinusOne:         3,
		NumOfSequenceParameterSets: 1,
		SequenceParameterSets:      []mp4.AVCParameterSet{{Length: uint16(len(v.sps)), NALUnit: v.sps}},
		NumOfPictureParameterSets:  1,
		PictureParameterSets:       []mp4.AVCParameterSet{{Length: uint16(len(v.pps)), NALUnit: v.pps}},
	}
	if p := v.sps[1]; p == mp4.AVCHighProfile || p == mp4.AVCHigh10Profile || p == mp4.AVCHigh422Profile || p == 144 {
		avcc.HighProfileFieldsEnabled = true
		avcc.ChromaFormat = 1 // 4:2:0
	}
	colr := &mp4.Colr{ColourType: [4]byte{'n', 'c', 'l', 'x'}, ColourPrimaries: 1, TransferCharacteristics: 1, MatrixCoefficients: 1}
	pasp := &mp4.PixelAspectRatioBox{AnyTypeBox: mp4.AnyTypeBox{Type: mp4.BoxTypePasp()}, HSpacing: 1, VSpacing: 1}
	seconds := float64(v.duration()) / float64(v.timescale)
	var maxSize uint32
	for _, s := range v.sizes {
		maxSize = max(maxSize, s)
	}
	btrt := &mp4.Btrt{BufferSizeDB: maxSize, AvgBitrate: bitsPerSecond(v.payload, seconds), MaxBitrate: maxOneSecondRate(v)}

	return nest(entry, nest(avcc), nest(colr), nest(pasp), nest(btrt))
}

func videoTrak(v *videoTable, plan []chunk, base uint64) node {
	dur := v.duration()
	stts := &mp4.Stts{EntryCount: 1, Entries: []mp4.SttsEntry{{SampleCount: uint32(v.frames()), SampleDelta: v.delta}}}
	stblKids := []node{
		nest(&mp4.Stsd{EntryCount: 1}, videoSampleEntry(v)),
		nest(stts),
	}
	if v.hasBFrames() {
		ctts := &mp4.Ctts{}
		for _, c := range v.ctts {
			n := len(ctts.Entries)
			if n > 0 && ctts.Entries[n-1].SampleOffsetV0 == c {
				ctts.Entries[n-1].SampleCount++
				continue
			}
			ctts.Entries = append(ctts.Entries, mp4.CttsEntry{SampleCount: 1, SampleOffsetV0: c})
		}
		ctts.EntryCount = uint32(len(ctts.Entries))
		stblKids = append(stblKids, nest(ctts))
	}
	stblKids = append(stblKids, nest(&mp4.Stss{EntryCount: uint32(len(v.keys)), SampleNumber: v.keys}))
	stblKids = append(stblKids, nest(&mp4.Stsz{SampleCount: uint32(v.frames()), EntrySize: v.sizes}))
	stsc, offsets := chunkTables(plan, videoTrackID, base)
	stblKids = append(stblKids, nest(stsc), nest(chunkOffsetBox(offsets)))

	vmhd := &mp4.Vmhd{}
	vmhd.SetFlags(1)
	return nest(&mp4.Trak{},
		nest(tkhd(videoTrackID, dur, v.width, v.height, false)),
		edts(dur, v.shift),
		nest(&mp4.Mdia{},
			nest(mdhd(v.timescale, dur)),
			nest(hdlr("vide", "VideoHandler")),
			nest(&mp4.Minf{}, nest(vmhd), dinf(), nest(&mp4.Stbl{}, stblKids...)),
		),
	)
}

// audioSampleEntry returns the mp4a sample entry (esds, btrt) of a.
func audioSampleEntry(a *AACTrack) node {
	rate := uint32(a.sampleRate)
	entry := &mp4.AudioSampleEntry{
		SampleEntry:  mp4.SampleEntry{AnyTypeBox: mp4.AnyTypeBox{Type: mp4.BoxTypeMp4a()}, DataReferenceIndex: 1},
		ChannelCount: uint16(a.channels),
		SampleSize:   16,
		SampleRate:   rate << 16,
	}
	var maxSize uint32
	for _, s := range a.sizes {
		maxSize = max(maxSize, s)
	}
	seconds := float64(len(a.sizes)*1024) / float64(rate)
	avg := bitsPerSecond(int64(len(a.data)), seconds)
	esds := esdsBox(a.asc, maxSize, uint32(a.bitrate), avg)
	return nest(entry, nest(esds), nest(&mp4.Btrt{BufferSizeDB: maxSize, MaxBitrate: max(avg, uint32(a.bitrate)), AvgBitrate: avg}))
}

func audioTrak(a *AACTrack, plan []chunk, base uint64, editDur uint64) node {
	rate := uint32(a.sampleRate)
	mediaDur := uint64(len(a.sizes)) * 1024
	stts := &mp4.Stts{EntryCount: 1, Entries: []mp4.SttsEntry{{SampleCount: uint32(len(a.sizes)), SampleDelta: 1024}}}
	stsc, offsets := chunkTables(plan, audioTrackID, base)
	stbl := nest(&mp4.Stbl{},
		nest(&mp4.Stsd{EntryCount: 1}, audioSampleEntry(a)),
		nest(stts),
		nest(&mp4.Stsz{SampleCount: uint32(len(a.sizes)), EntrySize: a.sizes}),
		nest(stsc),
		nest(chunkOffsetBox(offsets)),
	)
	return nest(&mp4.Trak{},
		nest(tkhd(audioTrackID, editDur, 0, 0, true)),
		edts(editDur, int64(a.priming)),
		nest(&mp4.Mdia{},
			nest(mdhd(rate, mediaDur)),
			nest(hdlr("soun", "SoundHandler")),
			nest(&mp4.Minf{}, nest(&mp4.Smhd{}), dinf(), stbl),
		),
	)
}
