package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/reelkit/reel/server/blob"
	s3 "github.com/reelkit/reel/server/blob/s3"
)

// blobsUsage documents --blobs for every command that takes it.
const blobsUsage = "where photos, music and renditions are stored: empty for the filesystem under --data, or s3://bucket[/prefix]?endpoint=URL&region=R (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) (env REEL_BLOBS)"

// openBlobs opens the blob store --blobs names: the filesystem under
// data when spec is empty, S3 for an s3:// URL.
func openBlobs(ctx context.Context, spec, data string) (blob.Store, error) {
	switch {
	case spec == "":
		return blob.NewFS(filepath.Join(data, "blobs"))
	case strings.HasPrefix(spec, "s3://"):
		cfg, err := s3.ParseURL(spec)
		if err != nil {
			return nil, usageError{fmt.Errorf("--blobs: %w", err)}
		}
		b, err := s3.New(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("--blobs: %w", err)
		}
		return b, nil
	default:
		return nil, usageError{fmt.Errorf("--blobs %q: want empty (filesystem under --data) or s3://bucket[/prefix]?endpoint=URL&region=R", spec)}
	}
}

// checkBlobFlags refuses bad --blobs and --blob-redirect values before
// anything is created: a usage error leaves the data directory alone.
func checkBlobFlags(spec string, redirect time.Duration) error {
	if spec != "" {
		if _, err := s3.ParseURL(spec); err != nil {
			return usageError{fmt.Errorf("--blobs: %w", err)}
		}
	}
	switch {
	case redirect < 0:
		return usageError{fmt.Errorf("--blob-redirect %v: must not be negative", redirect)}
	case redirect > 7*24*time.Hour:
		return usageError{fmt.Errorf("--blob-redirect %v: S3 presigned URLs last at most 7 days", redirect)}
	case redirect > 0 && spec == "":
		return usageError{fmt.Errorf("--blob-redirect needs S3 --blobs (the filesystem store cannot sign URLs)")}
	}
	return nil
}
