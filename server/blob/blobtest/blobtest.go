// Package blobtest is the conformance suite every blob.Store must
// pass: the filesystem store runs it here, the S3 store in server/blob/s3
// against a real S3 server.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
)

// LargeSize is the size of the suite's large object: more than two
// 5 MiB parts, so a store with 5 MiB parts uploads it in three.
const LargeSize = 12<<20 + 12345

// Run runs the suite against the store newBlobs returns (a fresh, empty
// store for each call).
func Run(t *testing.T, newBlobs func(t *testing.T) blob.Store) {
	ctx := context.Background()
	t.Run("PutOpenReplace", func(t *testing.T) {
		b := newBlobs(t)
		put(t, b, "photos/u1/p1.jpg", []byte("first version"))
		if got := get(t, b, "photos/u1/p1.jpg"); string(got) != "first version" {
			t.Fatalf("got %q", got)
		}
		put(t, b, "photos/u1/p1.jpg", []byte("second, longer version"))
		bl, err := b.Open(ctx, "photos/u1/p1.jpg")
		if err != nil {
			t.Fatal(err)
		}
		defer bl.Close()
		if bl.Size() != int64(len("second, longer version")) {
			t.Errorf("Size %d after replace", bl.Size())
		}
		if bl.ModTime().IsZero() {
			t.Error("ModTime is zero")
		}
		got, err := io.ReadAll(bl)
		if err != nil || string(got) != "second, longer version" {
			t.Fatalf("after replace: %q, %v", got, err)
		}
	})
	t.Run("EmptyObject", func(t *testing.T) {
		b := newBlobs(t)
		put(t, b, "empty", nil)
		if got := get(t, b, "empty"); len(got) != 0 {
			t.Fatalf("got %d bytes", len(got))
		}
	})
	t.Run("Range", func(t *testing.T) {
		b := newBlobs(t)
		data := pattern(100000, 1)
		put(t, b, "videos/v/720.mp4", data)
		bl, err := b.Open(ctx, "videos/v/720.mp4")
		if err != nil {
			t.Fatal(err)
		}
		defer bl.Close()
		for _, r := range [][2]int64{{0, 1}, {500, 1000}, {99990, 10}, {4096, 65536}, {10, 20}} {
			if n, err := bl.Seek(r[0], io.SeekStart); err != nil || n != r[0] {
				t.Fatalf("Seek(%d) = %d, %v", r[0], n, err)
			}
			buf := make([]byte, r[1])
			if _, err := io.ReadFull(bl, buf); err != nil {
				t.Fatalf("range %v: %v", r, err)
			}
			if !bytes.Equal(buf, data[r[0]:r[0]+r[1]]) {
				t.Fatalf("range %v: wrong bytes", r)
			}
		}
		if n, err := bl.Seek(-7, io.SeekEnd); err != nil || n != int64(len(data))-7 {
			t.Fatalf("Seek(-7, End) = %d, %v", n, err)
		}
		tail, err := io.ReadAll(bl)
		if err != nil || !bytes.Equal(tail, data[len(data)-7:]) {
			t.Fatalf("tail %x, %v", tail, err)
		}
	})
	t.Run("MissingAndDelete", func(t *testing.T) {
		b := newBlobs(t)
		if _, err := b.Open(ctx, "nope/missing"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("Open missing: %v, want ErrNotFound", err)
		}
		if err := b.Delete(ctx, "nope/missing"); err != nil {
			t.Fatalf("Delete missing: %v", err)
		}
		put(t, b, "music/u/m.mp3", []byte("x"))
		put(t, b, "music/u/keep.mp3", []byte("y"))
		if err := b.Delete(ctx, "music/u/m.mp3"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Open(ctx, "music/u/m.mp3"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("Open deleted: %v, want ErrNotFound", err)
		}
		if got := get(t, b, "music/u/keep.mp3"); string(got) != "y" {
			t.Fatalf("sibling after delete: %q", got)
		}
	})
	t.Run("InvalidKeys", func(t *testing.T) {
		b := newBlobs(t)
		for _, k := range []string{"", "../x", "/abs", "a/../../b", `a\b`, "a//b", "./a"} {
			if _, err := b.Put(ctx, k, bytes.NewReader([]byte("x"))); err == nil {
				t.Errorf("Put(%q) accepted", k)
			}
			if _, err := b.Open(ctx, k); err == nil || errors.Is(err, model.ErrNotFound) {
				t.Errorf("Open(%q) = %v, want an invalid-key error", k, err)
			}
			if err := b.Delete(ctx, k); err == nil {
				t.Errorf("Delete(%q) accepted", k)
			}
		}
	})
	t.Run("FailedPutKeepsPrevious", func(t *testing.T) {
		b := newBlobs(t)
		put(t, b, "k", []byte("old"))
		bad := io.MultiReader(bytes.NewReader(pattern(LargeSize/2, 2)), errReader{})
		if _, err := b.Put(ctx, "k", bad); err == nil {
			t.Fatal("Put of a failing reader succeeded")
		}
		if got := get(t, b, "k"); string(got) != "old" {
			t.Fatalf("after failed put: %d bytes, want the old object", len(got))
		}
		if _, err := b.Put(ctx, "new", io.MultiReader(bytes.NewReader([]byte("abc")), errReader{})); err == nil {
			t.Fatal("small failing Put succeeded")
		}
		if _, err := b.Open(ctx, "new"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("failed put left an object: %v", err)
		}
	})
	t.Run("LargeStreamed", func(t *testing.T) {
		b := newBlobs(t)
		data := pattern(LargeSize, 3)
		// A plain reader: the size is unknown, the store must stream it.
		n, err := b.Put(ctx, "videos/big/stream.mp4", struct{ io.Reader }{bytes.NewReader(data)})
		if err != nil || n != LargeSize {
			t.Fatalf("Put = %d, %v", n, err)
		}
		checkLarge(t, b, "videos/big/stream.mp4", data)
	})
	t.Run("LargeFile", func(t *testing.T) {
		b := newBlobs(t)
		data := pattern(LargeSize, 4)
		path := filepath.Join(t.TempDir(), "render.mp4")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		n, err := b.Put(ctx, "videos/big/file.mp4", f)
		if err != nil || n != LargeSize {
			t.Fatalf("Put = %d, %v", n, err)
		}
		checkLarge(t, b, "videos/big/file.mp4", data)
	})
}

// checkLarge compares the whole object by hash and a range that spans
// the 5 MiB part boundary.
func checkLarge(t *testing.T, b blob.Store, key string, data []byte) {
	t.Helper()
	bl, err := b.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	if bl.Size() != int64(len(data)) {
		t.Fatalf("Size %d, want %d", bl.Size(), len(data))
	}
	h := sha256.New()
	if _, err := io.Copy(h, bl); err != nil {
		t.Fatal(err)
	}
	if want := sha256.Sum256(data); !bytes.Equal(h.Sum(nil), want[:]) {
		t.Fatal("content differs")
	}
	off := int64(5<<20 - 100)
	if _, err := bl.Seek(off, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 200)
	if _, err := io.ReadFull(bl, buf); err != nil || !bytes.Equal(buf, data[off:off+200]) {
		t.Fatalf("range across part boundary: %v", err)
	}
}

func put(t *testing.T, b blob.Store, key string, data []byte) {
	t.Helper()
	n, err := b.Put(context.Background(), key, bytes.NewReader(data))
	if err != nil || n != int64(len(data)) {
		t.Fatalf("Put(%s) = %d, %v", key, n, err)
	}
}

func get(t *testing.T, b blob.Store, key string) []byte {
	t.Helper()
	bl, err := b.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%s): %v", key, err)
	}
	defer bl.Close()
	data, err := io.ReadAll(bl)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return data
}

// pattern returns n pseudo-random bytes (incompressible, and different
// per seed so a store returning the wrong object is caught).
func pattern(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 42))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := n &^ 7; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("blobtest: reader failed") }
