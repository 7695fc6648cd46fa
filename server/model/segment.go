package model

import (
	"fmt"
	"strconv"
)

// Segment states: queued until a process claims it, running while the
// claimant renders it, done once its file is in the blob store (or, for
// the coordinator's own segments, on its local disk).
const (
	SegmentQueued  = "queued"
	SegmentRunning = "running"
	SegmentDone    = "done"
)

// SegmentKey names one segment of a split render: the rendition and the
// segment's index among the job's count frame ranges.
type SegmentKey struct {
	Quality, Index int
}

// Segment is one row of the segments table: part of a render job split
// across workers.
type Segment struct {
	JobID int64
	SegmentKey
	Count int
	State string
	// ClaimedBy is the process rendering it (its liveness row), Token
	// the claim (a retaken claim has a new one) and Blob where the
	// claimant uploads the segment file.
	ClaimedBy, Token, Blob string
	Size                   int64
}

// SegmentBlob is the blob key of a claim's segment file: per claim, so a
// claimant that was given up on and still uploads never overwrites the
// segment of the one that took over.
func SegmentBlob(jobID int64, key SegmentKey, token string) string {
	return "segments/" + strconv.FormatInt(jobID, 10) + "/" + fmt.Sprintf("%d-%d-%s.seg", key.Quality, key.Index, token)
}
