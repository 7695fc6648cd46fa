package sqlite

import (
	"context"
	"testing"

	"github.com/reelkit/reel/server/model"
)

// TestMigrationFailsDuplicateJobs: a database from before migration 3
// with two active render jobs of one video keeps the oldest,
// fails the other and refunds its credit.
func TestMigrationFailsDuplicateJobs(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir()+"/m.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.DB()
	// Rebuild the version-2 jobs table and insert the duplicates.
	for _, q := range []string{
		`DROP TABLE jobs`,
		`CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, video_id TEXT NOT NULL, user_id TEXT NOT NULL,
			kind TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL, created_on INTEGER NOT NULL,
			charged INTEGER NOT NULL DEFAULT 0)`,
		`CREATE INDEX jobs_state ON jobs(state, id)`,
		`INSERT INTO users(id, username, name, password_hash, credits, created_on) VALUES('u','u','u','',0,0)`,
		`INSERT INTO jobs(video_id, user_id, kind, state, attempts, error, created_on, charged) VALUES
			('v','u','render','queued',0,'',0,1), ('v','u','render','queued',0,'',0,1), ('v','u','render','queued',0,'',0,1),
			('v','u','preview','queued',0,'',0,0), ('v','u','preview','queued',0,'',0,0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Exec(migrations[2]); err != nil { // migration 3 alone
		t.Fatal(err)
	}
	var credits, queued int
	db.QueryRow(`SELECT credits FROM users WHERE id='u'`).Scan(&credits)
	db.QueryRow(`SELECT COUNT(*) FROM jobs WHERE state='queued'`).Scan(&queued)
	if credits != 2 || queued != 2 {
		t.Fatalf("after migration: credits %d (want 2 refunded), queued jobs %d (want 2: one render, one preview)", credits, queued)
	}
	j, err := st.StartJob(ctx, 1)
	if err != nil || j.Kind != model.JobRender || j.ID != 1 {
		t.Fatalf("start job 1: %+v %v, want the render", j, err)
	}
}
