package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"
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

// callback queues the app's callback for a finished render (failure ""
// means success).
func (s *Server) callback(ctx context.Context, v *Video, kind, failure string) {
	var app *App
	for i := range s.cfg.Apps {
		if s.cfg.Apps[i].ID == v.AppID {
			app = &s.cfg.Apps[i]
		}
	}
	if app == nil || app.CallbackURL == "" {
		return
	}
	typ, status, msg := "video.created", 200, "Video successfully created"
	if kind == JobPreview {
		typ, msg = "video.preview.created", "Preview successfully created"
	}
	if failure != "" {
		typ, status, msg = "video.failed", 500, failure
		if kind == JobPreview {
			typ = "video.preview.failed"
		}
	}
	body := callbackBody{Type: typ, Created: s.now().Unix(), Status: status,
		Data: callbackData{Object: callbackObject{ID: v.ID, Video: []callbackVideo{}}, Meta: callbackMeta{Msg: msg, AppID: app.ID}}}
	if failure == "" {
		base := s.baseURL(nil)
		name := slug(v.Name)
		add := func(q int, rd Rendition, thumb bool) {
			cv := callbackVideo{Quality: q, URL: fmt.Sprintf("%s/v/%s/%s.mp4?quality=%d", base, v.ID, name, q), Size: rd.Size}
			if thumb && rd.ThumbBlob != "" {
				cv.Thumbnail = &callbackThumb{URL: fmt.Sprintf("%s/t/%s/%d.jpg", base, v.ID, q), Size: rd.ThumbSize}
			}
			body.Data.Object.Video = append(body.Data.Object.Video, cv)
		}
		if kind == JobPreview && v.Preview != nil {
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
	if err == nil {
		err = s.store.EnqueueCallback(ctx, app.CallbackURL, b, s.now())
	}
	if err != nil {
		s.log.Error("queue callback", "video", v.ID, "err", err)
	}
}

// callbackLoop delivers due callbacks, retrying failures with exponential
// backoff up to CallbackAttempts times.
func (s *Server) callbackLoop(ctx context.Context) {
	client := &http.Client{Timeout: 15 * time.Second}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		for ctx.Err() == nil {
			c, err := s.store.DueCallback(ctx, s.now())
			if err != nil {
				if !errors.Is(err, ErrNotFound) && ctx.Err() == nil {
					s.log.Error("callback queue", "err", err)
				}
				break
			}
			s.deliver(ctx, client, c)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Server) deliver(ctx context.Context, client *http.Client, c *Callback) {
	err := post(ctx, client, c.URL, c.Body)
	if err == nil {
		s.metrics.callbacksOK.Add(1)
		s.store.CallbackDone(ctx, c.ID, "", time.Time{})
		return
	}
	s.metrics.callbacksErr.Add(1)
	var next time.Time
	if c.Attempts+1 < s.cfg.CallbackAttempts {
		next = s.now().Add(s.cfg.CallbackBackoff << min(c.Attempts, 16))
	}
	s.log.Warn("callback failed", "url", c.URL, "attempt", c.Attempts+1, "err", err, "gave_up", next.IsZero())
	if err := s.store.CallbackDone(ctx, c.ID, err.Error(), next); err != nil {
		s.log.Error("callback reschedule", "err", err)
	}
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
