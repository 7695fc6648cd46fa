package bmff

import (
	"errors"
	"fmt"
)

// applyEdits maps composition times to the presentation timeline with the
// edit list (elst) and sets t.Duration.
//
// Initial empty edits (media_time -1) delay the track by their duration;
// the first non-empty edit's media_time is the composition time shown at
// that point, so PTS = CTS - media_time + delay: with ffmpeg's B-frame
// output (media_time = the first frame's composition offset) and phone
// clips the first shown frame lands on 0 (or on the delay). Later edits
// (rare: cuts made in an editor without re-encoding) are not applied; the
// track's Duration still covers all of them. Without an edit list PTS is
// the composition time, as the standard says.
func (tb *trakBoxes) applyEdits(t *Track, movieScale uint32) error {
	var mediaEnd int64
	for _, s := range t.Samples {
		mediaEnd = max(mediaEnd, s.PTS)
	}
	if n := len(t.Samples); n > 0 {
		// The last sample lasts as long as the one before it.
		last := t.Samples[n-1]
		d := int64(0)
		if n > 1 {
			d = last.DTS - t.Samples[n-2].DTS
		}
		if frame := int64(t.BitsPerSample / 8 * t.Channels); t.Kind == AudioTrack && isPCM(t.Codec) && frame > 0 {
			d = int64(last.Size) / frame
		}
		mediaEnd = max(mediaEnd, last.PTS) + d
	}
	mdhdDur := int64(min(tb.mdhd.GetDuration(), 1<<62))
	if tb.elst == nil || len(tb.elst.Entries) == 0 {
		if mdhdDur <= 0 {
			mdhdDur = mediaEnd
		}
		t.Duration = t.Time(mdhdDur)
		return nil
	}
	if movieScale == 0 {
		return errors.New("edit list with a movie timescale of 0")
	}
	var delay, mediaStart, total int64
	found := false
	for i := range tb.elst.Entries {
		seg := int64(min(tb.elst.GetSegmentDuration(i), 1<<62))
		segMedia := rescale(seg, movieScale, t.Timescale)
		mt := tb.elst.GetMediaTime(i)
		if mt < -1 {
			return fmt.Errorf("edit %d has media time %d", i+1, mt)
		}
		switch {
		case mt == -1:
			if !found {
				delay += segMedia
			}
			total += segMedia
		case !found:
			found = true
			mediaStart = mt
			if seg == 0 { // "the rest of the media"
				segMedia = max(0, mediaEnd-mt)
			}
			total += segMedia
		default:
			if seg == 0 {
				segMedia = max(0, mediaEnd-mt)
			}
			total += segMedia
		}
	}
	shift := delay - mediaStart
	for i := range t.Samples {
		t.Samples[i].PTS += shift
	}
	t.Duration = t.Time(total)
	return nil
}

// rescale converts v from timescale from to timescale to without
// overflowing for any v < 2^62 and 32-bit scales.
func rescale(v int64, from, to uint32) int64 {
	if from == to || from == 0 {
		return v
	}
	f, tt := int64(from), int64(to)
	return v/f*tt + v%f*tt/f
}
