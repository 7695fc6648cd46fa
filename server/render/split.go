package render

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/server/model"
)

// Split renders (Config.SplitAbove). The process that runs a long render
// job is its coordinator: it splits every rendition into count frame
// ranges (engine.SegmentRanges: whole 2 s key intervals), inserts one
// row per (rendition, range) into the segments table together with a
// River job of the segment queue each, and then works through the rows
// itself, largest rendition first, claiming one at a time, while the
// segment workers of every process with render workers claim the others
// (RunSegment), render them and upload them to the blob store under a
// per-claim key. When no row is left to claim, the coordinator waits for
// the ones others hold, taking over any whose claimant stops
// heartbeating (ReclaimSegment), so a split render never waits on a dead
// worker nor deadlocks on busy ones: at worst the coordinator renders
// every segment itself. Meanwhile it mixes and encodes the music once.
// It then joins each rendition (all of them at once), publishes as an
// unsplit render does, and deletes the segment rows and blobs
// (dropSegments, also run for a job finished without its coordinator).

// segmentPoll is how often a coordinator looks at segments others hold.
const segmentPoll = 250 * time.Millisecond

// splitCount decides whether to split v's render and into how many
// segments per rendition (1: do not split): when the video is longer
// than Config.SplitAbove and at least two render slots are alive, as
// many segments as slots, up to Config.SplitMax and the video's key
// intervals.
func (w *Worker) splitCount(ctx context.Context, log *slog.Logger, v *model.Video) (*SplitPlan, int) {
	sr, ok := w.cfg.Renderer.(SplitRenderer)
	if w.cfg.SplitAbove <= 0 || !ok {
		return nil, 1
	}
	sp, err := sr.SplitPlan(ctx, Project(v), w.cfg.Assets.Resolver(v.UserID))
	if err != nil || sp.Duration <= w.cfg.SplitAbove.Seconds() {
		return nil, 1 // a project error is the unsplit render's to report
	}
	slots, err := w.store.RenderSlots(ctx, time.Now().Add(-w.cfg.StaleAfter))
	if err != nil || slots < 2 {
		return nil, 1
	}
	n := min(slots, w.cfg.SplitMax, sp.MaxSegments)
	log.Info("split render", "seconds", sp.Duration, "segments", n, "renditions", fmt.Sprint(sp.Qualities), "render_slots", slots)
	return sp, n
}

// newClaimToken names one segment claim.
func newClaimToken() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// dropSegments deletes the segment rows of job jobID and their blobs.
func (w *Worker) dropSegments(ctx context.Context, jobID int64) {
	ctx = context.WithoutCancel(ctx)
	blobs, err := w.store.DeleteSegments(ctx, jobID)
	if err != nil {
		w.log.Error("delete segments", "job", jobID, "err", err)
		return
	}
	for _, k := range blobs {
		if err := w.blobs.Delete(ctx, k); err != nil {
			w.log.Error("delete segment blob", "job", jobID, "blob", k, "err", err)
		}
	}
}

