package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/queue"
)

// callbackBody is Picovico's callback JSON.
type callbackBody struct {
	Type    string       `json:"type"`
	Created int64        `json:"created"`
	Status  int          `json:"status"`
	Data    callbackData `json:"data"`
}

type callbackData struct {
	Object callbackObject `json:"object"`
	Meta   callbackMeta   `json:"meta"`
}

type callbackObject struct {
	ID    string          `json:"id"`
	Video []callbackVideo `json:"video"`
}

type callbackVideo struct {
	Quality   int            `json:"quality"`
	URL       string         `json:"url"`
	Size      int64          `json:"size"`
	Thumbnail *callbackThumb `json:"thumbnail,omitempty"`
}

type callbackThumb struct {
	URL  string `json:"url"`
	Size int64  `json:"size"`
}

type callbackMeta struct {
	Msg   string `json:"msg"`
	AppID string `json:"app_id"`
}

// callbackFor is the app's callback for a finished job of v (failure ""
// means success), or nil when the app has no callback URL. The caller
// queues it in the transaction that finishes the job.
func (s *Server) callbackFor(v *model.Video, kind, failure string) *model.CallbackRequest {
	var app *App
	for i := range s.cfg.Apps {
		if s.cfg.Apps[i].ID == v.AppID {
			app = &s.cfg.Apps[i]
		}
	}
	if app == nil || app.CallbackURL == "" {
		return nil
	}
	typ, status, msg := "video.created", 200, "Video successfully created"
	if kind == model.JobPreview {
		typ, msg = "video.preview.created", "Preview successfully created"
	}
	if failure != "" {
		typ, status, msg = "video.failed", 500, failure
		if kind == model.JobPreview {
			typ = "video.preview.failed"
		}
	}
	body := callbackBody{Type: typ, Created: s.now().Unix(), Status: status,
		Data: callbackData{Object: callbackObject{ID: v.ID, Video: []callbackVideo{}}, Meta: callbackMeta{Msg: msg, AppID: app.ID}}}
	if failure == "" {
		base := s.baseURL(nil)
		name := slug(v.Name)
		add := func(q int, rd model.Rendition, thumb bool) {
			cv := callbackVideo{Quality: q, URL: fmt.Sprintf("%s/v/%s/%s.mp4?quality=%d", base, v.ID, name, q), Size: rd.Size}
			if thumb && rd.ThumbBlob != "" {
				cv.Thumbnail = &callbackThumb{URL: fmt.Sprintf("%s/t/%s/%d.jpg", base, v.ID, q), Size: rd.ThumbSize}
			}
			body.Data.Object.Video = append(body.Data.Object.Video, cv)
		}
		if kind == model.JobPreview && v.Preview != nil {
			add(144, *v.Preview, false)
		} else {
			qs := make([]int, 0, len(v.Renditions))
			for q := range v.Renditions {
				qs = append(qs, q)
			}
			sort.Ints(qs)
			for _, q := range qs {
				add(q, v.Renditions[q], true)
			}
		}
	}
	b, err := json.Marshal(body)
	if err != nil {
		s.log.Error("callback body", "video", v.ID, "err", err)
		return nil
	}
	return &model.CallbackRequest{URL: app.CallbackURL, Body: b, Attempts: s.cfg.CallbackAttempts}
}

// callbackTimeout bounds one delivery.
const callbackTimeout = 15 * time.Second

// DeliverCallback posts one callback (JobRunner). One URL gets at most
// half of the CallbackConcurrency deliveries (at least one), so a slow
// receiver does not hold up callbacks to the others.
func (s *Server) DeliverCallback(ctx context.Context, url string, body []byte, attempt, maxAttempts int) error {
	perURL := max(1, s.cfg.CallbackConcurrency/2)
	s.mu.Lock()
	if s.callbacksInFlight[url] >= perURL {
		s.mu.Unlock()
		return queue.ErrBusy
	}
	s.callbacksInFlight[url]++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.callbacksInFlight[url]--; s.callbacksInFlight[url] == 0 {
			delete(s.callbacksInFlight, url)
		}
		s.mu.Unlock()
	}()
	err := post(ctx, s.callbackClient, url, body)
	if err == nil {
		s.metrics.callbacksOK.Add(1)
		return nil
	}
	if ctx.Err() != nil {
		return queue.ErrInterrupted
	}
	s.metrics.callbacksErr.Add(1)
	s.log.Warn("callback failed", "url", url, "attempt", attempt, "err", err, "gave_up", attempt >= maxAttempts)
	return err
}

// CallbackRetry is the delay before delivery attempt+1 (JobRunner):
// CallbackBackoff, doubled per attempt.
func (s *Server) CallbackRetry(attempt int) time.Duration {
	return s.cfg.CallbackBackoff << min(max(attempt-1, 0), 16)
}

func post(ctx context.Context, client *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}
