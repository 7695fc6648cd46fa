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
	// SHA256 is the hex SHA-256 of the original's bytes: a user's
	// identical uploads are stored once ("" for photos from before).
	SHA256    string
	CreatedOn time.Time
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
	// SHA256 is the hex SHA-256 of the track's bytes (see Photo.SHA256).
	SHA256    string
	CreatedOn time.Time
}
