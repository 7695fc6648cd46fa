package bmff

import (
	"errors"
	"fmt"

	mp4 "github.com/abema/go-mp4"
)

// samples builds t.Samples from stsz, stsc, stco/co64, stts, ctts and
// stss. PTS is left as the composition time (DTS + ctts offset); the edit
// list is applied afterwards.
func (tb *trakBoxes) samples(t *Track, fileSize int64, l Limits) error {
	if tb.stsz == nil && tb.stts == nil && tb.stco == nil {
		return nil // a track without samples
	}
	switch {
	case tb.stsz == nil:
		return errors.New("no stsz box")
	case tb.stts == nil:
		return errors.New("no stts box")
	case tb.stsc == nil:
		return errors.New("no stsc box")
	case tb.stco == nil:
		return errors.New("no stco or co64 box")
	}
	n := int64(tb.stsz.SampleCount)
	if n > int64(l.MaxSamples) {
		return fmt.Errorf("%d samples exceed the limit of %d", n, l.MaxSamples)
	}
	fixed := tb.stsz.SampleSize
	if fixed == 0 && int64(len(tb.stsz.EntrySize)) < n {
		return fmt.Errorf("stsz lists %d sizes for %d samples", len(tb.stsz.EntrySize), n)
	}
	sizeOf := func(i int64) uint32 {
		if fixed != 0 {
			return fixed
		}
		return tb.stsz.EntrySize[i]
	}
	// Uncompressed audio: one Sample per chunk.
	perChunk := fixed != 0 && t.Kind == AudioTrack && isPCM(t.Codec) && unitDeltas(tb.stts)
	if frame := uint32(t.BitsPerSample / 8 * t.Channels); perChunk && frame > 0 {
		// Old QuickTime files say 1 in stsz for PCM: the sound
		// description's frame size is the truth (as ffmpeg reads it).
		fixed = frame
	}

	stsc := tb.stsc.Entries
	if len(stsc) == 0 && n > 0 {
		return errors.New("stsc is empty")
	}
	for i := 1; i < len(stsc); i++ {
		if stsc[i].FirstChunk <= stsc[i-1].FirstChunk {
			return fmt.Errorf("stsc entry %d: first chunk %d does not follow %d", i+1, stsc[i].FirstChunk, stsc[i-1].FirstChunk)
		}
	}
	// sampleIndex counts stsz samples (PCM frames when perChunk).
	var sampleIndex int64
	out := make([]Sample, 0, min(n, int64(len(tb.stco))*64, 1<<20))
	si := 0
	for ci := 0; ci < len(tb.stco) && sampleIndex < n; ci++ {
		chunk := uint32(ci + 1)
		for si+1 < len(stsc) && stsc[si+1].FirstChunk <= chunk {
			si++
		}
		spc := int64(stsc[si].SamplesPerChunk)
		if spc > n-sampleIndex {
			spc = n - sampleIndex
		}
		off := int64(tb.stco[ci])
		if off < 0 || tb.stco[ci] > 1<<62 {
			return fmt.Errorf("chunk %d offset %d is absurd", ci+1, tb.stco[ci])
		}
		if perChunk {
			if spc == 0 {
				continue
			}
			size := int64(fixed) * spc
			if size > maxSampleSize {
				return fmt.Errorf("PCM chunk %d of %d bytes exceeds the %d-byte limit", ci+1, size, maxSampleSize)
			}
			// stts deltas of 1: the decode time is the PCM frame index, and
			// sound is never reordered (PTS = DTS before the edit list).
			out = append(out, Sample{Offset: off, Size: uint32(size), DTS: sampleIndex, PTS: sampleIndex, Sync: true})
			sampleIndex += spc
			continue
		}
		for j := int64(0); j < spc; j++ {
			size := sizeOf(sampleIndex)
			if size > maxSampleSize {
				return fmt.Errorf("sample %d of %d bytes exceeds the %d-byte limit", sampleIndex+1, size, maxSampleSize)
			}
			out = append(out, Sample{Offset: off, Size: size, Sync: true})
			off += int64(size)
			sampleIndex++
		}
	}
	if sampleIndex < n {
		return fmt.Errorf("stsc and stco place only %d of the %d samples stsz lists", sampleIndex, n)
	}
	if !perChunk {
		if err := tb.times(out); err != nil {
			return err
		}
		tb.syncs(out)
	}
	if err := checkInFile(t, out, fileSize); err != nil {
		return err
	}
	t.Samples = out
	return nil
}

// unitDeltas reports whether every stts entry has a delta of 1 (PCM).
func unitDeltas(s *mp4.Stts) bool {
	for _, e := range s.Entries {
		if e.SampleDelta != 1 && e.SampleCount != 0 {
			return false
		}
	}
	return true
}

// times fills DTS (stts) and PTS = DTS + composition offset (ctts, read as
// signed in both versions as players do). A short stts repeats its last
// delta; a short ctts leaves offsets 0.
func (tb *trakBoxes) times(out []Sample) error {
	var dts int64
	var delta uint32
	i := 0
	for _, e := range tb.stts.Entries {
		delta = e.SampleDelta
		for k := uint32(0); k < e.SampleCount && i < len(out); k++ {
			out[i].DTS = dts
			dts += int64(delta)
			i++
		}
		if i == len(out) {
			break
		}
	}
	for ; i < len(out); i++ {
		out[i].DTS = dts
		dts += int64(delta)
	}
	for i := range out {
		out[i].PTS = out[i].DTS
	}
	if tb.ctts == nil {
		return nil
	}
	i = 0
	for _, e := range tb.ctts.Entries {
		off := int64(int32(e.SampleOffsetV0))
		if tb.ctts.GetVersion() == 1 {
			off = int64(e.SampleOffsetV1)
		}
		for k := uint32(0); k < e.SampleCount && i < len(out); k++ {
			out[i].PTS = out[i].DTS + off
			i++
		}
		if i == len(out) {
			break
		}
	}
	return nil
}

// syncs marks sync samples from stss (every sample is sync without one).
func (tb *trakBoxes) syncs(out []Sample) {
	if tb.stss == nil {
		return
	}
	for i := range out {
		out[i].Sync = false
	}
	for _, num := range tb.stss.SampleNumber {
		if num >= 1 && int64(num) <= int64(len(out)) {
			out[num-1].Sync = true
		}
	}
}

// checkInFile refuses a track whose samples reach past the end of the
// file, naming what is missing.
func checkInFile(t *Track, out []Sample, fileSize int64) error {
	missing, first := 0, -1
	var need int64
	for i, s := range out {
		if end := s.Offset + int64(s.Size); end > fileSize {
			if first < 0 {
				first = i
			}
			missing++
			need = max(need, end)
		}
	}
	if missing == 0 {
		return nil
	}
	return fmt.Errorf("%s track: %d of %d samples (the first is sample %d) lie beyond the end of the file: "+
		"the media data needs %d bytes but the file has %d: %w", t.Kind, missing, len(out), first+1, need, fileSize, ErrTruncated)
}
