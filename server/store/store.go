package store

import (
	"context"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

// Users keeps accounts.
type Users interface {
	// CreateUser inserts u; model.ErrConflict when the username is taken.
	CreateUser(ctx context.Context, u *model.User) error
	UserByID(ctx context.Context, id string) (*model.User, error)
	UserByUsername(ctx context.Context, username string) (*model.User, error)
	// ListUsers returns every user, oldest first.
	ListUsers(ctx context.Context) ([]*model.User, error)
	// DeleteUser removes a user with its tokens and objects (blobs are
	// left for the caller to remove).
	DeleteUser(ctx context.Context, username string) error
	// SetQuota sets the user's storage quota in bytes (nil: the
	// server's default); model.ErrNotFound when there is no such user.
	SetQuota(ctx context.Context, username string, quota *int64) error
	// StorageUsed is the bytes of the user's photos, musics and clips.
	StorageUsed(ctx context.Context, userID string) (int64, error)
}

// Tokens keeps issued access keys.
type Tokens interface {
	// CreateToken stores t and, in the same transaction, deletes the
	// user's oldest tokens beyond keep live ones (keep <= 0: no cap).
	CreateToken(ctx context.Context, t *model.Token, keep int) error
	TokenByKey(ctx context.Context, key string) (*model.Token, error)
	// TouchToken records a use of the token at now (its expiry slides).
	TouchToken(ctx context.Context, key string, now time.Time) error
	// DeleteToken revokes one token; model.ErrNotFound when there is none.
	DeleteToken(ctx context.Context, key string) error
	// DeleteUserTokens revokes every token of the user and counts them.
	DeleteUserTokens(ctx context.Context, userID string) (int, error)
}

// Media keeps uploaded photos, musics and video clips.
type Media interface {
	// CreatePhoto stores p in one transaction that locks its user, so
	// concurrent uploads are counted one after another: when the user
	// already has a photo of the same content (p.SHA256, if set) it
	// returns that one and stores nothing; when the user's photos,
	// musics and clips plus p.Size would pass the user's quota
	// (User.Quota, else quota; <= 0: no limit) it is a
	// *model.QuotaError; otherwise it inserts p and returns it.
	CreatePhoto(ctx context.Context, p *model.Photo, quota int64) (*model.Photo, error)
	Photo(ctx context.Context, userID, id string) (*model.Photo, error)
	// ListPhotos returns the user's photos, newest first.
	ListPhotos(ctx context.Context, userID string) ([]*model.Photo, error)
	DeletePhoto(ctx context.Context, userID, id string) error

	// CreateMusic stores m as CreatePhoto stores a photo.
	CreateMusic(ctx context.Context, m *model.Music, quota int64) (*model.Music, error)
	Music(ctx context.Context, userID, id string) (*model.Music, error)
	// ListMusics returns the user's musics, newest first.
	ListMusics(ctx context.Context, userID string) ([]*model.Music, error)
	DeleteMusic(ctx context.Context, userID, id string) error

	// CreateClip stores c as CreatePhoto stores a photo (the same
	// quota, counting photos, musics and clips together).
	CreateClip(ctx context.Context, c *model.Clip, quota int64) (*model.Clip, error)
	Clip(ctx context.Context, userID, id string) (*model.Clip, error)
	// ListClips returns the user's clips, newest first.
	ListClips(ctx context.Context, userID string) ([]*model.Clip, error)
	DeleteClip(ctx context.Context, userID, id string) error

	// PhotoByID, MusicByID and ClipByID find a photo, music or clip by
	// id alone, for public file URLs.
	PhotoByID(ctx context.Context, id string) (*model.Photo, error)
	MusicByID(ctx context.Context, id string) (*model.Music, error)
	ClipByID(ctx context.Context, id string) (*model.Clip, error)
}

// Videos keeps video projects and their renditions.
type Videos interface {
	CreateVideo(ctx context.Context, v *model.Video) error
	Video(ctx context.Context, userID, id string) (*model.Video, error)
	VideoByID(ctx context.Context, id string) (*model.Video, error)
	// LastDraft returns the user's most recent video in status initial.
	LastDraft(ctx context.Context, userID string) (*model.Video, error)
	// UpdateVideo overwrites v's row, provided its status is still the
	// one v was read with (a render may have been queued or finished
	// meanwhile): model.ErrConflict otherwise, and nothing is written. A
	// video never read from the store is written unguarded.
	UpdateVideo(ctx context.Context, v *model.Video) error
	// DeleteVideo removes the video; its queued or running jobs are
	// marked failed and a render credit they took is refunded, in the
	// same transaction.
	DeleteVideo(ctx context.Context, userID, id string) error
	// ListVideos returns one page of the user's videos, newest first.
	ListVideos(ctx context.Context, userID string, p model.VideoPage) ([]*model.Video, error)
	CountVideos(ctx context.Context, userID string) (int, error)
	// SetProgress records render progress (0..100) of a processing video.
	SetProgress(ctx context.Context, id string, progress float64) error
	// AddView counts one view of a published video.
	AddView(ctx context.Context, id string) error
}

// Ledger keeps render and preview jobs with the credits they hold, and
// queues callbacks.
type Ledger interface {
	// Enqueue queues one job, exactly once, in one transaction:
	//
	// A render moves the video from any status but processing to
	// processing (a guarded transition), takes one credit from a user
	// with limited credits (model.ErrNoCredits when none are left) and
	// inserts the job with its River job; a video already processing is
	// model.ErrAlreadyQueued, with the active job and nothing charged.
	// At most one render job per video is queued or running (a unique
	// index enforces it, so the guarantee holds even for a caller that
	// skips the transition).
	//
	// A preview takes no credit and leaves the status alone; a request
	// while a preview of the video is still queued joins it
	// (model.ErrAlreadyQueued with that job).
	//
	// A new job beyond req.MaxQueued queued jobs of the user is
	// model.ErrQueueFull. Errors are checked in that order: already
	// queued, queue full, no credits.
	Enqueue(ctx context.Context, req model.JobRequest) (*model.Job, error)
	// StartJob marks the ledger job running for one more attempt
	// (Attempts counts them) and returns it; model.ErrNotFound when it
	// is already finished (done, failed, its video deleted) or missing.
	StartJob(ctx context.Context, jobID int64) (*model.Job, error)
	// Finish marks a job done, or failed (failure non-empty); a failed
	// render job gives back the credit it took, in the same transaction
	// and at most once (a failure racing a delete refunds one credit).
	// A non-nil cb is queued in that transaction too, so a finished job
	// has its callback exactly once.
	Finish(ctx context.Context, jobID int64, failure string, cb *model.CallbackRequest) error
	// QueueDepth counts queued and running jobs.
	QueueDepth(ctx context.Context) (queued, running int, err error)
	// EnqueueCallback queues one callback delivery.
	EnqueueCallback(ctx context.Context, cb model.CallbackRequest) error
}

// Queue runs this process's part of the job queue.
type Queue interface {
	// StartQueue starts this process's part of the River queue: its
	// workers (none for an API-only process), its heartbeat in the
	// liveness table and the rescue of jobs whose process stopped
	// heartbeating. stop drains: running jobs finish until its ctx
	// ends, then they are cancelled and put back for another worker.
	StartQueue(ctx context.Context, r queue.JobRunner, o queue.Options) (stop func(context.Context) error, err error)
	// QueueStats counts River's unfinished jobs and the processes seen
	// since liveSince.
	QueueStats(ctx context.Context, liveSince time.Time) (model.QueueStats, error)
	// RenderSlots sums the concurrent renders of the processes seen
	// since liveSince (model.Process.Renders).
	RenderSlots(ctx context.Context, liveSince time.Time) (int, error)
}

// Segments keeps the parts of split renders.
type Segments interface {
	// CreateSegments splits render job into count frame ranges of each
	// quality: one queued row per (quality, index) and, in the same
	// transaction, one River job of the segment queue per row, inserted
	// in the order given (the largest renditions first, so the longest
	// parts start first). Rows the job already has are an error
	// (DeleteSegments first).
	CreateSegments(ctx context.Context, job *model.Job, units []model.SegmentKey, count int, now time.Time) error
	// ClaimSegment moves one queued segment to running for process by
	// under token (its Blob is then model.SegmentBlob(job, key,
	// token)); model.ErrNotFound when it is not queued (claimed, done,
	// gone).
	ClaimSegment(ctx context.Context, key model.SegmentKey, jobID int64, by, token string) (*model.Segment, error)
	// ClaimNextSegment claims the job's queued segment of the highest
	// quality and lowest index; model.ErrNotFound when none is queued.
	ClaimNextSegment(ctx context.Context, jobID int64, by, token string) (*model.Segment, error)
	// ReclaimSegment takes over one running segment of the job whose
	// claimant was not seen in the liveness table since staleBefore (or
	// never), for by under token; it returns the segment as now claimed
	// and the blob key the old claimant may have written (the caller
	// deletes it). model.ErrNotFound when no segment is stale.
	ReclaimSegment(ctx context.Context, jobID int64, by, token string, staleBefore time.Time) (seg *model.Segment, oldBlob string, err error)
	// FinishSegment marks a running segment done with its size, only
	// while token still holds it; model.ErrNotFound otherwise (the claim
	// was taken over or the rows deleted: the caller deletes its blob).
	FinishSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string, size int64) error
	// ReleaseSegment puts a running segment held by token back in the
	// queue (its claimant failed or is stopping); model.ErrNotFound when
	// token no longer holds it.
	ReleaseSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string) error
	// Segments lists the job's segments by quality, then index.
	Segments(ctx context.Context, jobID int64) ([]model.Segment, error)
	// DeleteSegments removes every segment row of the job and returns
	// the blob keys their claimants wrote or may have written.
	DeleteSegments(ctx context.Context, jobID int64) ([]string, error)
}

