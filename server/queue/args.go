package queue

import (
	"encoding/json"

	"github.com/reelkit/reel/server/model"
	"github.com/riverqueue/river/rivertype"
)

// The River queues. Renders and previews have a queue each, so a free
// 144p preview never waits behind a paid render nor delays one; the
// segment queue runs the parts of split renders; the callback queue
// delivers app callbacks.
const (
	Render   = "render"
	Preview  = "preview"
	Callback = "callback"
	Segment  = "segment"
)

// Names lists every queue, for metrics.
func Names() []string { return []string{Render, Preview, Callback, Segment} }

// JobAttempts bounds River's attempts of a render or preview job: a
// transient fault (the database or blob store unreachable) is retried
// with River's backoff; a render that fails is failed at once.
const JobAttempts = 5

// DefaultCallbackAttempts is how often a callback is tried unless the
// server is configured otherwise.
const DefaultCallbackAttempts = 8

// RenderArgs is a render job's River arguments: the ledger job (the jobs
// table row that holds the credit) and its video.
//
// River's uniqueness is keyed by the ledger job, not the video: the
// ledger's unique index (one active render per video, checked in the
// same transaction) is the per-video guarantee, and River completes a
// job asynchronously after its work returns, so a River job still
// "running" for a moment would refuse the video's next render.
type RenderArgs struct {
	JobID   int64  `json:"job_id" river:"unique"`
	VideoID string `json:"video_id"`
}

// Kind is the River job kind.
func (RenderArgs) Kind() string { return model.JobRender }

// PreviewArgs is a preview job's River arguments, unique per ledger job
// like RenderArgs (one queued preview per video is the ledger's rule).
type PreviewArgs struct {
	JobID   int64  `json:"job_id" river:"unique"`
	VideoID string `json:"video_id"`
}

// Kind is the River job kind.
func (PreviewArgs) Kind() string { return model.JobPreview }

// CallbackArgs is one app callback delivery.
type CallbackArgs struct {
	URL  string          `json:"url"`
	Body json.RawMessage `json:"body"`
}

// Kind is the River job kind.
func (CallbackArgs) Kind() string { return Callback }

// SegmentArgs is a segment job's River arguments. The row in the store's
// segments table is the truth: a River job whose row is claimed, done or
// gone does nothing.
type SegmentArgs struct {
	JobID   int64  `json:"job_id"`
	VideoID string `json:"video_id"`
	Quality int    `json:"quality"`
	Index   int    `json:"index"`
	Count   int    `json:"count"`
}

// Kind is the River job kind.
func (SegmentArgs) Kind() string { return Segment }

// uniqueActive are the states in which a unique River job blocks another:
// all but the finished ones, so a video renders again after its last
// render completed.
var uniqueActive = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}
