package server

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/reelkit/reel/server/model"
)

// CreateSegments: see Store.
func (s *PostgresStore) CreateSegments(ctx context.Context, job *model.Job, units []model.SegmentKey, count int, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, u := range units {
			if _, err := tx.Exec(ctx, `INSERT INTO segments(job_id, quality, idx, count, state, claimed_by, token, blob, size, created_on)
				VALUES($1,$2,$3,$4,'queued','','','',0,$5)`, job.ID, u.Quality, u.Index, count, unix(now)); err != nil {
				return err
			}
			if err := s.q.insertSegment(ctx, tx, segmentArgs{JobID: job.ID, VideoID: job.VideoID, Quality: u.Quality, Index: u.Index, Count: count}); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClaimSegment: see Store.
func (s *PostgresStore) ClaimSegment(ctx context.Context, key model.SegmentKey, jobID int64, by, token string) (*model.Segment, error) {
	seg, err := scanSegment(s.pool.QueryRow(ctx, `UPDATE segments SET state='running', claimed_by=$1, token=$2, blob=$3
		WHERE job_id=$4 AND quality=$5 AND idx=$6 AND state='queued' RETURNING `+segmentCols,
		by, token, model.SegmentBlob(jobID, key, token), jobID, key.Quality, key.Index))
	return seg, notFound(err)
}

// ClaimNextSegment: see Store. SKIP LOCKED lets concurrent claimers of
// one job take different rows.
func (s *PostgresStore) ClaimNextSegment(ctx context.Context, jobID int64, by, token string) (*model.Segment, error) {
	var seg *model.Segment
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var key model.SegmentKey
		if err := tx.QueryRow(ctx, `SELECT quality, idx FROM segments WHERE job_id=$1 AND state='queued'
			ORDER BY quality DESC, idx LIMIT 1 FOR UPDATE SKIP LOCKED`, jobID).Scan(&key.Quality, &key.Index); err != nil {
			return notFound(err)
		}
		var err error
		seg, err = scanSegment(tx.QueryRow(ctx, `UPDATE segments SET state='running', claimed_by=$1, token=$2, blob=$3
			WHERE job_id=$4 AND quality=$5 AND idx=$6 RETURNING `+segmentCols,
			by, token, model.SegmentBlob(jobID, key, token), jobID, key.Quality, key.Index))
		return err
	})
	return seg, err
}

// ReclaimSegment: see Store.
func (s *PostgresStore) ReclaimSegment(ctx context.Context, jobID int64, by, token string, staleBefore time.Time) (*model.Segment, string, error) {
	var seg *model.Segment
	var old string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var key model.SegmentKey
		if err := tx.QueryRow(ctx, `SELECT quality, idx, blob FROM segments WHERE job_id=$1 AND state='running'
			AND NOT EXISTS(SELECT 1 FROM processes p WHERE p.id=segments.claimed_by AND p.seen_on >= $2)
			ORDER BY quality DESC, idx LIMIT 1 FOR UPDATE SKIP LOCKED`, jobID, staleBefore.UnixMilli()).Scan(&key.Quality, &key.Index, &old); err != nil {
			return notFound(err)
		}
		var err error
		seg, err = scanSegment(tx.QueryRow(ctx, `UPDATE segments SET claimed_by=$1, token=$2, blob=$3
			WHERE job_id=$4 AND quality=$5 AND idx=$6 RETURNING `+segmentCols,
			by, token, model.SegmentBlob(jobID, key, token), jobID, key.Quality, key.Index))
		return err
	})
	return seg, old, err
}

// FinishSegment: see Store.
func (s *PostgresStore) FinishSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string, size int64) error {
	return pgAffected(s.pool.Exec(ctx, `UPDATE segments SET state='done', size=$1
		WHERE job_id=$2 AND quality=$3 AND idx=$4 AND state='running' AND token=$5`, size, jobID, key.Quality, key.Index, token))
}

// ReleaseSegment: see Store.
func (s *PostgresStore) ReleaseSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string) error {
	return pgAffected(s.pool.Exec(ctx, `UPDATE segments SET state='queued', claimed_by='', token='', blob=''
		WHERE job_id=$1 AND quality=$2 AND idx=$3 AND state='running' AND token=$4`, jobID, key.Quality, key.Index, token))
}

// Segments: see Store.
func (s *PostgresStore) Segments(ctx context.Context, jobID int64) ([]model.Segment, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+segmentCols+` FROM segments WHERE job_id=$1 ORDER BY quality, idx`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return readSegments(rows)
}

// DeleteSegments: see Store.
func (s *PostgresStore) DeleteSegments(ctx context.Context, jobID int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `DELETE FROM segments WHERE job_id=$1 RETURNING blob`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return readBlobKeys(rows)
}

// RenderSlots: see Store.
func (s *PostgresStore) RenderSlots(ctx context.Context, liveSince time.Time) (int, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(SUM(renders),0) FROM processes WHERE seen_on >= $1`, liveSince.UnixMilli()).Scan(&n)
	return int(n), err
}
