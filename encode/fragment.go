package encode

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/abema/go-mp4"
)

// Sample flags of trun (ISO/IEC 14496-12 8.8.3.1): a sync sample depends
// on no other; any other picture depends on others and is not a sync
// sample.
const (
	syncSampleFlags    = 0x02000000
	nonSyncSampleFlags = 0x01010000
)

// FragmentedMuxer writes a fragmented MP4 to an io.Writer as the video is
// encoded: ftyp and moov (empty sample tables, mvex) when the first
// fragment is ready, then a moof+mdat pair per GOP with the video of that
// GOP and the audio of the same stretch of time. Players (browsers,
// ffmpeg) can start while the rest is still being encoded. See Sink for
// the flushing and failure semantics. It is not safe for concurrent use.
//
// Timing is described exactly as in the faststart file: unsigned
// composition offsets, and edit lists that remove the B-frame reordering
// delay and the AAC encoder priming. A reader that honours edit lists
// shows the first picture and plays the first real sample at time 0, as
// with the faststart file. ffmpeg (at least up to 5.1) ignores edit lists
// in fragmented files: it decodes the same pictures and the same sound,
// but starts the video at the reordering delay (2 frames) and plays the
// 1600 samples of priming first, so its A/V offset is under a frame.
type FragmentedMuxer struct {
	w      io.Writer
	audio  *AACTrack
	table  videoTable // sizes etc. of the current fragment only
	frames int        // expected frames (0: unknown)

	started  bool
	dts0     int64 // first decode timestamp (frame units)
	seq      uint32
	pending  []Packet // current fragment (data copied)
	next     int      // video samples muxed so far
	nextAU   int      // audio access units muxed so far
	auOffset int      // byte offset of access unit nextAU in audio.data
	lastDTS  int64
	written  int64
	done     bool
	err      error
}

// NewFragmentedMuxer starts a fragmented MP4 on w; audio may be nil.
// frames is the expected number of video frames (0 if unknown): see
// Sink.Frames. Nothing is written before the first fragment is complete.
func NewFragmentedMuxer(w io.Writer, v VideoTrackConfig, audio *AACTrack, frames int) (*FragmentedMuxer, error) {
	if w == nil {
		return nil, errors.New("encode: a fragmented MP4 needs a Writer")
	}
	if frames < 0 {
		return nil, fmt.Errorf("%w: %d expected frames", ErrInvalidOptions, frames)
	}
	table, err := newVideoTable(v)
	if err != nil {
		return nil, err
	}
	if audio != nil && len(audio.sizes) == 0 {
		audio = nil
	}
	return &FragmentedMuxer{w: w, audio: audio, table: table, frames: frames}, nil
}

// Written returns the number of bytes written to the Writer so far.
func (m *FragmentedMuxer) Written() int64 { return m.written }

// WriteVideo appends one coded picture (decode order). A keyframe after
// the first one closes the current fragment, which is written to the
// Writer before WriteVideo returns. p.Data is copied.
func (m *FragmentedMuxer) WriteVideo(p Packet) error {
	if m.done {
		return ErrClosed
	}
	if m.err != nil {
		return m.err
	}
	if m.next+len(m.pending) > 0 && p.DTS <= m.lastDTS {
		return fmt.Errorf("encode: non-increasing DTS %d after %d", p.DTS, m.lastDTS)
	}
	if p.PTS < p.DTS {
		return fmt.Errorf("encode: PTS %d before DTS %d", p.PTS, p.DTS)
	}
	if len(p.Data) == 0 || int64(len(p.Data)) > 1<<31 {
		return fmt.Errorf("encode: video sample of %d bytes", len(p.Data))
	}
	if m.next+len(m.pending) == 0 && !p.Keyframe {
		return errors.New("encode: first video sample is not a keyframe")
	}
	if p.Keyframe && len(m.pending) > 0 {
		if err := m.flush(p.DTS, false); err != nil {
			m.err = err
			return err
		}
	}
	p.Data = append([]byte(nil), p.Data...)
	m.pending = append(m.pending, p)
	m.lastDTS = p.DTS
	return nil
}

// Close writes the last fragment (with the rest of the audio).
func (m *FragmentedMuxer) Close() error {
	if m.done {
		return ErrClosed
	}
	m.done = true
	if m.err != nil {
		return m.err
	}
	if m.next+len(m.pending) == 0 {
		return errors.New("encode: no video frames written")
	}
	return m.flush(m.lastDTS+1, true)
}

// Abort stops the muxer. Fragments already written stay written.
func (m *FragmentedMuxer) Abort() error {
	m.done = true
	m.pending = nil
	return nil
}

