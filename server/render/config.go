package render

import (
	"context"
	"log/slog"
	"time"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store"
)

// Store is what a Worker keeps in the store: the videos it renders, the
// ledger jobs it starts and finishes, the segments of split renders and
// the render slots alive (store.Queue's RenderSlots).
type Store interface {
	store.Videos
	store.Ledger
	store.Segments
	RenderSlots(ctx context.Context, liveSince time.Time) (int, error)
}

// Config is what a Worker is made of. Store, Blobs and Assets are
// required; the settings are used as given (the server's Config holds
// their defaults).
type Config struct {
	Store Store
	// Blobs receives the renditions (under videos/<video>/<job>-) and
	// the segments of split renders.
	Blobs blob.Store
	// Assets opens the photos and musics of the projects rendered.
	Assets *Assets
	// Renderer renders; nil renders nothing, and a job run anyway fails.
	Renderer Renderer
	// WorkDir holds renders in progress (os.TempDir() when empty).
	WorkDir string
	// JobAttempts bounds how many times one job is started: a job
	// started more often (every start ended by a crash, a kill or a
	// drain deadline) fails with a reason instead of running again.
	JobAttempts int
	// SplitAbove, when positive, splits a render of a video longer than
	// this into at most SplitMax segments per rendition, rendered by
	// every live process with render workers (RunSegment) when at least
	// two render slots are alive; 0 never splits.
	SplitAbove time.Duration
	SplitMax   int
	// StaleAfter is how long a process may go unseen in the liveness
	// table before it counts as dead: its render slots no longer count
	// and its segment claims are taken over.
	StaleAfter time.Duration
	// ProcessID names this process in the liveness table; its segment
	// claims carry it.
	ProcessID string
	// Callback returns the app callback of a finished job of v (failure
	// "" is success), queued in the transaction that finishes the job;
	// nil, or a nil result, queues none.
	Callback func(v *model.Video, kind, failure string) *model.CallbackRequest
	// Metrics receives the worker's measurements (nil: none).
	Metrics Metrics
	// Logger receives the worker's logs (nil: discarded).
	Logger *slog.Logger
	// Now is the clock of the times stored (nil: time.Now).
	Now func() time.Time
}

// Metrics receives a Worker's measurements, for the server's /metrics.
type Metrics interface {
	// Rendered reports a render or preview that wrote its files: the
	// wall seconds it took and the frames it drew. Its publish follows.
	Rendered(seconds float64, frames int)
	// Published counts a render or preview published.
	Published()
	// Failed counts a render or preview failed.
	Failed()
	// JobDone observes a finished job's latency from its insert to its
	// end, by queue.
	JobDone(queue string, latency time.Duration)
}

// noMetrics is the Metrics of a Config without any.
type noMetrics struct{}

func (noMetrics) Rendered(float64, int)         {}
func (noMetrics) Published()                    {}
func (noMetrics) Failed()                       {}
func (noMetrics) JobDone(string, time.Duration) {}
