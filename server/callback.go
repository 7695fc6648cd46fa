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
	"sync"
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

// callbackTimeout bounds one delivery; callbackLease (longer) is how long
// a claimed callback stays invisible to other claims.
const (
	callbackTimeout = 15 * time.Second
	callbackLease   = 4 * callbackTimeout
)

// callbackLoop delivers due callbacks, up to CallbackConcurrency at a time
// and half of those (at least one) per URL, retrying failures with
// exponential backoff up to CallbackAttempts times.
func (s *Server) callbackLoop(ctx context.Context) {
	client := &http.Client{Timeout: callbackTimeout}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	perURL := max(1, s.cfg.CallbackConcurrency/2)
	slots := make(chan struct{}, s.cfg.CallbackConcurrency)
	var mu sync.Mutex
	inFlight := map[string]int{} // URL -> deliveries in progress
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		for ctx.Err() == nil {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			mu.Lock()
			var skip []string
			for u, n := range inFlight {
				if n >= perURL {
					skip = append(skip, u)
				}
			}
			mu.Unlock()
			c, err := s.store.DueCallback(ctx, s.now(), callbackLease, skip)
			if err != nil {
				<-slots
				if !errors.Is(err, ErrNotFound) && ctx.Err() == nil {
					s.log.Error("callback queue", "err", err)
				}
				break
			}
			mu.Lock()
			inFlight[c.URL]++
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.deliver(ctx, client, c)
				mu.Lock()
				if inFlight[c.URL]--; inFlight[c.URL] == 0 {
					delete(inFlight, c.URL)
				}
				mu.Unlock()
				<-slots
			}()
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
	if err != nil && ctx.Err() != nil {
		return // shutting down: the lease brings it back after a restart
	}
	ctx = context.WithoutCancel(ctx) // record the outcome even when shutting down
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
