package clip

import (
	"context"
	"fmt"
	"image"
	"io"
	"slices"
	"sort"
	"time"

	"github.com/reelkit/reel/internal/bmff"
)

// videoSource decodes an MP4/MOV video track: samples are fed to the
// decoder in decode order, pictures come back (and are kept sorted) by
// presentation time, and the frame showing at a time is picked by its
// PTS. A jump backwards, or forwards past a sync sample, restarts decoding
// at the last sync sample before the wanted frame in decoding order that
// is not shown after it (so open-GOP leading pictures decode fully).
type videoSource struct {
	r      io.ReaderAt
	tr     *bmff.Track
	inf    Info
	newDec func() (videoDecoder, error)

	order []int           // sample indices in presentation order
	times []time.Duration // their presentation times

	dec   videoDecoder
	next  int       // next sample (decode order) to feed
	eos   bool      // the decoder has been flushed
	queue []picture // decoded, not yet shown; sorted by pts
	cur   picture
	have  bool
	// drained: the decoder was flushed after a keyframe decoded alone
	// (keyframeAt); the next frameAt restarts it.
	drained bool
	buf     []byte
	conv    convScratch

	// In-band parameter sets (see inBandColour): inband reads them (nil
	// for a codec without); colour is the colour in effect for the next
	// sample fed; spsAt the colour of every sample fed that carried an
	// SPS, by sample; picColour the colour of the pictures fed under
	// another colour than Info.Colour, by PTS.
	inband    *inBandColour
	colour    Colour
	spsAt     map[int]Colour
	picColour map[int64]Colour
}

// presentationOrder returns the track's sample indices sorted by PTS.
func presentationOrder(v *bmff.Track) []int {
	order := make([]int, len(v.Samples))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := v.Samples[a].PTS, v.Samples[b].PTS
		switch {
		case pa < pb:
			return -1
		case pa > pb:
			return 1
		}
		return 0
	})
	return order
}

func newVideoSource(r io.ReaderAt, tr *bmff.Track, inf Info, newDec func() (videoDecoder, error)) *videoSource {
	s := &videoSource{r: r, tr: tr, inf: inf, newDec: newDec, order: presentationOrder(tr),
		inband: newInBandColour(tr), colour: inf.Colour}
	s.times = make([]time.Duration, len(s.order))
	for i, si := range s.order {
		s.times[i] = tr.Time(tr.Samples[si].PTS)
	}
	return s
}

func (s *videoSource) info() Info { return s.inf }

// keyframes returns the presentation times of the sync samples, in
// increasing order.
func (s *videoSource) keyframes() []time.Duration {
	var ts []time.Duration
	for i, si := range s.order {
		if s.tr.Samples[si].Sync {
			ts = append(ts, s.times[i])
		}
	}
	return ts
}

func (s *videoSource) close() error {
	if s.dec != nil {
		s.dec.Close()
		s.dec = nil
	}
	return nil
}

