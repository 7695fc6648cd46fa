package render

import (
	"testing"

	"github.com/reelkit/reel/server/model"
)

// TestPublishedBy: a job published its video when the video serves files
// under the job's prefix — a render only while the video is published,
// a preview whatever the status — and not when they are another job's.
func TestPublishedBy(t *testing.T) {
	render := &model.Job{ID: 7, VideoID: "v1", Kind: model.JobRender}
	preview := &model.Job{ID: 8, VideoID: "v1", Kind: model.JobPreview}
	if p := jobBlobPrefix(render); p != "videos/v1/7-" {
		t.Fatalf("prefix %q", p)
	}
	mine := map[int]model.Rendition{360: {Blob: "videos/v1/7-360.mp4"}}
	other := map[int]model.Rendition{360: {Blob: "videos/v1/70-360.mp4"}}
	for _, c := range []struct {
		name string
		job  *model.Job
		v    model.Video
		want bool
	}{
		{"render published", render, model.Video{Status: model.StatusPublished, Renditions: mine}, true},
		{"render, video processing again", render, model.Video{Status: model.StatusProcessing, Renditions: mine}, false},
		{"another job's files", render, model.Video{Status: model.StatusPublished, Renditions: other}, false},
		{"preview", preview, model.Video{Status: model.StatusProcessing, Preview: &model.Rendition{Blob: "videos/v1/8-144.mp4"}}, true},
		{"no preview", preview, model.Video{Status: model.StatusPublished, Renditions: mine}, false},
	} {
		if got := publishedBy(&c.v, c.job); got != c.want {
			t.Errorf("%s: publishedBy %v, want %v", c.name, got, c.want)
		}
	}
}

// TestNewNeedsItsStores: a Worker without its store, blobs or assets is
// refused.
func TestNewNeedsItsStores(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New(Config{}) succeeded")
	}
}
