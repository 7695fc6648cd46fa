package server

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestImageDecodesAreBounded: full image decodes (up to MaxImageBytes,
// hundreds of MB from a body of a few hundred KB) reserve their bytes from
// the memory budget; while it is used up, uploads wait and are shown in
// /metrics while they do.
func TestImageDecodesAreBounded(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("d")
	all, _ := e.srv.mem.Acquire(context.Background(), e.srv.cfg.MemoryBudget) // the whole budget
	done := make(chan resp, 1)
	go func() { done <- c.do("PUT", "/me/photos", bytes.NewReader(testJPEG(t, 32, 18, 1)), nil) }()
	for e.srv.mem.Waiting() != 1 {
		select {
		case r := <-done:
			t.Fatalf("upload finished (%d) while every decode slot was busy", r.code)
		case <-time.After(5 * time.Millisecond):
		}
	}
	if m := string(e.do("GET", "/metrics", nil, nil).body); !strings.Contains(m, "\nreeld_image_decodes_waiting 1\n") {
		t.Fatalf("metrics:\n%s", m)
	}
	e.srv.mem.Release(all)
	if r := <-done; r.code != 200 {
		t.Fatalf("upload after a slot freed: %d %s", r.code, r.body)
	}
}

// TestClientGoneWhileWaitingForDecodeIs499: an upload whose client hangs
// up while it waits for a decode slot is recorded as a client cancel
// (499), not as a server error.
func TestClientGoneWhileWaitingForDecodeIs499(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.loginApp("d")
	all, _ := e.srv.mem.Acquire(context.Background(), e.srv.cfg.MemoryBudget) // the whole budget
	defer e.srv.mem.Release(all)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "PUT", e.ts.URL+"/me/photos", bytes.NewReader(testJPEG(t, 32, 18, 1)))
	req.Header.Set("X-Access-Key", c.key)
	req.Header.Set("X-Access-Token", c.token)
	done := make(chan error, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	for e.srv.mem.Waiting() != 1 {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	const route = `route="PUT /me/photos"`
	var m string
	for !strings.Contains(m, route) {
		time.Sleep(5 * time.Millisecond)
		m = string(e.do("GET", "/metrics", nil, nil).body)
	}
	if !strings.Contains(m, `reeld_http_requests_total{`+route+`,code="499"} 1`) || strings.Contains(m, `code="500"`) {
		t.Fatalf("metrics after a client hung up:\n%s", m)
	}
	if e.srv.mem.Waiting() != 0 {
		t.Fatal("the cancelled upload still counts as waiting")
	}
}