// flush writes the pending GOP as one fragment; nextDTS is the decode time
// of the picture after it (the duration of its last sample). With last,
// every remaining audio access unit goes into the fragment.
func (m *FragmentedMuxer) flush(nextDTS int64, last bool) error {
	var out []byte
	if !m.started {
		header, err := m.header()
		if err != nil {
			return fmt.Errorf("encode: building moov: %w", err)
		}
		out = header
		m.started = true
	}
	frag, err := m.fragment(nextDTS, last)
	if err != nil {
		return fmt.Errorf("encode: building fragment: %w", err)
	}
	out = append(out, frag...)
	n, err := m.w.Write(out)
	m.written += int64(n)
	if err != nil {
		return fmt.Errorf("encode: writing fragment: %w", err)
	}
	switch f := m.w.(type) {
	case interface{ Flush() error }:
		if err := f.Flush(); err != nil {
			return fmt.Errorf("encode: flushing fragment: %w", err)
		}
	case interface{ Flush() }:
		f.Flush()
	}
	return nil
}

// header returns ftyp + moov, set up from the first pending packets: the
// edit list's media time is the reordering delay of the first GOP.
func (m *FragmentedMuxer) header() ([]byte, error) {
	first := m.pending[0]
	m.dts0 = first.DTS
	minPTS := first.PTS
	for _, p := range m.pending {
		minPTS = min(minPTS, p.PTS)
	}
	v := &m.table
	v.shift = (minPTS - m.dts0) * int64(v.delta)

	f := &mp4.Ftyp{MajorBrand: [4]byte{'i', 's', 'o', '5'}, MinorVersion: 0x200}
	for _, b := range []string{"iso5", "iso6", "avc1", "mp41"} {
		f.AddCompatibleBrand([4]byte{b[0], b[1], b[2], b[3]})
	}
	ftyp, err := marshalTree(nest(f))
	if err != nil {
		return nil, err
	}
	moov, err := marshalTree(m.moov())
	if err != nil {
		return nil, err
	}
	return append(ftyp, moov...), nil
}

// moov describes both tracks with empty sample tables; mvex announces the
// fragments. Durations are known only when the expected frame count is.
func (m *FragmentedMuxer) moov() node {
	v := &m.table
	vdur := uint64(m.frames) * uint64(v.delta)
	total := vdur
	traks := []node{m.trak(videoTrackID, vdur, v.shift, v.timescale, videoSampleEntry(v))}
	mvex := []node{nest(&mp4.Trex{TrackID: videoTrackID, DefaultSampleDescriptionIndex: 1})}
	if a := m.audio; a != nil {
		adur := uint64(0)
		if m.frames > 0 {
			adur = audioEditDuration(a, v.timescale)
			total = max(total, adur)
		}
		traks = append(traks, m.trak(audioTrackID, adur, int64(a.priming), uint32(a.sampleRate), audioSampleEntry(a)))
		mvex = append(mvex, nest(&mp4.Trex{TrackID: audioTrackID, DefaultSampleDescriptionIndex: 1}))
	}
	if total > 0 {
		mehd := &mp4.Mehd{FragmentDurationV0: uint32(total), FragmentDurationV1: total}
		mehd.SetVersion(ver(total))
		mvex = append([]node{nest(mehd)}, mvex...)
	}
	kids := append([]node{nest(mvhd(v.timescale, total))}, traks...)
	return nest(&mp4.Moov{}, append(kids, nest(&mp4.Mvex{}, mvex...))...)
}

