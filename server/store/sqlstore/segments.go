package sqlstore

import (
	"context"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

// segmentCols are the columns scanSegment reads, in order.
const segmentCols = `job_id, quality, idx, count, state, claimed_by, token, blob, size`

func scanSegment(r Row) (*model.Segment, error) {
	var s model.Segment
	err := r.Scan(&s.JobID, &s.Quality, &s.Index, &s.Count, &s.State, &s.ClaimedBy, &s.Token, &s.Blob, &s.Size)
	if err != nil {
		return nil, notFound(err)
	}
	return &s, nil
}

// scanBlobKey reads a row of one blob key.
func scanBlobKey(r Row) (string, error) {
	var b string
	err := r.Scan(&b)
	return b, err
}

// CreateSegments: see store.Segments.
func (s *Store) CreateSegments(ctx context.Context, job *model.Job, units []model.SegmentKey, count int, now time.Time) error {
	return s.inTx(ctx, func(tx Tx) error {
		for _, u := range units {
			if _, err := tx.Exec(ctx, `INSERT INTO segments(job_id, quality, idx, count, state, claimed_by, token, blob, size, created_on)
				VALUES($1,$2,$3,$4,'queued','','','',0,$5)`, job.ID, u.Quality, u.Index, count, unix(now)); err != nil {
				return err
			}
			if err := tx.InsertSegment(ctx, queue.SegmentArgs{JobID: job.ID, VideoID: job.VideoID, Quality: u.Quality, Index: u.Index, Count: count}); err != nil {
				return err
			}
		}
		return nil
	})
}

// claim gives segment key of the job to by under token, inside tx.
func claim(ctx context.Context, q Querier, key model.SegmentKey, jobID int64, by, token, onlyIf string) (*model.Segment, error) {
	return scanSegment(q.QueryRow(ctx, `UPDATE segments SET state='running', claimed_by=$1, token=$2, blob=$3
		WHERE job_id=$4 AND quality=$5 AND idx=$6`+onlyIf+` RETURNING `+segmentCols,
		by, token, model.SegmentBlob(jobID, key, token), jobID, key.Quality, key.Index))
}

// ClaimSegment: see store.Segments.
func (s *Store) ClaimSegment(ctx context.Context, key model.SegmentKey, jobID int64, by, token string) (*model.Segment, error) {
	return claim(ctx, s.db, key, jobID, by, token, ` AND state='queued'`)
}

// ClaimNextSegment: see store.Segments. Dialect.ClaimRows lets
// concurrent claimers of one job take different rows.
func (s *Store) ClaimNextSegment(ctx context.Context, jobID int64, by, token string) (*model.Segment, error) {
	var seg *model.Segment
	err := s.inTx(ctx, func(tx Tx) error {
		var key model.SegmentKey
		if err := tx.QueryRow(ctx, `SELECT quality, idx FROM segments WHERE job_id=$1 AND state='queued'
			ORDER BY quality DESC, idx LIMIT 1`+s.d.ClaimRows, jobID).Scan(&key.Quality, &key.Index); err != nil {
			return notFound(err)
		}
		var err error
		seg, err = claim(ctx, tx, key, jobID, by, token, "")
		return err
	})
	return seg, err
}

// ReclaimSegment: see store.Segments.
func (s *Store) ReclaimSegment(ctx context.Context, jobID int64, by, token string, staleBefore time.Time) (*model.Segment, string, error) {
	var seg *model.Segment
	var old string
	err := s.inTx(ctx, func(tx Tx) error {
		var key model.SegmentKey
		if err := tx.QueryRow(ctx, `SELECT quality, idx, blob FROM segments WHERE job_id=$1 AND state='running'
			AND NOT EXISTS(SELECT 1 FROM processes p WHERE p.id=segments.claimed_by AND p.seen_on >= $2)
			ORDER BY quality DESC, idx LIMIT 1`+s.d.ClaimRows, jobID, staleBefore.UnixMilli()).Scan(&key.Quality, &key.Index, &old); err != nil {
			return notFound(err)
		}
		var err error
		seg, err = claim(ctx, tx, key, jobID, by, token, "")
		return err
	})
	return seg, old, err
}

// FinishSegment: see store.Segments.
func (s *Store) FinishSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string, size int64) error {
	return affected(s.db.Exec(ctx, `UPDATE segments SET state='done', size=$1
		WHERE job_id=$2 AND quality=$3 AND idx=$4 AND state='running' AND token=$5`, size, jobID, key.Quality, key.Index, token))
}

// ReleaseSegment: see store.Segments.
func (s *Store) ReleaseSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string) error {
	return affected(s.db.Exec(ctx, `UPDATE segments SET state='queued', claimed_by='', token='', blob=''
		WHERE job_id=$1 AND quality=$2 AND idx=$3 AND state='running' AND token=$4`, jobID, key.Quality, key.Index, token))
}

// Segments: see store.Segments.
func (s *Store) Segments(ctx context.Context, jobID int64) ([]model.Segment, error) {
	segs, err := list(ctx, s.db, scanSegment, `SELECT `+segmentCols+` FROM segments WHERE job_id=$1 ORDER BY quality, idx`, jobID)
	out := make([]model.Segment, len(segs))
	for i, seg := range segs {
		out[i] = *seg
	}
	return out, err
}

// DeleteSegments: see store.Segments. Empty blob keys (rows never
// claimed) are left out.
func (s *Store) DeleteSegments(ctx context.Context, jobID int64) ([]string, error) {
	keys, err := list(ctx, s.db, scanBlobKey, `DELETE FROM segments WHERE job_id=$1 RETURNING blob`, jobID)
	var blobs []string
	for _, k := range keys {
		if k != "" {
			blobs = append(blobs, k)
		}
	}
	return blobs, err
}
