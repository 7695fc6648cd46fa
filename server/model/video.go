package model

import (
	"time"

	"github.com/reelkit/reel/engine"
)

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
	// storedStatus is Status as last read from or written to the store;
	// UpdateVideo writes only while the stored status still equals it.
	storedStatus string
}

// MarkStored records that v's Status is what the store holds now. A store
// calls it after reading or writing the row; UpdateVideo then refuses to
// overwrite a row whose status has moved on since.
func (v *Video) MarkStored() { v.storedStatus = v.Status }

// StoredStatus is the status v was last read with or written as, "" for a
// video never stored (UpdateVideo then writes unguarded).
func (v *Video) StoredStatus() string { return v.storedStatus }

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
