package server

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/reelkit/reel/server/auth"
	"github.com/reelkit/reel/server/model"
)

// TestRemoveUserDeletesFiles: removing a user (reeld user remove) deletes
// the files of their photos, musics, clips (and posters) and rendered
// videos as well as the rows; another user's files stay.
func TestRemoveUserDeletesFiles(t *testing.T) {
	t.Parallel()
	e := withFakeClips(newTestEnv(t, func(c *Config) { c.Renderer = &stubRenderer{} }), fakeClips{})
	e.srv.Start(context.Background())
	gone := e.addUser("leaver", -1)
	stay := e.addUser("stayer", -1)
	id := readyVideo(t, gone)
	gone.putMusic(readTestdata(t, "music/pcm16.wav"), nil)
	gone.ok(gone.do("PUT", "/me/clips", bytes.NewReader(fakeClip(t, fakeInfo)), nil))
	gone.ok(gone.do("POST", "/me/videos/"+id+"/render", nil, nil))
	waitStatus(t, gone, id, model.StatusPublished)
	gone.ok(gone.do("POST", "/me/videos/"+id+"/preview", nil, nil))
	for e.srv.mustVideo(t, id).Preview == nil {
		time.Sleep(10 * time.Millisecond)
	}
	stay.putPhoto(testJPEG(t, 32, 18, 3))
	before := blobFiles(t, e.dir)
	ctx := context.Background()
	if err := auth.RemoveUser(ctx, e.store, e.srv.blobs, "leaver"); err != nil {
		t.Fatal(err)
	}
	after := blobFiles(t, e.dir)
	// leaver had photo + thumb, music, clip + poster, 360 mp4 + jpg,
	// 144 mp4 + jpg; stayer's photo and thumbnail remain.
	if len(before) != 11 || len(after) != 2 {
		t.Fatalf("blob files before %d, after %d: %v", len(before), len(after), after)
	}
	if _, err := e.store.UserByUsername(ctx, "leaver"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("user row: %v", err)
	}
	if r := gone.do("GET", "/me", nil, nil); r.code != 401 {
		t.Fatalf("removed user's token: %d", r.code)
	}
	if err := auth.RemoveUser(ctx, e.store, e.srv.blobs, "leaver"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("second remove: %v", err)
	}
}

func blobFiles(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(filepath.Join(dir, "blobs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}
