package server

import (
	"context"
	"errors"
	"time"

	"github.com/reelkit/reel/engine"
)

// ErrNotFound is returned by a Store when the object does not exist or does
// not belong to the caller.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned by a Store when a unique value (a username) is
// already taken.
var ErrConflict = errors.New("already exists")

// User is an account that owns photos, musics and videos.
type User struct {
	ID           string
	Username     string
	Name         string
	PasswordHash string // PBKDF2 record, see hashPassword; "" for app users
	// Credits is the number of renders left; nil means unlimited.
	Credits   *int64
	CreatedOn time.Time
}

// Token is one issued access key; only the SHA-256 of the secret token is
// stored.
type Token struct {
	Key       string // the public X-Access-Key
	Hash      []byte // sha256 of the X-Access-Token
	UserID    string
	AppID     string
	DeviceID  string
	CreatedOn time.Time
	// LastUsed is when the token last authenticated a request (at most
	// a minute stale); the token expires Config.TokenTTL after it.
	LastUsed time.Time
	// AppFingerprint identifies the secret of the app the token was
	// issued through (appFingerprint); a rotated secret kills the token.
	AppFingerprint string
}

// Photo is an uploaded or imported image.
type Photo struct {
	ID          string
	UserID      string
	Blob        string // blob key of the original
	ThumbBlob   string // blob key of the JPEG thumbnail
	ContentType string
	Width       int
	Height      int
	Size        int64
	SourceURL   string // the URL it was imported from, if any
	CreatedOn   time.Time
}

// Music is an uploaded audio track.
type Music struct {
	ID          string
	UserID      string
	Blob        string
	ContentType string
	Title       string
	Artist      string
	Duration    float64 // seconds
	Size        int64
	CreatedOn   time.Time
}

// Video statuses, as in the Picovico video object.
const (
	StatusInitial    = "initial"
	StatusProcessing = "processing"
	StatusPublished  = "published"
	StatusFailed     = "failed"
)

// Rendition is one rendered file of a video.
type Rendition struct {
	Blob      string `json:"blob"`
	Size      int64  `json:"size"`
	ThumbBlob string `json:"thumb_blob,omitempty"`
	ThumbSize int64  `json:"thumb_size,omitempty"`
}

// Video is a video project and, once rendered, its renditions.
type Video struct {
	ID         string
	UserID     string
	AppID      string // the app the render was requested through
	Name       string
	Status     string
	Style      string
	Quality    int
	Aspect     string // "" (16:9, Picovico's), "16:9", "9:16", "1:1" or "4:5": reel's extension
	Assets     []engine.Asset
	Credit     []engine.Credit
	Tags       []string
	Duration   float64
	Progress   float64 // 0..100 while processing
	Error      string  // failure reason when Status is failed; on a published video, why the last re-render failed
	Renditions map[int]Rendition
	Preview    *Rendition // the 144p preview, if one was made
	Warnings   []string   // of the last successful render (characters no font has)
	View       int64
	CreatedOn  time.Time
	ModifiedOn time.Time
	// readStatus is Status as last read from or written to the store;
	// UpdateVideo writes only while the stored status still equals it.
	readStatus string
}

// VideoPage selects one page of a user's videos, newest first, by the
// keyset (created_on, id).
type VideoPage struct {
	Count int
	// Before, when set, returns videos strictly older than the cursor
	// (created_on, id) < (Before, BeforeID); BeforeID "" makes it
	// created_on < Before.
	Before   *time.Time
	BeforeID string
	// After, when set, returns the Count videos nearest above the cursor
	// (created_on, id) > (After, AfterID); AfterID "" makes it
	// created_on > After. Results are still newest first.
	After   *time.Time
	AfterID string
}

// Job kinds.
const (
	JobRender  = "render"
	JobPreview = "preview"
)

// Job priorities: Claim takes every queued render before any preview, so
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

// Job is one queued render.
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

// riverAttempts bounds River's attempts of a render or preview job: a
// transient fault (the database or blob store unreachable) is retried
// with River's backoff; a render that fails is failed at once.
const riverAttempts = 5

