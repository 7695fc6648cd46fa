package s3

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/reelkit/reel/internal/tests3"
)

// TestMultipartParts checks that a 12 MiB upload of unknown length went
// up as a multipart upload of three 5 MiB parts (the ETag of a
// multipart object is "<md5 of part md5s>-<parts>"), and a small one as
// a single PUT.
func TestMultipartParts(t *testing.T) {
	gw := tests3.Start(t)
	gw.Env(t)
	gw.CreateBucket(t, "mpart")
	ctx := context.Background()
	s, err := New(ctx, Config{Bucket: "mpart", Endpoint: gw.Endpoint, Region: tests3.Region, PartSize: 5 << 20})
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 12<<20+1)
	for i := range big {
		big[i] = byte(rand.Uint32())
	}
	if _, err := s.Put(ctx, "big", struct{ io.Reader }{bytes.NewReader(big)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, "small", strings.NewReader("hello")); err != nil {
		t.Fatal(err)
	}
	for key, suffix := range map[string]string{"big": "-3", "small": ""} {
		st, err := s.c.StatObject(ctx, "mpart", key, minio.StatObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(st.ETag, "-"); got != (suffix != "") || !strings.HasSuffix(st.ETag, suffix) {
			t.Errorf("%s: ETag %q, want parts suffix %q", key, st.ETag, suffix)
		}
	}
}

// TestNewRefusesMissingBucket: a wrong bucket name fails at start-up,
// not at the first upload.
func TestNewRefusesMissingBucket(t *testing.T) {
	gw := tests3.Start(t)
	gw.Env(t)
	_, err := New(context.Background(), Config{Bucket: "absent", Endpoint: gw.Endpoint})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("New(absent bucket) = %v", err)
	}
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong")
	gw.CreateBucket(t, "present")
	if _, err := New(context.Background(), Config{Bucket: "present", Endpoint: gw.Endpoint}); err == nil {
		t.Fatal("New with a wrong secret succeeded")
	}
}
