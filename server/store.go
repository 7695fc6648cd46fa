package server

import (
	"context"
	"time"

	"github.com/reelkit/reel/server/model"
)

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
	CreateUser(ctx context.Context, u *model.User) error
	UserByID(ctx context.Context, id string) (*model.User, error)
	UserByUsername(ctx context.Context, username string) (*model.User, error)
	ListUsers(ctx context.Context) ([]*model.User, error)
	DeleteUser(ctx context.Context, username string) error

	// CreateToken stores t and, in the same transaction, deletes the
	// user's oldest tokens beyond keep live ones (keep <= 0: no cap).
	CreateToken(ctx context.Context, t *model.Token, keep int) error
	TokenByKey(ctx context.Context, key string) (*model.Token, error)
	// TouchToken records a use of the token at now (its expiry slides).
	TouchToken(ctx context.Context, key string, now time.Time) error
	// DeleteToken revokes one token; ErrNotFound when there is none.
	DeleteToken(ctx context.Context, key string) error
	// DeleteUserTokens revokes every token of the user and counts them.
	DeleteUserTokens(ctx context.Context, userID string) (int, error)

	CreatePhoto(ctx context.Context, p *model.Photo) error
	Photo(ctx context.Context, userID, id string) (*model.Photo, error)
	ListPhotos(ctx context.Context, userID string) ([]*model.Photo, error)
	DeletePhoto(ctx context.Context, userID, id string) error

	CreateMusic(ctx context.Context, m *model.Music) error
	Music(ctx context.Context, userID, id string) (*model.Music, error)
	ListMusics(ctx context.Context, userID string) ([]*model.Music, error)
	DeleteMusic(ctx context.Context, userID, id string) error
	// MediaByID finds a photo or music by id alone, for public file URLs.
	PhotoByID(ctx context.Context, id string) (*model.Photo, error)
	MusicByID(ctx context.Context, id string) (*model.Music, error)

	CreateVideo(ctx context.Context, v *model.Video) error
	Video(ctx context.Context, userID, id string) (*model.Video, error)
	VideoByID(ctx context.Context, id string) (*model.Video, error)
	// LastDraft returns the user's most recent video in status initial.
	LastDraft(ctx context.Context, userID string) (*model.Video, error)
	// UpdateVideo overwrites v's row, provided its status is still the
	// one v was read with (a render may have been queued or finished
	// meanwhile): ErrConflict otherwise, and nothing is written.
	UpdateVideo(ctx context.Context, v *model.Video) error
	// DeleteVideo removes the video; its queued or running jobs are
	// marked failed and a render credit they took is refunded, in the
	// same transaction.
	DeleteVideo(ctx context.Context, userID, id string) error
	ListVideos(ctx context.Context, userID string, p model.VideoPage) ([]*model.Video, error)
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
	Enqueue(ctx context.Context, req model.JobRequest) (*model.Job, error)
	// StartJob marks the ledger job running for one more attempt
	// (Attempts counts them) and returns it; ErrNotFound when it is
	// already finished (done, failed, its video deleted) or missing.
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

	// StartQueue starts this process's part of the River queue: its
	// workers (none for an API-only process), its heartbeat in the
	// liveness table and the rescue of jobs whose process stopped
	// heartbeating. stop drains: running jobs finish until its ctx ends,
	// then they are cancelled and put back for another worker.
	StartQueue(ctx context.Context, r JobRunner, o QueueOptions) (stop func(context.Context) error, err error)
	// QueueStats counts River's unfinished jobs and the processes seen
	// since liveSince.
	QueueStats(ctx context.Context, liveSince time.Time) (model.QueueStats, error)

	// CreateSegments splits render job into count frame ranges of each
	// quality: one queued row per (quality, index) and, in the same
	// transaction, one River job of the segment queue per row, inserted
	// in the order given (the largest renditions first, so the longest
	// parts start first). Rows the job already has are an error
	// (DeleteSegments first).
	CreateSegments(ctx context.Context, job *model.Job, units []model.SegmentKey, count int, now time.Time) error
	// ClaimSegment moves one queued segment to running for process by
	// under token (its Blob is then model.SegmentBlob(job, quality, index,
	// token)); ErrNotFound when it is not queued (claimed, done, gone).
	ClaimSegment(ctx context.Context, key model.SegmentKey, jobID int64, by, token string) (*model.Segment, error)
	// ClaimNextSegment claims the job's queued segment of the highest
	// quality and lowest index; ErrNotFound when none is queued.
	ClaimNextSegment(ctx context.Context, jobID int64, by, token string) (*model.Segment, error)
	// ReclaimSegment takes over one running segment of the job whose
	// claimant was not seen in the liveness table since staleBefore (or
	// never), for by under token; it returns the segment as now claimed
	// and the blob key the old claimant may have written (the caller
	// deletes it). ErrNotFound when no segment is stale.
	ReclaimSegment(ctx context.Context, jobID int64, by, token string, staleBefore time.Time) (seg *model.Segment, oldBlob string, err error)
	// FinishSegment marks a running segment done with its size, only
	// while token still holds it; ErrNotFound otherwise (the claim was
	// taken over or the rows deleted: the caller deletes its blob).
	FinishSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string, size int64) error
	// ReleaseSegment puts a running segment held by token back in the
	// queue (its claimant failed or is stopping); ErrNotFound when token
	// no longer holds it.
	ReleaseSegment(ctx context.Context, key model.SegmentKey, jobID int64, token string) error
	// Segments lists the job's segments by quality, then index.
	Segments(ctx context.Context, jobID int64) ([]model.Segment, error)
	// DeleteSegments removes every segment row of the job and returns
	// the blob keys their claimants wrote or may have written.
	DeleteSegments(ctx context.Context, jobID int64) ([]string, error)
	// RenderSlots sums the concurrent renders of the processes seen
	// since liveSince (Process.Renders).
	RenderSlots(ctx context.Context, liveSince time.Time) (int, error)

	Close() error
}