// trak is one track of the fragmented moov: edit list (dur 0 = to the end
// of the media), media header with duration 0, empty sample tables.
func (m *FragmentedMuxer) trak(id uint32, dur uint64, mediaTime int64, scale uint32, entry node) node {
	v := &m.table
	audio := id == audioTrackID
	var mh node
	if audio {
		mh = nest(&mp4.Smhd{})
	} else {
		vmhd := &mp4.Vmhd{}
		vmhd.SetFlags(1)
		mh = nest(vmhd)
	}
	kind, name := "vide", "VideoHandler"
	if audio {
		kind, name = "soun", "SoundHandler"
	}
	return nest(&mp4.Trak{},
		nest(tkhd(id, dur, v.width*btoi(!audio), v.height*btoi(!audio), audio)),
		edts(dur, mediaTime),
		nest(&mp4.Mdia{},
			nest(mdhd(scale, 0)),
			nest(hdlr(kind, name)),
			nest(&mp4.Minf{}, mh, dinf(), nest(&mp4.Stbl{},
				nest(&mp4.Stsd{EntryCount: 1}, entry),
				nest(&mp4.Stts{}),
				nest(&mp4.Stsc{}),
				nest(&mp4.Stsz{}),
				nest(&mp4.Stco{}),
			)),
		),
	)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fragment returns moof+mdat for the pending GOP and the audio up to the
// time its successor starts (all the remaining audio when last).
func (m *FragmentedMuxer) fragment(nextDTS int64, last bool) ([]byte, error) {
	v := &m.table
	m.seq++
	vrun := &mp4.Trun{SampleCount: uint32(len(m.pending)), Entries: make([]mp4.TrunEntry, len(m.pending))}
	vrun.SetFlags(0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800) // data offset, duration, size, flags, CTO
	var vbytes int64
	for i, p := range m.pending {
		nd := nextDTS
		if i+1 < len(m.pending) {
			nd = m.pending[i+1].DTS
		}
		flags := uint32(nonSyncSampleFlags)
		if p.Keyframe {
			flags = syncSampleFlags
		}
		vrun.Entries[i] = mp4.TrunEntry{
			SampleDuration:                uint32(nd-p.DTS) * v.delta,
			SampleSize:                    uint32(len(p.Data)),
			SampleFlags:                   flags,
			SampleCompositionTimeOffsetV0: uint32(p.PTS-p.DTS) * v.delta,
		}
		vbytes += int64(len(p.Data))
	}
	baseDecode := uint64(m.pending[0].DTS-m.dts0) * uint64(v.delta)
	trafs := []*mp4.Trun{vrun}
	kids := []node{nest(&mp4.Mfhd{SequenceNumber: m.seq}), m.traf(videoTrackID, baseDecode, 0, vrun)}

	// Audio of the same stretch: the access units that start (after
	// priming) before the next GOP starts.
	a := m.audio
	var au0, au1 int
	var arun *mp4.Trun
	var abytes int64
	if a != nil {
		au0, au1 = m.nextAU, len(a.sizes)
		if !last {
			end := float64(nextDTS-m.dts0) * float64(v.delta) / float64(v.timescale)
			au1 = au0
			for au1 < len(a.sizes) && float64(au1*1024-a.priming)/float64(a.sampleRate) < end {
				au1++
			}
		}
		if au1 > au0 {
			arun = &mp4.Trun{SampleCount: uint32(au1 - au0), Entries: make([]mp4.TrunEntry, au1-au0)}
			arun.SetFlags(0x000001 | 0x000200) // data offset, size
			for i := au0; i < au1; i++ {
				arun.Entries[i-au0].SampleSize = a.sizes[i]
				abytes += int64(a.sizes[i])
			}
			trafs = append(trafs, arun)
			kids = append(kids, m.traf(audioTrackID, uint64(au0)*1024, 1024, arun))
		}
	}
	if vbytes+abytes+8 > math.MaxUint32 {
		return nil, fmt.Errorf("fragment of %d bytes", vbytes+abytes)
	}
	moof := nest(&mp4.Moof{}, kids...)
	// Size moof with zero offsets, then set the offsets (relative to the
	// moof, default-base-is-moof) and marshal again: the size is the same.
	b, err := marshalTree(moof)
	if err != nil {
		return nil, err
	}
	off := int64(len(b)) + 8
	for _, r := range trafs {
		r.DataOffset = int32(off)
		if r == vrun {
			off += vbytes
		}
	}
	if b, err = marshalTree(moof); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+8+int(vbytes+abytes))
	out = append(out, b...)
	out = append(out, mdatHeader(vbytes+abytes)...)
	for _, p := range m.pending {
		out = append(out, p.Data...)
	}
	if arun != nil {
		out = append(out, a.data[m.auOffset:m.auOffset+int(abytes)]...)
		m.auOffset += int(abytes)
		m.nextAU = au1
	}
	m.next += len(m.pending)
	m.pending = m.pending[:0]
	return out, nil
}

// traf is one track's run in a fragment; defaultDuration (audio) goes into
// tfhd.
func (m *FragmentedMuxer) traf(id uint32, baseDecode uint64, defaultDuration uint32, run *mp4.Trun) node {
	tfhd := &mp4.Tfhd{TrackID: id}
	flags := uint32(mp4.TfhdDefaultBaseIsMoof)
	if defaultDuration > 0 {
		flags |= mp4.TfhdDefaultSampleDurationPresent | mp4.TfhdDefaultSampleFlagsPresent
		tfhd.DefaultSampleDuration = defaultDuration
		tfhd.DefaultSampleFlags = syncSampleFlags
	}
	tfhd.SetFlags(flags)
	tfdt := &mp4.Tfdt{BaseMediaDecodeTimeV1: baseDecode}
	tfdt.SetVersion(1)
	return nest(&mp4.Traf{}, nest(tfhd), nest(tfdt), nest(run))
}
