package server

import (
	"log/slog"
	"runtime"
	"time"

	"github.com/reelkit/reel/engine"
	"github.com/reelkit/reel/styles"

	"github.com/reelkit/reel/server/blob"
	"github.com/reelkit/reel/server/queue"
	"github.com/reelkit/reel/server/render"
	"github.com/reelkit/reel/server/store"
)

// App is a client application allowed to log in with POST /login/app and
// named by app_id on POST /login.
type App struct {
	ID     string
	Secret string
	// CallbackURL, when set, receives Picovico's callback JSON
	// (video.created, video.failed, video.preview.created,
	// video.preview.failed) for renders requested through this app.
	CallbackURL string
}

// Config configures a Server. The zero value of every field is a sane
// default except Store, Blobs and Apps.
type Config struct {
	Store store.Store
	Blobs blob.Store
	Apps  []App
	// Renderer renders projects; nil disables rendering (jobs stay
	// queued), which only tests of the HTTP layer want.
	Renderer render.Renderer
	// Styles are the styles served by /styles and accepted in a video's
	// style (nil: the built-in styles; styles.WithBuiltin adds a
	// program's own). The Renderer should render with the same registry.
	Styles *styles.Registry
	// Fonts are the fonts the styles' text may name beyond the embedded
	// faces, used when the server plans previews and sample frames (nil:
	// the machine's fonts). The Renderer should draw with the same.
	Fonts *engine.FontLibrary
	// WorkDir holds renders in progress (default os.TempDir()).
	WorkDir string
	// Signup lets people create their own accounts from the studio's
	// sign-in page (POST /studio/signup); off, accounts are made with
	// `reeld user add`. SignupCredits are the renders a self-made account
	// starts with: 0 is none (the account can edit and preview but a
	// render is refused for want of credits), negative is unlimited; reeld's
	// --signup-credits defaults to DefaultSignupCredits.
	Signup        bool
	SignupCredits int64
	// Workers is the number of concurrent renders this process runs
	// (default 1, for 0); negative makes an API-only process that queues
	// jobs for other processes' workers and renders nothing.
	Workers int
	// Role names this process in the liveness table: "serve" (default)
	// or "worker" (a process without the API).
	Role string
	// Heartbeat is how often this process records in the database that
	// it is alive (default 2 s); a job running in a process not seen for
	// StaleAfter (default 15 s) is given to another worker.
	Heartbeat, StaleAfter time.Duration
	// SplitAbove, when positive, splits a render of a video longer than
	// this into segments that every live process with render workers
	// helps with (the store's segment queue), when at least two render
	// slots are alive; the process running the job renders segments too
	// and joins them. 0 never splits. SplitMax caps the segments per
	// rendition (default 8).
	SplitAbove time.Duration
	SplitMax   int
	// BaseURL prefixes every URL in responses and callbacks, for example
	// "https://reel.example.com". Empty: derived from the request's Host
	// (and, for callbacks, from ListenURL).
	BaseURL string
	// SharedLimits keeps the request rate limit's token buckets and the
	// login backoff's counts in the store, so every process sharing the
	// database (PostgreSQL) enforces one rate per user and per address
	// and one backoff per account and address; off, each process counts
	// alone (the single SQLite process).
	SharedLimits bool
	// StorageQuota is the bytes of photos, musics and clips one user may keep
	// unless their own quota says otherwise (reeld user quota); an upload
	// past it is a 413 that says by how much. A user's identical uploads
	// are stored once and counted once. Default 2 GB; negative: none.
	StorageQuota int64
	// MetricsToken, when set, serves /metrics to requests carrying
	// "Authorization: Bearer MetricsToken"; without it /metrics answers
	// loopback clients only (403 for others).
	MetricsToken string
	// ListenURL is the server's own address, used for URLs in callbacks
	// when BaseURL is empty.
	ListenURL string
	// AllowPrivateURLs lets POST /me/photos url=... fetch from loopback,
	// private and link-local addresses (off by default: SSRF).
	AllowPrivateURLs bool
	// RateLimit is the sustained requests per second allowed per access
	// key (default 20) and RateBurst the bucket size (default 2*RateLimit).
	RateLimit float64
	RateBurst int
	// Body and content limits; defaults: photo 25 MB, music 50 MB, JSON
	// and form bodies 1 MB, 50 megapixels, URL fetches 30 s.
	MaxPhotoBytes int64
	MaxMusicBytes int64
	// MaxClipBytes and MaxClipDuration bound a video clip upload
	// (defaults 500 MB and 10 minutes); beyond either it is a 413.
	MaxClipBytes    int64
	MaxClipDuration time.Duration
	// ClipFetchTimeout caps a clip's URL import, whole (default 5
	// minutes: a clip is larger than a photo).
	ClipFetchTimeout time.Duration
	MaxJSONBytes     int64
	MaxPixels        int
	// MaxImageBytes bounds the memory one image decode may need, width x
	// height x bytes per pixel of its decoded type (default 200 MB: 50
	// megapixels of 8-bit RGBA, 25 of 16-bit RGBA); larger images are
	// refused with 413 at upload.
	MaxImageBytes int64
	// MemoryBudget is the process-wide budget (default 256 MB) that
	// every image decode, at upload and in renders, reserves its bytes
	// from before it starts: decodes beyond it wait their turn. Uploads
	// themselves stream to temporary files under WorkDir and hold only
	// small buffers.
	MemoryBudget int64
	FetchTimeout time.Duration
	// BlobRedirect, when positive and Blobs can sign URLs (a
	// SignedURLer, as the S3 store is), makes GET /v/ answer 302 to a
	// presigned URL valid this long instead of streaming the rendition
	// through the server. Zero streams (Range served from the store).
	BlobRedirect time.Duration
	// StallTimeout is how long a request body may stop arriving, or a
	// client stop accepting a response, before its connection is cut
	// (default 30 s; an upload that stalls answers 408). Progress resets
	// it, so slow links can still upload 50 MB or download long videos.
	StallTimeout time.Duration
	// CallbackAttempts bounds deliveries of one callback (default 8);
	// CallbackBackoff is the first retry delay, doubled each time
	// (default 2 s).
	CallbackAttempts int
	CallbackBackoff  time.Duration
	// CallbackConcurrency bounds deliveries in flight (default 4); one
	// URL gets at most half of them (at least 1), so a slow receiver
	// does not hold up callbacks to the others.
	CallbackConcurrency int
	// JobAttempts bounds how many times one render job is started
	// (default 5). A job whose process died (a crash, SIGKILL, a drain
	// deadline) runs again on another worker; one that keeps being
	// interrupted (a render that kills the process) is failed with a
	// reason instead of crashing every worker in turn.
	JobAttempts int
	// TokenTTL is how long an access token lives after its last use
	// (default 30 days; every request slides it). MaxTokensPerUser caps a
	// user's live tokens (default 20): a login beyond it evicts the
	// oldest.
	TokenTTL         time.Duration
	MaxTokensPerUser int
	// Login throttling, per account (username or app id) and client
	// address pair: LoginFreeAttempts attempts (default 5) without delay,
	// then each must wait LoginBackoff (default 1 s), doubled per attempt,
	// up to LoginMaxBackoff (default 15 min), after the previous one (429
	// with Retry-After meanwhile). Guesses from one address are throttled
	// so, not the account: its owner still signs in from elsewhere. One
	// address guessing many accounts backs off the same way after
	// LoginAddressAttempts attempts (default 50). A successful login
	// clears the counts.
	// HashWorkers bounds concurrent password hashes (default half the
	// CPUs, at least 1); at most 4 x HashWorkers logins wait for one, the
	// rest are answered 429 at once.
	LoginFreeAttempts    int
	LoginAddressAttempts int
	LoginBackoff         time.Duration
	LoginMaxBackoff      time.Duration
	HashWorkers          int
	// MaxQueuedJobs caps the jobs (renders and previews) one user may
	// have waiting in the queue (default 10); a request beyond it is
	// answered 429 with Retry-After: QueueRetryAfter (default 30 s).
	// Negative: no cap.
	MaxQueuedJobs   int
	QueueRetryAfter time.Duration
	// Logger receives JSON-able structured logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock (default time.Now); tests pin it.
	Now func() time.Time
}

