package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestScratchDirsOfLiveProcessesSurvive: two processes sharing one --data
// get a scratch directory each; a third starting up keeps both (their
// locks are held) but removes the directory of a process that died (its
// lock released) and the loose files an older version left.
func TestScratchDirsOfLiveProcessesSurvive(t *testing.T) {
	t.Parallel()
	root := filepath.Join(t.TempDir(), "work")
	a, err := openScratch(root, "worker")
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	b, err := openScratch(root, "worker")
	if err != nil {
		t.Fatal(err)
	}
	if a.dir == b.dir {
		t.Fatalf("two processes share %s", a.dir)
	}
	inA := filepath.Join(a.dir, "render-v1", "out.mp4")
	os.MkdirAll(filepath.Dir(inA), 0o700)
	os.WriteFile(inA, []byte("x"), 0o600)
	// b dies without cleaning up: its lock goes with its process.
	b.lock.Close()
	os.WriteFile(filepath.Join(root, "old-upload"), []byte("x"), 0o600)

	c, err := openScratch(root, "serve")
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if _, err := os.Stat(inA); err != nil {
		t.Fatalf("a live process's render file is gone: %v", err)
	}
	if _, err := os.Stat(b.dir); !os.IsNotExist(err) {
		t.Fatalf("a dead process's scratch dir survives: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "old-upload")); !os.IsNotExist(err) {
		t.Fatalf("loose old file survives: %v", err)
	}
	a.close()
	if _, err := os.Stat(a.dir); !os.IsNotExist(err) {
		t.Fatalf("closed scratch dir survives: %v", err)
	}
}
