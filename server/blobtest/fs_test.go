package blobtest_test

import (
	"testing"

	"github.com/reelkit/reel/server"
	"github.com/reelkit/reel/server/blobtest"
)

func TestFSBlobs(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) server.Blobs {
		b, err := server.NewFSBlobs(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}