func (c *Config) defaults() {
	if c.Workers == 0 {
		c.Workers = 1
	}
	if c.Role == "" {
		c.Role = "serve"
	}
	if c.Heartbeat <= 0 {
		c.Heartbeat = 2 * time.Second
	}
	if c.SplitMax <= 0 {
		c.SplitMax = 8
	}
	if c.StaleAfter <= 0 {
		c.StaleAfter = 15 * time.Second
	}
	if c.RateLimit <= 0 {
		c.RateLimit = 20
	}
	if c.RateBurst <= 0 {
		c.RateBurst = int(2 * c.RateLimit)
		if c.RateBurst < 1 {
			c.RateBurst = 1
		}
	}
	if c.MaxPhotoBytes <= 0 {
		c.MaxPhotoBytes = 25 << 20
	}
	if c.MaxMusicBytes <= 0 {
		c.MaxMusicBytes = 50 << 20
	}
	if c.MaxClipBytes <= 0 {
		c.MaxClipBytes = 500 << 20
	}
	if c.MaxClipDuration <= 0 {
		c.MaxClipDuration = 10 * time.Minute
	}
	if c.ClipFetchTimeout <= 0 {
		c.ClipFetchTimeout = 5 * time.Minute
	}
	if c.MaxJSONBytes <= 0 {
		c.MaxJSONBytes = 1 << 20
	}
	if c.MaxPixels <= 0 {
		c.MaxPixels = 50_000_000
	}
	if c.MaxImageBytes <= 0 {
		c.MaxImageBytes = 200 << 20
	}
	if c.MemoryBudget <= 0 {
		c.MemoryBudget = 256 << 20
	}
	c.MemoryBudget = max(c.MemoryBudget, c.MaxImageBytes)
	if c.FetchTimeout <= 0 {
		c.FetchTimeout = 30 * time.Second
	}
	if c.StallTimeout <= 0 {
		c.StallTimeout = 30 * time.Second
	}
	if c.CallbackAttempts <= 0 {
		c.CallbackAttempts = queue.DefaultCallbackAttempts
	}
	if c.CallbackBackoff <= 0 {
		c.CallbackBackoff = 2 * time.Second
	}
	if c.CallbackConcurrency <= 0 {
		c.CallbackConcurrency = 4
	}
	if c.JobAttempts <= 0 {
		c.JobAttempts = 5
	}
	if c.LoginFreeAttempts <= 0 {
		c.LoginFreeAttempts = 5
	}
	if c.StorageQuota == 0 {
		c.StorageQuota = 2_000_000_000
	}
	if c.LoginAddressAttempts <= 0 {
		c.LoginAddressAttempts = 50
	}
	if c.LoginBackoff <= 0 {
		c.LoginBackoff = time.Second
	}
	if c.LoginMaxBackoff <= 0 {
		c.LoginMaxBackoff = 15 * time.Minute
	}
	if c.HashWorkers <= 0 {
		c.HashWorkers = max(1, runtime.NumCPU()/2)
	}
	if c.TokenTTL <= 0 {
		c.TokenTTL = 30 * 24 * time.Hour
	}
	if c.MaxTokensPerUser <= 0 {
		c.MaxTokensPerUser = 20
	}
	if c.MaxQueuedJobs == 0 {
		c.MaxQueuedJobs = 10
	}
	if c.MaxQueuedJobs < 0 {
		c.MaxQueuedJobs = 0 // JobRequest: 0 is no cap
	}
	if c.QueueRetryAfter <= 0 {
		c.QueueRetryAfter = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}
