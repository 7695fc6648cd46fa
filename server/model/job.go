package model

import "time"

// Job kinds.
const (
	JobRender  = "render"
	JobPreview = "preview"
)

// Job priorities: every queued render is taken before any preview, so
// free previews cannot delay paid renders.
const (
	PriorityRender  = 0
	PriorityPreview = 1
)

// JobRequest asks Enqueue for one job.
type JobRequest struct {
	UserID  string
	VideoID string
	AppID   string // the app the request came through (callbacks)
	Kind    string // JobRender or JobPreview
	Now     time.Time
	// MaxQueued caps the user's queued (not yet running) jobs: a request
	// that would exceed it is ErrQueueFull. 0 means no cap.
	MaxQueued int
}

// Job is one render or preview in the ledger (the jobs table): the row
// that holds its credit and counts its attempts.
type Job struct {
	ID       int64
	VideoID  string
	UserID   string
	Kind     string
	Attempts int
}

// CallbackRequest is one app callback to deliver: a River job of the
// callback queue, tried up to Attempts times.
type CallbackRequest struct {
	URL      string
	Body     []byte // JSON
	Attempts int
}
