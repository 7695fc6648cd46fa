package callback

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

type links struct{}

func (links) Video(v *model.Video, q int) string     { return "v/" + v.ID + "/" + strconv.Itoa(q) }
func (links) Thumbnail(v *model.Video, q int) string { return "t/" + v.ID + "/" + strconv.Itoa(q) }

// decode returns a decoder of Body's results that fails t on an error.
func decode(t *testing.T) func([]byte, error) Message {
	return func(b []byte, err error) Message {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var m Message
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
}

// TestBodyListsRenditionsByQuality: a finished render's callback lists
// every rendition, smallest first, each with its URL, size and thumbnail.
func TestBodyListsRenditionsByQuality(t *testing.T) {
	v := &model.Video{ID: "x", Renditions: map[int]model.Rendition{
		720: {Size: 7, ThumbBlob: "t7", ThumbSize: 70}, 360: {Size: 3, ThumbBlob: "t3", ThumbSize: 30}}}
	m := decode(t)(Body(v, model.JobRender, "", "app", time.Unix(99, 0), links{}))
	if m.Type != "video.created" || m.Status != 200 || m.Created != 99 || m.Data.Meta.AppID != "app" || m.Data.Object.ID != "x" {
		t.Fatalf("header %+v", m)
	}
	got := m.Data.Object.Video
	if len(got) != 2 || got[0].Quality != 360 || got[0].URL != "v/x/360" || got[0].Size != 3 ||
		got[0].Thumbnail == nil || got[0].Thumbnail.URL != "t/x/360" || got[0].Thumbnail.Size != 30 || got[1].Quality != 720 {
		t.Fatalf("renditions %+v", got)
	}
}

// TestBodyPreviewAndFailure: a preview's callback names the 144p preview
// without a thumbnail; a failure carries its reason and no files.
func TestBodyPreviewAndFailure(t *testing.T) {
	v := &model.Video{ID: "x", Preview: &model.Rendition{Size: 5}}
	m := decode(t)(Body(v, model.JobPreview, "", "app", time.Unix(1, 0), links{}))
	if m.Type != "video.preview.created" || len(m.Data.Object.Video) != 1 || m.Data.Object.Video[0].Quality != 144 || m.Data.Object.Video[0].Thumbnail != nil {
		t.Fatalf("preview %+v", m)
	}
	m = decode(t)(Body(v, model.JobPreview, "no music", "app", time.Unix(1, 0), links{}))
	if m.Type != "video.preview.failed" || m.Status != 500 || m.Data.Meta.Msg != "no music" || len(m.Data.Object.Video) != 0 {
		t.Fatalf("failure %+v", m)
	}
	m = decode(t)(Body(v, model.JobRender, "boom", "app", time.Unix(1, 0), links{}))
	if m.Type != "video.failed" {
		t.Fatalf("render failure type %q", m.Type)
	}
}

// TestSenderSharesSlotsPerURL: with 4 slots one URL gets 2 deliveries at
// once; a third is queue.ErrBusy while another URL is still served; a
// receiver's error status is an error, and retries double.
func TestSenderSharesSlotsPerURL(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 4)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	defer slow.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	defer bad.Close()
	s := NewSender(4, time.Second, nil)
	var oks, fails atomic.Int32
	s.Delivered = func(ok bool) {
		if ok {
			oks.Add(1)
		} else {
			fails.Add(1)
		}
	}
	done := make(chan error, 2)
	for range 2 {
		go func() { done <- s.Deliver(context.Background(), slow.URL, []byte(`{}`), 1, 8) }()
	}
	<-entered
	<-entered
	if err := s.Deliver(context.Background(), slow.URL, []byte(`{}`), 1, 8); !errors.Is(err, queue.ErrBusy) {
		t.Fatalf("third delivery to a busy URL: %v, want ErrBusy", err)
	}
	if err := s.Deliver(context.Background(), bad.URL, []byte(`{}`), 1, 8); err == nil {
		t.Fatal("503 answer delivered without error")
	}
	close(release)
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if oks.Load() != 2 || fails.Load() != 1 {
		t.Fatalf("observed %d ok, %d failed; want 2 and 1", oks.Load(), fails.Load())
	}
	if s.Retry(1) != time.Second || s.Retry(3) != 4*time.Second {
		t.Fatalf("retries %v %v, want 1s and 4s", s.Retry(1), s.Retry(3))
	}
}
