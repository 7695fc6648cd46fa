package server

// queueSegment is the River queue of split renders' segments; kindSegment
// its job kind.
const (
	queueSegment = "segment"
	kindSegment  = "segment"
)

// segmentArgs is a segment job's River arguments. The row in segments is
// the truth: a River job whose row is claimed, done or gone does nothing.
type segmentArgs struct {
	JobID   int64  `json:"job_id"`
	VideoID string `json:"video_id"`
	Quality int    `json:"quality"`
	Index   int    `json:"index"`
	Count   int    `json:"count"`
}

// Kind is the River job kind.
func (segmentArgs) Kind() string { return kindSegment }
