package blobtest_test

import (
	"testing"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/blob/blobtest"
)

func TestFS(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		b, err := blob.NewFS(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}
