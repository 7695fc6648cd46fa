package server

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
)

// flakyBlobs fails the first fail Puts of rendered videos, as a blob store
// that is briefly unreachable.
type flakyBlobs struct {
	blob.Store
	fail atomic.Int64
}

func (f *flakyBlobs) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if strings.HasPrefix(key, "videos/") && f.fail.Add(-1) >= 0 {
		io.Copy(io.Discard, r)
		return 0, errors.New("blob store unreachable")
	}
	return f.Store.Put(ctx, key, r)
}

// TestTransientFaultIsRetried: a render whose upload fails (a transient
// fault, not the render's) is retried by River with backoff instead of
// failing the video; the retry publishes it, the credit is charged once,
// the ledger counts two starts and the failed attempt leaves no file.
func TestTransientFaultIsRetried(t *testing.T) {
	t.Parallel()
	var fb *flakyBlobs
	e := newTestEnv(t, func(c *Config) {
		fb = &flakyBlobs{Store: c.Blobs}
		fb.fail.Store(1)
		c.Blobs = fb
		c.Renderer = &stubRenderer{}
	})
	e.srv.Start(context.Background())
	c := e.addUser("flaky", 2)
	id := readyVideo(t, c)
	c.ok(c.do("POST", "/me/videos/"+id+"/render", nil, nil))
	v := waitStatus(t, c, id, model.StatusPublished, model.StatusFailed)
	if v["status"] != model.StatusPublished {
		t.Fatalf("status %v reason %v: a transient upload fault failed the video", v["status"], v["reason"])
	}
	if me := c.ok(c.do("GET", "/me", nil, nil)); me["credits"].(float64) != 1 {
		t.Fatalf("credits %v, want 1 (charged once)", me["credits"])
	}
	var attempts int
	var state string
	e.store.DB().QueryRow(`SELECT attempts, state FROM jobs WHERE video_id=?`, id).Scan(&attempts, &state)
	if attempts != 2 || state != "done" {
		t.Fatalf("ledger job: %d attempts, state %s; want 2, done", attempts, state)
	}
	// Only the published job's files exist under the video's prefix.
	var files []string
	filepath.WalkDir(filepath.Join(e.dir, "blobs", "videos", id), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, filepath.Base(p))
		}
		return nil
	})
	if len(files) != 2 { // 360.mp4 and its thumbnail
		t.Fatalf("blobs of the video after a retried upload: %v, want the published rendition and thumbnail only", files)
	}
}