// renderSplit is the coordinator of job's split render; see above.
func (w *Worker) renderSplit(ctx context.Context, log *slog.Logger, job *model.Job, v *model.Video, o Options, sp *SplitPlan, count int) (*Output, error) {
	sr := w.cfg.Renderer.(SplitRenderer)
	p := Project(v)
	res := w.cfg.Assets.Budgeted(v.UserID)
	// Leftovers of an earlier attempt of this job (its process died)
	// are dropped: their claimants may be gone, and starting over is
	// simpler than sorting them out.
	w.dropSegments(ctx, job.ID)
	var units []model.SegmentKey
	for _, q := range slices.Backward(sp.Qualities) {
		for i := range count {
			units = append(units, model.SegmentKey{Quality: q, Index: i})
		}
	}
	if err := w.store.CreateSegments(ctx, job, units, count, w.now()); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.Warn("split render: cannot queue segments; rendering unsplit", "err", err)
		w.dropSegments(ctx, job.ID)
		return sr.Render(ctx, p, res, o)
	}
	// The music is mixed and encoded once, for every rendition's join,
	// while the segments render.
	type audioResult struct {
		track *engine.AudioTrack
		err   error
	}
	audioCh := make(chan audioResult, 1)
	go func() {
		t, err := sr.EncodeAudio(ctx, p, res)
		audioCh <- audioResult{t, err}
	}()
	local := map[model.SegmentKey]string{} // segments rendered here: their files
	renderHere := func(seg *model.Segment) error {
		path := filepath.Join(o.Dir, fmt.Sprintf("seg-%d-%d", seg.Quality, seg.Index))
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		err = sr.RenderSegment(ctx, p, res, seg.Quality, seg.Index, count, f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		local[seg.SegmentKey] = path
		// The row says done so that nobody takes it over; its blob
		// key was never written (deleting it is a no-op).
		if err := w.store.FinishSegment(ctx, seg.SegmentKey, job.ID, seg.Token, 0); err != nil && !errors.Is(err, model.ErrNotFound) {
			return err
		}
		return nil
	}
	total := len(units)
	progress := func(done int) {
		if o.Progress != nil {
			o.Progress(0.95 * float64(done) / float64(total))
		}
	}
	var segs []model.Segment
	for {
		if err := ctx.Err(); err != nil {
			return nil, context.Cause(ctx)
		}
		seg, err := w.store.ClaimNextSegment(ctx, job.ID, w.cfg.ProcessID, newClaimToken())
		if errors.Is(err, model.ErrNotFound) {
			seg, _, err = w.reclaim(ctx, log, job.ID)
		}
		switch {
		case err == nil:
			if err := renderHere(seg); err != nil {
				return nil, err
			}
			continue
		case !errors.Is(err, model.ErrNotFound):
			return nil, err
		}
		// Nothing to claim or take over: are the others done?
		segs, err = w.store.Segments(ctx, job.ID)
		if err != nil {
			return nil, err
		}
		if len(segs) != total {
			return nil, fmt.Errorf("split render: %d of %d segment rows left (another process dropped them)", len(segs), total)
		}
		done := 0
		for _, sg := range segs {
			if sg.State == model.SegmentDone {
				done++
			}
		}
		progress(done)
		if done == total {
			break
		}
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(segmentPoll):
		}
	}
	var audio audioResult
	select {
	case audio = <-audioCh:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	if audio.err != nil {
		return nil, audio.err
	}
	out, err := w.joinSplit(ctx, sr, p, res, o, sp, segs, local, audio.track)
	if err == nil {
		// The renditions are files in o.Dir now: the segments are not
		// needed by any retry of the publish.
		w.dropSegments(ctx, job.ID)
	}
	return out, err
}

// reclaim takes over a segment of the job whose claimant stopped
// heartbeating, deleting whatever that claimant uploaded.
func (w *Worker) reclaim(ctx context.Context, log *slog.Logger, jobID int64) (*model.Segment, string, error) {
	seg, old, err := w.store.ReclaimSegment(ctx, jobID, w.cfg.ProcessID, newClaimToken(), time.Now().Add(-w.cfg.StaleAfter))
	if err != nil {
		return nil, "", err
	}
	log.Warn("split render: taking over a segment whose worker stopped heartbeating", "quality", seg.Quality, "index", seg.Index)
	if old != "" {
		if err := w.blobs.Delete(context.WithoutCancel(ctx), old); err != nil {
			log.Error("delete segment blob", "blob", old, "err", err)
		}
	}
	return seg, old, nil
}

// joinSplit joins every rendition's segments (local files or blobs),
// the renditions concurrently.
func (w *Worker) joinSplit(ctx context.Context, sr SplitRenderer, p *engine.Project, res engine.Resolver, o Options, sp *SplitPlan, segs []model.Segment, local map[model.SegmentKey]string, audio *engine.AudioTrack) (*Output, error) {
	byQ := map[int][]model.Segment{}
	for _, sg := range segs {
		byQ[sg.Quality] = append(byQ[sg.Quality], sg) // in index order
	}
	out := &Output{Frames: sp.Frames, Duration: sp.Duration}
	files := make([]*File, len(sp.Qualities))
	errs := make([]error, len(sp.Qualities))
	var wg sync.WaitGroup
	for qi, q := range sp.Qualities {
		wg.Go(func() {
			var readers []io.Reader
			for _, sg := range byQ[q] {
				var rc io.ReadCloser
				var err error
				if path, ok := local[sg.SegmentKey]; ok {
					rc, err = os.Open(path)
				} else {
					rc, err = w.blobs.Open(ctx, sg.Blob)
				}
				if err != nil {
					errs[qi] = fmt.Errorf("segment %d of rendition %d: %w", sg.Index, q, err)
					return
				}
				defer rc.Close()
				readers = append(readers, rc)
			}
			files[qi], errs[qi] = sr.JoinSegments(ctx, p, res, q, readers, audio, o.Dir)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, f := range files {
		out.Files = append(out.Files, *f)
	}
	if o.Progress != nil {
		o.Progress(1)
	}
	return out, nil
}
