package s3_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/reelkit/reel/internal/tests3"
	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/blob/blobtest"
	s3 "github.com/reelkit/reel/server/blob/s3"
)

// TestS3Blobs runs the blob conformance suite against a real S3 server
// (versitygw), with 5 MiB parts so the large objects go multipart.
func TestS3Blobs(t *testing.T) {
	gw := tests3.Start(t)
	gw.Env(t)
	n := 0
	blobtest.Run(t, func(t *testing.T) blob.Store {
		n++
		bucket := fmt.Sprintf("conf%d", n)
		gw.CreateBucket(t, bucket)
		cfg, err := s3.ParseURL("s3://" + bucket + "?endpoint=" + gw.Endpoint + "&region=" + tests3.Region)
		if err != nil {
			t.Fatal(err)
		}
		cfg.PartSize = 5 << 20
		b, err := s3.New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}
