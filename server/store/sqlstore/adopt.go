package sqlstore

import (
	"context"
	"fmt"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

// RequeueRunning puts back the ledger jobs a stopped process left
// running, for a database that one process owns (SQLite) and runs at
// open: with several processes on one database the liveness rescue
// decides instead. A running preview whose video already has a newer
// preview queued is failed rather than run again (one queued preview per
// video: the newer one covers it).
func (s *Store) RequeueRunning(ctx context.Context) error {
	for _, stmt := range []string{
		`UPDATE jobs SET state='failed', error='superseded by a newer preview request'
		WHERE state='running' AND kind='preview' AND EXISTS(SELECT 1 FROM jobs k
			WHERE k.video_id=jobs.video_id AND k.kind='preview' AND k.state='queued')`,
		`UPDATE jobs SET state='queued' WHERE state='running'`,
	} {
		if _, err := s.db.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("requeue running jobs: %w", err)
		}
	}
	return nil
}

// Adopt moves into River, in one transaction, what an older reeld queued
// in its own tables: the ledger jobs it left queued or running without a
// River job (each queued again and linked to its River job) and the rows
// of its callbacks table (each keeping the attempts it has left).
func (s *Store) Adopt(ctx context.Context) error {
	err := s.inTx(ctx, func(tx Tx) error {
		jobs, err := list(ctx, tx, scanLedgerJob, `SELECT id, video_id, user_id, kind FROM jobs
			WHERE river_id IS NULL AND state IN ('queued','running') ORDER BY id`+s.d.LockRows)
		if err != nil {
			return err
		}
		cbs, err := list(ctx, tx, scanOldCallback, `SELECT url, body, attempts FROM callbacks ORDER BY id`)
		if err != nil {
			return err
		}
		for _, j := range jobs {
			rid, err := tx.InsertJob(ctx, j, 0)
			if err != nil {
				return fmt.Errorf("adopt job %d: %w", j.ID, err)
			}
			if _, err := tx.Exec(ctx, `UPDATE jobs SET river_id=$1, state='queued' WHERE id=$2`, rid, j.ID); err != nil {
				return fmt.Errorf("adopt job %d: %w", j.ID, err)
			}
		}
		for _, c := range cbs {
			if err := tx.InsertCallback(ctx, c); err != nil {
				return fmt.Errorf("adopt callback: %w", err)
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM callbacks`)
		return err
	})
	if err != nil {
		return fmt.Errorf("move queued jobs into River: %w", err)
	}
	return nil
}

// scanLedgerJob reads a row of (id, video_id, user_id, kind).
func scanLedgerJob(r Row) (*model.Job, error) {
	j := &model.Job{}
	err := r.Scan(&j.ID, &j.VideoID, &j.UserID, &j.Kind)
	return j, err
}

// scanOldCallback reads a row of the old callbacks table's (url, body,
// attempts tried).
func scanOldCallback(r Row) (model.CallbackRequest, error) {
	var c model.CallbackRequest
	var tried int
	err := r.Scan(&c.URL, &c.Body, &tried)
	c.Attempts = max(1, queue.DefaultCallbackAttempts-tried)
	return c, err
}
