package model

import (
	"errors"
	"fmt"
)

// ErrNotFound is returned by a store when the object does not exist or
// does not belong to the caller.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned by a store when a unique value (a username) is
// already taken, or when a guarded write finds the row changed since it
// was read.
var ErrConflict = errors.New("already exists")

// ErrNoCredits is returned by Enqueue when the user has no render credits.
var ErrNoCredits = errors.New("insufficient credits")

// ErrAlreadyQueued is returned by Enqueue, with the active job, when the
// request is a duplicate: the video's render is already queued or running,
// or its preview is still queued.
var ErrAlreadyQueued = errors.New("a job for this video is already queued")

// ErrQueueFull is returned by Enqueue when the user already has
// JobRequest.MaxQueued jobs waiting.
var ErrQueueFull = errors.New("too many queued jobs")

// ErrQuotaExceeded is returned (inside a *QuotaError) when an upload
// would take a user past their storage quota.
var ErrQuotaExceeded = errors.New("storage quota exceeded")

// QuotaError says by how much an upload missed the user's storage quota.
type QuotaError struct {
	Used, Size, Quota int64 // bytes kept, bytes of the upload, bytes allowed
}

// Error says how much is kept, allowed and asked for, in megabytes.
func (e *QuotaError) Error() string {
	return fmt.Sprintf("storage quota exceeded: %s kept of %s, and this upload is %s", mb(e.Used), mb(e.Quota), mb(e.Size))
}

// Unwrap makes a QuotaError ErrQuotaExceeded to errors.Is.
func (e *QuotaError) Unwrap() error { return ErrQuotaExceeded }

// mb writes n bytes as megabytes with one decimal.
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