// RateBuckets keeps the request rate limit's token buckets where every
// process of a deployment shares them (auth.TokenBuckets).
type RateBuckets interface {
	// TakeToken refills key's bucket at rate tokens a second up to
	// burst and takes one token, atomically; false when none was left.
	TakeToken(ctx context.Context, key string, rate, burst float64, now time.Time) (bool, error)
	// PruneBuckets forgets buckets untouched since before.
	PruneBuckets(ctx context.Context, before time.Time) error
}

// LoginCounts keeps login attempt counts where every process of a
// deployment shares them (auth.LoginCounts).
type LoginCounts interface {
	// AdmitLogin counts one attempt for every key, atomically, unless
	// one of them may not try before a later time: then it returns the
	// longest wait and counts nothing. next sets a key's earliest next
	// attempt from its count.
	AdmitLogin(ctx context.Context, keys []string, now time.Time, next func(attempts int, now time.Time) time.Time) (time.Duration, error)
	// ClearLogins forgets the keys' counts.
	ClearLogins(ctx context.Context, keys []string) error
	// PruneLogins forgets the counts of keys last tried before before.
	PruneLogins(ctx context.Context, before time.Time) error
}

// Store is everything reeld keeps, as one database backend provides it.
type Store interface {
	Users
	Tokens
	Media
	Videos
	Ledger
	Queue
	Segments
	RateBuckets
	LoginCounts
	Close() error
}
