package model

import "errors"

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
