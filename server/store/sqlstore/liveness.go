package sqlstore

import (
	"context"
	"time"

	"github.com/reelkit/reel/server/model"
)

// Heartbeat records that p is alive (queue.Liveness).
func (s *Store) Heartbeat(ctx context.Context, p model.Process) error {
	_, err := s.db.Exec(ctx, `INSERT INTO processes(id, role, host, pid, started_on, seen_on, renders) VALUES($1,$2,$3,$4,$5,$6,$7)
		ON CONFLICT(id) DO UPDATE SET seen_on=excluded.seen_on`,
		p.ID, p.Role, p.Host, p.PID, p.StartedOn.UnixMilli(), p.SeenOn.UnixMilli(), p.Renders)
	return err
}

// ForgetProcess removes a stopped process from the liveness table
// (queue.Liveness).
func (s *Store) ForgetProcess(ctx context.Context, id string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM processes WHERE id=$1`, id)
	return err
}

// PruneProcesses removes processes not seen since before
// (queue.Liveness).
func (s *Store) PruneProcesses(ctx context.Context, before time.Time) error {
	_, err := s.db.Exec(ctx, `DELETE FROM processes WHERE seen_on < $1`, before.UnixMilli())
	return err
}

// RescueOrphans makes running River jobs of processes not seen since
// staleBefore available again (queue.Liveness; Dialect.RescueOrphans).
func (s *Store) RescueOrphans(ctx context.Context, self string, staleBefore time.Time) (int, error) {
	n, err := s.db.Exec(ctx, s.d.RescueOrphans, self, staleBefore.UnixMilli())
	return int(n), err
}

// QueueStats counts River's unfinished jobs by queue and state and the
// processes seen since liveSince by role.
func (s *Store) QueueStats(ctx context.Context, liveSince time.Time) (model.QueueStats, error) {
	st := model.QueueStats{Jobs: map[string]map[string]int{}, Live: map[string]int{}}
	type count struct {
		key, state string
		n          int
	}
	jobs, err := list(ctx, s.db, func(r Row) (c count, err error) { return c, r.Scan(&c.key, &c.state, &c.n) },
		`SELECT queue, CAST(state AS TEXT), COUNT(*) FROM river_job
		WHERE state IN ('available','scheduled','retryable','running','pending') GROUP BY queue, state`)
	if err != nil {
		return st, err
	}
	for _, c := range jobs {
		if st.Jobs[c.key] == nil {
			st.Jobs[c.key] = map[string]int{}
		}
		st.Jobs[c.key][c.state] = c.n
	}
	live, err := list(ctx, s.db, func(r Row) (c count, err error) { return c, r.Scan(&c.key, &c.n) },
		`SELECT role, COUNT(*) FROM processes WHERE seen_on >= $1 GROUP BY role`, liveSince.UnixMilli())
	if err != nil {
		return st, err
	}
	for _, c := range live {
		st.Live[c.key] = c.n
	}
	return st, nil
}

// RenderSlots sums the concurrent renders of the processes seen since
// liveSince.
func (s *Store) RenderSlots(ctx context.Context, liveSince time.Time) (int, error) {
	var n int64
	err := s.db.QueryRow(ctx, `SELECT COALESCE(SUM(renders),0) FROM processes WHERE seen_on >= $1`, liveSince.UnixMilli()).Scan(&n)
	return int(n), err
}
