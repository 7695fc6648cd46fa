package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
)

const testStall = 500 * time.Millisecond

// rawRequest opens a connection to the test server and writes head; the
// caller writes any body and reads the answer.
func rawRequest(t *testing.T, e *testEnv, head string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	return conn
}

// TestStalledUploadIsCut: an upload whose body stops arriving is answered
// 408 after StallTimeout, while one that keeps trickling in (for longer
// than StallTimeout in all) succeeds.
func TestStalledUploadIsCut(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.StallTimeout = testStall })
	c := e.loginApp("stall")
	conn := rawRequest(t, e, fmt.Sprintf("PUT /me/photos HTTP/1.1\r\nHost: x\r\nX-Access-Key: %s\r\nX-Access-Token: %s\r\nContent-Length: 100000\r\n\r\n%s",
		c.key, c.token, strings.Repeat("x", 1000)))
	conn.SetReadDeadline(time.Now().Add(10 * time.Second)) // the test's own limit
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled upload: %v", err)
	}
	if res.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("stalled upload: %d", res.StatusCode)
	}

	jpeg := testJPEG(t, 320, 180, 3)
	pr, pw := io.Pipe()
	go func() {
		chunk := len(jpeg)/15 + 1
		for i := 0; i < len(jpeg); i += chunk {
			time.Sleep(testStall / 10)
			pw.Write(jpeg[i:min(i+chunk, len(jpeg))])
		}
		pw.Close()
	}()
	if r := c.do("PUT", "/me/photos", pr, nil); r.code != 200 {
		t.Fatalf("slow but steady upload: %d %s", r.code, r.body)
	}
	if m := string(e.do("GET", "/metrics", nil, nil).body); strings.Contains(m, `code="500"`) {
		t.Fatalf("a stall counted as a server error:\n%s", m)
	}
}

// TestStalledDownloadIsCut: a client that stops reading a /v/ download is
// cut off after StallTimeout (the handler returns), while a slow reader
// that keeps reading gets the whole file however long it takes.
func TestStalledDownloadIsCut(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *Config) { c.StallTimeout = testStall })
	u := e.addUser("dl", -1)
	ctx := context.Background()
	const size = 32 << 20 // more than the loopback socket buffers hold
	blob := "videos/big/1-360.mp4"
	if _, err := e.srv.blobs.Put(ctx, blob, io.LimitReader(zeros{}, size)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	v := &model.Video{ID: "big", UserID: u.id, Name: "big", Status: model.StatusPublished, Quality: 360,
		Renditions: map[int]model.Rendition{360: {Blob: blob, Size: size}}, CreatedOn: now, ModifiedOn: now}
	if err := e.store.CreateVideo(ctx, v); err != nil {
		t.Fatal(err)
	}

	// A slow reader: pauses shorter than StallTimeout, longer in all.
	res, err := http.Get(e.ts.URL + "/v/big/big.mp4")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 256<<10)
	var n int64
	for i := 0; i < 15; i++ {
		time.Sleep(testStall / 10)
		k, err := io.ReadFull(res.Body, buf)
		n += int64(k)
		if err != nil {
			t.Fatal(err)
		}
	}
	rest, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil || n+rest != size {
		t.Fatalf("slow download: %d of %d bytes, %v", n+rest, size, err)
	}

	// A reader that stops: the handler gives up.
	const route = `reeld_http_requests_total{route="GET /v/{id}/{file}",code="200"} `
	count := func() string {
		m := string(e.do("GET", "/metrics", nil, nil).body)
		i := strings.Index(m, route)
		if i < 0 {
			return ""
		}
		return strings.SplitN(m[i+len(route):], "\n", 2)[0]
	}
	if got := count(); got != "1" {
		t.Fatalf("downloads counted: %q", got)
	}
	conn := rawRequest(t, e, "GET /v/big/big.mp4 HTTP/1.1\r\nHost: x\r\n\r\n")
	if _, err := io.ReadFull(conn, make([]byte, 1024)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second) // the test's own limit
	for count() != "2" {
		if time.Now().After(deadline) {
			t.Fatal("the download to a client that stopped reading never ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
