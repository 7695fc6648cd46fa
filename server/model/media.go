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

// Clip is an uploaded or imported video clip (MP4, MOV, GIF or animated
// WebP), probed at upload; a video's "video" assets name clips.
type Clip struct {
	ID          string
	UserID      string
	Blob        string // blob key of the original file
	PosterBlob  string // blob key of the JPEG of its first frame
	ContentType string // video/mp4, video/quicktime, image/gif, image/webp
	Codec       string // h264, hevc, gif, webp
	// Width and Height are the displayed size, after Rotation.
	Width, Height int
	Rotation      int     // 0, 90, 180 or 270: clockwise, applied for display
	Duration      float64 // seconds
	FPS           float64 // average frames per second
	HasAudio      bool
	Size          int64
	SourceURL     string // the URL it was imported from, if any
	// SHA256 is the hex SHA-256 of the file's bytes (see Photo.SHA256).
	SHA256    string
	CreatedOn time.Time
}
