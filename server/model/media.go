package model

import "time"

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
