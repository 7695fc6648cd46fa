package server

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
	"github.com/reelkit/reel/server/render"
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
// It then joins each rendition (all of them at once), publishes as an unsplit render does, and deletes the
// segment rows and blobs (dropSegments, also run for a job finished
// without its coordinator).

// segmentPoll is how often a coordinator looks at segments others hold.
const segmentPoll = 250 * time.Millisecond

// splitCount decides whether to split v's render and into how many
// segments per rendition (1: do not split): when the video is longer
// than Config.SplitAbove and at least two render slots are alive, as
// many segments as slots, up to Config.SplitMax and the video's key
// intervals.
func (s *Server) splitCount(ctx context.Context, log *slog.Logger, v *model.Video) (*render.SplitPlan, int) {
	sr, ok := s.cfg.Renderer.(render.SplitRenderer)
	if s.cfg.SplitAbove <= 0 || !ok {
		return nil, 1
	}
	sp, err := sr.SplitPlan(ctx, render.Project(v), s.assets.Resolver(v.UserID))
	if err != nil || sp.Duration <= s.cfg.SplitAbove.Seconds() {
		return nil, 1 // a project error is the unsplit render's to report
	}
	slots, err := s.store.RenderSlots(ctx, time.Now().Add(-s.cfg.StaleAfter))
	if err != nil || slots < 2 {
		return nil, 1
	}
	n := min(slots, s.cfg.SplitMax, sp.MaxSegments)
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
func (s *Server) dropSegments(ctx context.Context, jobID int64) {
	ctx = context.WithoutCancel(ctx)
	blobs, err := s.store.DeleteSegments(ctx, jobID)
	if err != nil {
		s.log.Error("delete segments", "job", jobID, "err", err)
		return
	}
	for _, k := range blobs {
		if err := s.blobs.Delete(ctx, k); err != nil {
			s.log.Error("delete segment blob", "job", jobID, "blob", k, "err", err)
		}
	}
}

// renderSplit is the coordinator of job's split render; see above.
func (s *Server) renderSplit(ctx context.Context, log *slog.Logger, job *model.Job, v *model.Video, o render.Options, sp *render.SplitPlan, count int) (*render.Output, error) {
	sr := s.cfg.Renderer.(render.SplitRenderer)
	p := render.Project(v)
	res := s.assets.Budgeted(v.UserID)
	// Leftovers of an earlier attempt of this job (its process died)
	// are dropped: their claimants may be gone, and starting over is
	// simpler than sorting them out.
	s.dropSegments(ctx, job.ID)
	var units []model.SegmentKey
	for _, q := range slices.Backward(sp.Qualities) {
		for i := range count {
			units = append(units, model.SegmentKey{Quality: q, Index: i})
		}
	}
	if err := s.store.CreateSegments(ctx, job, units, count, s.now()); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.Warn("split render: cannot queue segments; rendering unsplit", "err", err)
		s.dropSegments(ctx, job.ID)
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
		if err := s.store.FinishSegment(ctx, seg.SegmentKey, job.ID, seg.Token, 0); err != nil && !errors.Is(err, model.ErrNotFound) {
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
		seg, err := s.store.ClaimNextSegment(ctx, job.ID, s.processID, newClaimToken())
		if errors.Is(err, model.ErrNotFound) {
			seg, _, err = s.reclaim(ctx, log, job.ID)
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
		segs, err = s.store.Segments(ctx, job.ID)
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
	out, err := s.joinSplit(ctx, sr, p, res, o, sp, segs, local, audio.track)
	if err == nil {
		// The renditions are files in o.Dir now: the segments are not
		// needed by any retry of the publish.
		s.dropSegments(ctx, job.ID)
	}
	return out, err
}

// reclaim takes over a segment of the job whose claimant stopped
// heartbeating, deleting whatever that claimant uploaded.
func (s *Server) reclaim(ctx context.Context, log *slog.Logger, jobID int64) (*model.Segment, string, error) {
	seg, old, err := s.store.ReclaimSegment(ctx, jobID, s.processID, newClaimToken(), time.Now().Add(-s.cfg.StaleAfter))
	if err != nil {
		return nil, "", err
	}
	log.Warn("split render: taking over a segment whose worker stopped heartbeating", "quality", seg.Quality, "index", seg.Index)
	if old != "" {
		if err := s.blobs.Delete(context.WithoutCancel(ctx), old); err != nil {
			log.Error("delete segment blob", "blob", old, "err", err)
		}
	}
	return seg, old, nil
}

// joinSplit joins every rendition's segments (local files or blobs),
// the renditions concurrently.
func (s *Server) joinSplit(ctx context.Context, sr render.SplitRenderer, p *engine.Project, res engine.Resolver, o render.Options, sp *render.SplitPlan, segs []model.Segment, local map[model.SegmentKey]string, audio *engine.AudioTrack) (*render.Output, error) {
	byQ := map[int][]model.Segment{}
	for _, sg := range segs {
		byQ[sg.Quality] = append(byQ[sg.Quality], sg) // in index order
	}
	out := &render.Output{Frames: sp.Frames, Duration: sp.Duration}
	files := make([]*render.File, len(sp.Qualities))
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
					rc, err = s.blobs.Open(ctx, sg.Blob)
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

// RunSegment renders one segment of a split render for the segment
// queue (JobRunner): claim its row (nothing to do when it is claimed,
// done or gone), render it, upload it under the claim's blob key and
// mark it done. A failure puts the row back for the coordinator, which
// renders it itself (and reports the error if it fails again); an
// upload that lost its claim meanwhile is deleted. It never asks River
// to retry: the row, not the River job, is the work.
func (s *Server) RunSegment(ctx context.Context, jobID int64, videoID string, key model.SegmentKey, count int) error {
	sr, ok := s.cfg.Renderer.(render.SplitRenderer)
	if !ok {
		return nil
	}
	token := newClaimToken()
	seg, err := s.store.ClaimSegment(ctx, key, jobID, s.processID, token)
	if err != nil {
		return nil // taken, done or dropped (or the database is down: the coordinator takes it)
	}
	log := s.log.With("job", jobID, "video", videoID, "segment", fmt.Sprintf("%d/%d", key.Index, count), "quality", key.Quality)
	uploaded := false
	fail := func(err error) error {
		bg := context.WithoutCancel(ctx)
		if uploaded {
			s.blobs.Delete(bg, seg.Blob)
		}
		if rerr := s.store.ReleaseSegment(bg, key, jobID, token); rerr != nil && !errors.Is(rerr, model.ErrNotFound) {
			log.Error("release segment", "err", rerr)
		}
		if ctx.Err() == nil {
			log.Warn("segment failed; its coordinator will render it", "err", err)
		}
		return nil
	}
	v, err := s.store.VideoByID(ctx, videoID)
	if err != nil {
		return fail(err)
	}
	f, err := os.CreateTemp(s.cfg.WorkDir, "segment-*")
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	os.Remove(f.Name())
	start := time.Now()
	if err := sr.RenderSegment(ctx, render.Project(v), s.assets.Budgeted(v.UserID), key.Quality, key.Index, count, f); err != nil {
		return fail(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	uploaded = true
	n, err := s.blobs.Put(ctx, seg.Blob, f)
	if err != nil {
		return fail(err)
	}
	if err := s.store.FinishSegment(context.WithoutCancel(ctx), key, jobID, token, n); err != nil {
		// Taken over (this process was thought dead) or dropped.
		s.blobs.Delete(context.WithoutCancel(ctx), seg.Blob)
		log.Warn("segment rendered after its claim was given up", "err", err)
		return nil
	}
	log.Info("segment done", "seconds", time.Since(start).Seconds(), "bytes", n)
	return nil
}
