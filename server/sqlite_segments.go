package server

import (
	"context"
	"time"

	"github.com/reelkit/reel/server/model"
)

// segmentCols are the columns scanSegment reads, in order.
const segmentCols = `job_id, quality, idx, count, state, claimed_by, token, blob, size`

// CreateSegments: see Store.
func (s *SQLiteStore) CreateSegments(ctx context.Context, job *model.Job, units []model.SegmentKey, count int, now time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, u := range units {
		if _, err := tx.ExecContext(ctx, `INSERT INTO segments(job_id, quality, idx, count, state, claimed_by, token, blob, size, created_on)
			VALUES(?,?,?,?,'queued','','','',0,?)`, job.ID, u.Quality, u.Index, count, unix(now)); err != nil {
			return err
		}
		if err := s.q.insertSegment(ctx, tx, segmentArgs{JobID: job.ID, VideoID: job.VideoID, Quality: u.Quality, Index: u.Index, Count: count}); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// ClaimSegment: see Store.
func (s *SQLiteStore) ClaimSegment(ctx context.Context, key model.SegmentKey, jobID int64, by, token string) (*model.Segment, error) {
	seg, err := scanSegment(s.db.QueryRowContext(ctx, `UPDATE segments SET state='running', claimed_by=?, token=?, blob=?
		WHERE job_id=? AND quality=? AND idx=? AND state='queued' RETURNING `+segmentCols,
		by, token, model.SegmentBlob(jobID, key, token), jobID, key.Quality, key.Index))
	return seg, notFound(err)
}

// ClaimNextSegment: see Store. The IMMEDIATE transaction serialises
// claims, so the row read is the row updated.
func (s *SQLiteStore) ClaimNextSegment(ctx context.Context, jobID int64, by, token string) (*model.Segment, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var key model.SegmentKey
	if err := tx.QueryRowContext(ctx, `SELECT quality, idx FROM segments WHERE job_id=? AND state='queued'
		ORDER BY quality DESC, idx LIMIT 1`, jobID).Scan(&key.Quality, &key.Index); err != nil {
		return nil, notFound(err)
	}
	seg, err := scanSegment(tx.QueryRowContext(ctx, `UPDATE segments SET state='running', claimed_by=?, token=?, blob=?
		WHERE job_id=? AND quality=? AND idx=? RETURNING `+segmentCols,
		by, token, model.SegmentBlob(jobID, key, token), jobID, key.Quality, key.Index))
	if err != nil {
		return nil, err
	}
	return seg, tx.Commit()
}

// ReclaimSegment: see Store.
func (s *SQLiteStore) ReclaimSegment(ctx context.Context, jobID int64, by, token string, staleBefore time.Time) (*model.Segment, string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	var key model.SegmentKey
	var old string
	if err := tx.QueryRowContext(ctx, `SELECT quality, idx, blob FROM segments WHERE job_id=? AND state='running'
		AND NOT EXISTS(SELECT 1 FROM processes p WHERE p.id=segments.claimed_by AND p.seen_on >= ?)
		ORDER BY quality DESC, idx LIMIT 1`, jobID, staleBefore.UnixMilli()).Scan(&key.Quality, &key.Index, &old); err != nil {
		return nil, "", notFound(err)
	}
	seg, err := scanSegment(tx.QueryRowContext(ctx, `UPDATE segments SET claimed_by=?, token=?, blob=?
		WHERE job_id=? AND quality=? AND idx=? RETURNING `+segmentCols,
		by, token, model.SegmentBlob(jobID, key, token), jobID, key.Quality, key.Index))
	if err != nil {
		return nil, "", err
	}
	return seg, old, tx.Commit()
}

// FinishSegment: see Store.
func (s *SQLiteStore) FinishSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string, size int64) error {
	return affected(s.db.ExecContext(ctx, `UPDATE segments SET state='done', size=?
		WHERE job_id=? AND quality=? AND idx=? AND state='running' AND token=?`, size, jobID, key.Quality, key.Index, token))
}

// ReleaseSegment: see Store.
func (s *SQLiteStore) ReleaseSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string) error {
	return affected(s.db.ExecContext(ctx, `UPDATE segments SET state='queued', claimed_by='', token='', blob=''
		WHERE job_id=? AND quality=? AND idx=? AND state='running' AND token=?`, jobID, key.Quality, key.Index, token))
}

// Segments: see Store.
func (s *SQLiteStore) Segments(ctx context.Context, jobID int64) ([]model.Segment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+segmentCols+` FROM segments WHERE job_id=? ORDER BY quality, idx`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return readSegments(rows)
}

// DeleteSegments: see Store.
func (s *SQLiteStore) DeleteSegments(ctx context.Context, jobID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `DELETE FROM segments WHERE job_id=? RETURNING blob`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return readBlobKeys(rows)
}

// RenderSlots: see Store.
func (s *SQLiteStore) RenderSlots(ctx context.Context, liveSince time.Time) (int, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(renders),0) FROM processes WHERE seen_on >= ?`, liveSince.UnixMilli()).Scan(&n)
	return int(n), err
}