// defaultCallbackAttempts is Config.CallbackAttempts' default.
const defaultCallbackAttempts = 8

// Store keeps users, tokens, photos, musics, videos, the render queue and
// pending callbacks. Every read of an owned object takes the owner's id and
// returns ErrNotFound for another user's object.
type Store interface {
	CreateUser(ctx context.Context, u *User) error
	UserByID(ctx context.Context, id string) (*User, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	ListUsers(ctx context.Context) ([]*User, error)
	DeleteUser(ctx context.Context, username string) error

	// CreateToken stores t and, in the same transaction, deletes the
	// user's oldest tokens beyond keep live ones (keep <= 0: no cap).
	CreateToken(ctx context.Context, t *Token, keep int) error
	TokenByKey(ctx context.Context, key string) (*Token, error)
	// TouchToken records a use of the token at now (its expiry slides).
	TouchToken(ctx context.Context, key string, now time.Time) error
	// DeleteToken revokes one token; ErrNotFound when there is none.
	DeleteToken(ctx context.Context, key string) error
	// DeleteUserTokens revokes every token of the user and counts them.
	DeleteUserTokens(ctx context.Context, userID string) (int, error)

	CreatePhoto(ctx context.Context, p *Photo) error
	Photo(ctx context.Context, userID, id string) (*Photo, error)
	ListPhotos(ctx context.Context, userID string) ([]*Photo, error)
	DeletePhoto(ctx context.Context, userID, id string) error

	CreateMusic(ctx context.Context, m *Music) error
	Music(ctx context.Context, userID, id string) (*Music, error)
	ListMusics(ctx context.Context, userID string) ([]*Music, error)
	DeleteMusic(ctx context.Context, userID, id string) error
	// MediaByID finds a photo or music by id alone, for public file URLs.
	PhotoByID(ctx context.Context, id string) (*Photo, error)
	MusicByID(ctx context.Context, id string) (*Music, error)

	CreateVideo(ctx context.Context, v *Video) error
	Video(ctx context.Context, userID, id string) (*Video, error)
	VideoByID(ctx context.Context, id string) (*Video, error)
	// LastDraft returns the user's most recent video in status initial.
	LastDraft(ctx context.Context, userID string) (*Video, error)
	// UpdateVideo overwrites v's row, provided its status is still the
	// one v was read with (a render may have been queued or finished
	// meanwhile): ErrConflict otherwise, and nothing is written.
	UpdateVideo(ctx context.Context, v *Video) error
	// DeleteVideo removes the video; its queued or running jobs are
	// marked failed and a render credit they took is refunded, in the
	// same transaction.
	DeleteVideo(ctx context.Context, userID, id string) error
	ListVideos(ctx context.Context, userID string, p VideoPage) ([]*Video, error)
	CountVideos(ctx context.Context, userID string) (int, error)
	// SetProgress records render progress (0..100) of a processing video.
	SetProgress(ctx context.Context, id string, progress float64) error
	// AddView counts one view of a published video.
	AddView(ctx context.Context, id string) error

	// Enqueue queues one job, exactly once, in one transaction:
	//
	// A render moves the video from any status but processing to
	// processing (a guarded transition), takes one credit from a user
	// with limited credits (ErrNoCredits when none are left) and inserts
	// the job; a video already processing is ErrAlreadyQueued, with the
	// active job and nothing charged. At most one render job per video
	// is queued or running (the store enforces it with a unique index, so
	// the guarantee holds even for a caller that skips the transition).
	//
	// A preview takes no credit and leaves the status alone; a request
	// while a preview of the video is still queued joins it
	// (ErrAlreadyQueued with that job).
	//
	// A new job beyond req.MaxQueued queued jobs of the user is
	// ErrQueueFull. Errors are checked in that order: already queued,
	// queue full, no credits.
	Enqueue(ctx context.Context, req JobRequest) (*Job, error)
	// StartJob marks the ledger job running for one more attempt
	// (Attempts counts them) and returns it; ErrNotFound when it is
	// already finished (done, failed, its video deleted) or missing.
	StartJob(ctx context.Context, jobID int64) (*Job, error)
	// Finish marks a job done, or failed (failure non-empty); a failed
	// render job gives back the credit it took, in the same transaction
	// and at most once (a failure racing a delete refunds one credit).
	// A non-nil cb is queued in that transaction too, so a finished job
	// has its callback exactly once.
	Finish(ctx context.Context, jobID int64, failure string, cb *CallbackRequest) error
	// QueueDepth counts queued and running jobs.
	QueueDepth(ctx context.Context) (queued, running int, err error)

	// EnqueueCallback queues one callback delivery.
	EnqueueCallback(ctx context.Context, cb CallbackRequest) error

	// StartQueue starts this process's part of the River queue: its
	// workers (none for an API-only process), its heartbeat in the
	// liveness table and the rescue of jobs whose process stopped
	// heartbeating. stop drains: running jobs finish until its ctx ends,
	// then they are cancelled and put back for another worker.
	StartQueue(ctx context.Context, r JobRunner, o QueueOptions) (stop func(context.Context) error, err error)
	// QueueStats counts River's unfinished jobs and the processes seen
	// since liveSince.
	QueueStats(ctx context.Context, liveSince time.Time) (QueueStats, error)

	// CreateSegments splits render job into count frame ranges of each
	// quality: one queued row per (quality, index) and, in the same
	// transaction, one River job of the segment queue per row, inserted
	// in the order given (the largest renditions first, so the longest
	// parts start first). Rows the job already has are an error
	// (DeleteSegments first).
	CreateSegments(ctx context.Context, job *Job, units []SegmentKey, count int, now time.Time) error
	// ClaimSegment moves one queued segment to running for process by
	// under token (its Blob is then segmentBlob(job, quality, index,
	// token)); ErrNotFound when it is not queued (claimed, done, gone).
	ClaimSegment(ctx context.Context, key SegmentKey, jobID int64, by, token string) (*Segment, error)
	// ClaimNextSegment claims the job's queued segment of the highest
	// quality and lowest index; ErrNotFound when none is queued.
	ClaimNextSegment(ctx context.Context, jobID int64, by, token string) (*Segment, error)
	// ReclaimSegment takes over one running segment of the job whose
	// claimant was not seen in the liveness table since staleBefore (or
	// never), for by under token; it returns the segment as now claimed
	// and the blob key the old claimant may have written (the caller
	// deletes it). ErrNotFound when no segment is stale.
	ReclaimSegment(ctx context.Context, jobID int64, by, token string, staleBefore time.Time) (seg *Segment, oldBlob string, err error)
	// FinishSegment marks a running segment done with its size, only
	// while token still holds it; ErrNotFound otherwise (the claim was
	// taken over or the rows deleted: the caller deletes its blob).
	FinishSegment(ctx context.Context, key SegmentKey, jobID int64, token string, size int64) error
	// ReleaseSegment puts a running segment held by token back in the
	// queue (its claimant failed or is stopping); ErrNotFound when token
	// no longer holds it.
	ReleaseSegment(ctx context.Context, key SegmentKey, jobID int64, token string) error
	// Segments lists the job's segments by quality, then index.
	Segments(ctx context.Context, jobID int64) ([]Segment, error)
	// DeleteSegments removes every segment row of the job and returns
	// the blob keys their claimants wrote or may have written.
	DeleteSegments(ctx context.Context, jobID int64) ([]string, error)
	// RenderSlots sums the concurrent renders of the processes seen
	// since liveSince (Process.Renders).
	RenderSlots(ctx context.Context, liveSince time.Time) (int, error)

	Close() error
}

// ErrNoCredits is returned by Enqueue when the user has no render credits.
var ErrNoCredits = errors.New("insufficient credits")

// ErrAlreadyQueued is returned by Enqueue, with the active job, when the
// request is a duplicate: the video's render is already queued or running,
// or its preview is still queued.
var ErrAlreadyQueued = errors.New("a job for this video is already queued")

// ErrQueueFull is returned by Enqueue when the user already has
// JobRequest.MaxQueued jobs waiting.
var ErrQueueFull = errors.New("too many queued jobs")
