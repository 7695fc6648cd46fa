package server

import (
	"context"
	"testing"

	"github.com/reelkit/reel/internal/testpg"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store/postgres"
)

// TestClientFlowPostgres walks the same Picovico client flow as
// TestClientFlow with the PostgreSQL store behind the server, and checks
// the rows it left: one render job, done, and the video published.
func TestClientFlowPostgres(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	ctx := context.Background()
	st, err := postgres.Open(ctx, pg.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	id := clientFlow(t, func(c *Config) { c.Store = st })
	var jobs, done int
	// The video is published a moment before its job is finished.
	eventually(t, "the render job finished", func() bool {
		st.Pool().QueryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE state='done') FROM jobs WHERE video_id=$1 AND kind='render'`, id).Scan(&jobs, &done)
		return done > 0
	})
	if jobs != 1 || done != 1 {
		t.Fatalf("render jobs in postgres: %d, done %d; want 1 and 1", jobs, done)
	}
	var status string
	if err := st.Pool().QueryRow(ctx, `SELECT status FROM videos WHERE id=$1`, id).Scan(&status); err != nil || status != model.StatusPublished {
		t.Fatalf("video row status %q %v", status, err)
	}
}

// TestParallelRendersChargeOncePostgres: 1000 parallel render requests on
// 20 drafts and a one-credit race, through HTTP, on the PostgreSQL store:
// one job and one credit per video.
func TestParallelRendersChargeOncePostgres(t *testing.T) {
	t.Parallel()
	pg := testpg.Start(t)
	ctx := context.Background()
	st, err := postgres.Open(ctx, pg.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	doubleCharging(t, func(c *Config) { c.Store = st }, func(_ *testEnv, id string) (n int) {
		if err := st.Pool().QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE video_id=$1`, id).Scan(&n); err != nil {
			t.Error(err)
		}
		return n
	})
}
