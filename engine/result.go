package engine

import "time"

// Result describes a finished render.
type Result struct {
	// Frames and Duration are the video's length (the same for every
	// rendition); FrameRate its rate.
	Frames    int
	Duration  float64
	FrameRate Rational
	// Renditions are the files written, smallest first.
	Renditions []Rendition
	// Stats splits the render's time between its stages.
	Stats Stats
	// Warnings are problems the user should see that did not stop the
	// render: one line per script whose characters no font has (they are
	// drawn as hollow boxes).
	Warnings []string
}

// Rendition is one output file and its thumbnail.
type Rendition struct {
	Quality       Quality
	Width, Height int
	// Path and Thumbnail are where the MP4 and its JPEG thumbnail were
	// written; Size is the MP4's size in bytes.
	Path      string
	Thumbnail string
	Size      int64
}

// Stats is where a render spent its time. Decode and Compose add up the
// work of parallel goroutines, so they can exceed Wall.
type Stats struct {
	Wall    time.Duration // Render's whole run
	Audio   time.Duration // music decode, mix and AAC encode
	Decode  time.Duration // photo decoding and pre-scaling
	Compose time.Duration // drawing frames (all renditions, all workers)
	Encode  time.Duration // x264 (WriteFrame calls, all renditions)
	Mux     time.Duration // finishing the MP4 files (flush, moov, rename) and thumbnails
	// Composed and Repeated count frames drawn and frames reused unchanged
	// from the previous one (static frames are not recomposed).
	Composed, Repeated int
	// PeakPhotos is the most photo slides held in memory at once (decoded
	// or cached as a canvas); it stays small whatever the photo count.
	PeakPhotos int
}