// frameAt returns the picture showing at t, converted to 8-bit BT.709
// limited range (coded orientation, full size), and its PTS as the frame's
// identity.
func (s *videoSource) frameAt(ctx context.Context, t time.Duration) (*image.YCbCr, int64, error) {
	k := max(0, sort.Search(len(s.times), func(i int) bool { return s.times[i] > t })-1)
	target := s.order[k]
	want := s.tr.Samples[target].PTS
	if s.have && s.cur.pts == want {
		return s.conv.out, want, nil
	}
	// Decoding starts at a sync sample shown no later than the wanted
	// frame. The wanted frame may be a leading picture of an open GOP
	// (HEVC RASL, or an H.264 frame after a recovery point): it follows
	// its sync sample (a CRA) in decoding order but is shown before it,
	// and references pictures before that sync sample, so decoding starts
	// at the IRAP before it and the leading picture decodes as in a
	// continuous play.
	sync := target
	for sync > 0 && !(s.tr.Samples[sync].Sync && s.tr.Samples[sync].PTS <= want) {
		sync--
	}
	// Restart at the sync sample when going backwards or when it lies
	// ahead of what was fed (skipping frames that need not be decoded).
	// A wanted sample already fed is still coming: decoders hold
	// pictures back for reordering.
	if s.dec == nil || s.drained || (s.have && want < s.cur.pts) || sync > s.next {
		if err := s.seek(sync); err != nil {
			return nil, 0, err
		}
	}
	for {
		if i := slices.IndexFunc(s.queue, func(p picture) bool { return p.pts == want }); i >= 0 {
			s.show(i)
			break
		}
		// A picture later than the wanted one after the wanted sample was
		// fed: the decoder dropped it (a damaged frame); show the latest
		// earlier one.
		if s.next > target && len(s.queue) > 0 && s.queue[len(s.queue)-1].pts > want || s.eos {
			if i := s.latestBefore(want); i >= 0 {
				s.show(i)
				break
			}
			if s.eos && s.have {
				break // nothing newer: keep showing the current picture
			}
			if s.eos {
				return nil, 0, fmt.Errorf("clip: the decoder returned no picture for the frame at %v", s.tr.Time(want))
			}
		}
		if err := s.feed(ctx); err != nil {
			return nil, 0, err
		}
		s.dropBefore(want)
	}
	if err := s.conv.convert(&s.cur, s.pictureColour(s.cur.pts)); err != nil {
		return nil, 0, err
	}
	return s.conv.out, s.cur.pts, nil
}

// keyframeAt returns the picture of the last sync sample shown at or
// before t (the first sample when none is), converted as frameAt's, and
// its PTS: decoded alone, from a fresh decoder that is then flushed for
// it (a decoder holding pictures back for reordering would otherwise
// need the samples after it), so the next frameAt restarts decoding.
func (s *videoSource) keyframeAt(ctx context.Context, t time.Duration) (*image.YCbCr, int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	sync := 0
	for i, smp := range s.tr.Samples {
		if smp.Sync && s.tr.Time(smp.PTS) <= t && (sync == 0 || smp.PTS > s.tr.Samples[sync].PTS) {
			sync = i
		}
	}
	want := s.tr.Samples[sync].PTS
	if s.have && s.cur.pts == want {
		return s.conv.out, want, nil
	}
	if err := s.seek(sync); err != nil {
		return nil, 0, err
	}
	if err := s.feed(ctx); err != nil {
		return nil, 0, err
	}
	s.drained = true
	if !s.eos && !slices.ContainsFunc(s.queue, func(p picture) bool { return p.pts == want }) {
		pics, err := s.dec.Flush()
		if err != nil {
			return nil, 0, fmt.Errorf("clip: flushing the %s decoder: %w", s.inf.Codec, err)
		}
		s.enqueue(pics)
		s.eos = true
	}
	i := slices.IndexFunc(s.queue, func(p picture) bool { return p.pts == want })
	if i < 0 {
		return nil, 0, fmt.Errorf("clip: the decoder returned no picture for the keyframe at %v", s.tr.Time(want))
	}
	s.show(i)
	if err := s.conv.convert(&s.cur, s.pictureColour(s.cur.pts)); err != nil {
		return nil, 0, err
	}
	return s.conv.out, s.cur.pts, nil
}

// dropBefore drops (for reuse) the queued pictures older than pts but
// the latest of them (shown should the decoder drop the picture at pts):
// frames are asked for forwards, so the others are never shown. Without
// it, decoding up to a picture far from the last one shown (the last
// picture of a clip with one keyframe) would hold every picture in
// between: 64 4K pictures are 800 MB.
func (s *videoSource) dropBefore(pts int64) {
	n := sort.Search(len(s.queue), func(i int) bool { return s.queue[i].pts >= pts })
	if n < 2 {
		return
	}
	for _, p := range s.queue[:n-1] {
		s.reuse(p)
	}
	s.queue = slices.Delete(s.queue, 0, n-1)
}

// latestBefore returns the index in the queue of the latest picture at or
// before pts, or -1.
func (s *videoSource) latestBefore(pts int64) int {
	best := -1
	for i, p := range s.queue {
		if p.pts <= pts {
			best = i
		}
	}
	return best
}

// show makes queue[i] the current picture and drops it and everything
// before it from the queue.
// The previous current picture and the dropped ones go back to the
// decoder for reuse (the frame shown before is valid until this call).
func (s *videoSource) show(i int) {
	if s.have {
		s.reuse(s.cur)
	}
	for _, p := range s.queue[:i] {
		s.reuse(p)
	}
	s.cur, s.have = s.queue[i], true
	s.queue = slices.Delete(s.queue, 0, i+1)
}

// reuse gives p's planes back to the decoder when it takes them.
func (s *videoSource) reuse(p picture) {
	if r, ok := s.dec.(reuser); ok {
		r.reuse(p)
	}
}

// seek restarts decoding at sample sync (a sync sample, or 0).
func (s *videoSource) seek(sync int) error {
	if s.dec != nil {
		s.dec.Close()
		s.dec = nil
	}
	d, err := s.newDec()
	if err != nil {
		return err
	}
	s.dec, s.next, s.eos, s.queue, s.have, s.drained = d, sync, false, s.queue[:0], false, false
	// The colour in effect at sync: that of the last SPS fed at or before
	// it, else the clip's.
	s.colour, s.picColour = s.inf.Colour, nil
	best := -1
	for i, c := range s.spsAt {
		if i <= sync && i > best {
			best, s.colour = i, c
		}
	}
	return nil
}

// noteColour follows the SPS that sample i (its bytes au, shown at pts)
// carries in-band, and remembers the colour its picture is read with
// when that is not the clip's.
func (s *videoSource) noteColour(i int, au []byte, pts int64) {
	if s.inband == nil {
		return
	}
	if c, ok := s.inband.of(au); ok {
		s.colour = c
		if s.spsAt == nil {
			s.spsAt = map[int]Colour{}
		}
		s.spsAt[i] = c
	}
	if s.colour == s.inf.Colour {
		return
	}
	if s.picColour == nil {
		s.picColour = map[int64]Colour{}
	}
	if len(s.picColour) >= 256 { // pictures the decoder dropped
		for p := range s.picColour {
			if s.have && p <= s.cur.pts {
				delete(s.picColour, p)
			}
		}
	}
	s.picColour[pts] = s.colour
}

// pictureColour is the colour the picture shown at pts is read with.
func (s *videoSource) pictureColour(pts int64) Colour {
	if c, ok := s.picColour[pts]; ok {
		return c
	}
	return s.inf.Colour
}

// feed decodes the next sample, or flushes the decoder after the last.
func (s *videoSource) feed(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var pics []picture
	var err error
	if s.next < len(s.tr.Samples) {
		smp := s.tr.Samples[s.next]
		s.buf, err = s.tr.ReadSample(s.r, smp, s.buf)
		if err != nil {
			return fmt.Errorf("clip: %w", err)
		}
		s.noteColour(s.next, s.buf, smp.PTS)
		pics, err = s.dec.Decode(s.buf, smp.PTS)
		if err != nil {
			return fmt.Errorf("clip: decoding %s frame %d (at %v): %w", s.inf.Codec, s.next, s.tr.Time(smp.PTS), err)
		}
		s.next++
	} else {
		pics, err = s.dec.Flush()
		if err != nil {
			return fmt.Errorf("clip: flushing the %s decoder: %w", s.inf.Codec, err)
		}
		s.eos = true
	}
	s.enqueue(pics)
	return nil
}

// enqueue adds decoded pictures to the queue in presentation order.
func (s *videoSource) enqueue(pics []picture) {
	for _, p := range pics {
		if s.have && p.pts <= s.cur.pts {
			continue // older than what is on screen
		}
		i := sort.Search(len(s.queue), func(i int) bool { return s.queue[i].pts > p.pts })
		s.queue = slices.Insert(s.queue, i, p)
	}
	if len(s.queue) > 64 {
		// A decoder returning pictures out of order without end: keep the
		// newest; the wanted one is then reported as dropped.
		s.queue = slices.Delete(s.queue, 0, len(s.queue)-64)
	}
}
