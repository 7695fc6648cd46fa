package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/server/model"
	"github.com/reelkit/reel/server/store/sqlite"
)

// TestSIGTERMDrainsWhileServing: on SIGTERM a real reeld
// turns /readyz to 503 at once, but keeps its listener: /healthz stays
// 200, polling and /v/ downloads keep working for the whole drain; when
// the running render has finished, the process exits 0 with the video
// published.
func TestSIGTERMDrainsWhileServing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	gate := filepath.Join(t.TempDir(), "gate")
	addUser(t, dir, "drain", "pw")
	p := startReeldEnv(t, []string{gateEnv + "=" + gate}, dir)
	c := login(t, p, "drain", "pw")
	get := func(path string) (int, []byte) {
		res, err := http.Get(p.url + path)
		if err != nil {
			t.Fatalf("GET %s during the drain: %v", path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	if code, _ := get("/readyz"); code != 200 {
		t.Fatalf("/readyz before SIGTERM: %d", code)
	}

	ph := c.obj(c.do("PUT", "/me/photos", bytes.NewReader(smallJPEG(t)), ""))["id"].(string)
	body := fmt.Sprintf(`{"name":"drain","style":"vanilla","quality":360,"assets":[{"name":"image","asset_id":%q,"start_time":0,"end_time":1},{"name":"music","asset_id":"lib-chords"}]}`, ph)
	a := c.obj(c.do("POST", "/me/videos", strings.NewReader(body), "application/json"))["id"].(string)
	b := c.obj(c.do("POST", "/me/videos/"+a+"/duplicate", nil, ""))["id"].(string)
	os.WriteFile(gate, nil, 0o600) // A renders freely
	c.obj(c.do("POST", "/me/videos/"+a+"/render", nil, ""))
	va := waitVideo(t, c, a, "published")
	url := va["video"].(map[string]any)["360"].(map[string]any)["url"].(string)
	size := int(va["video"].(map[string]any)["360"].(map[string]any)["size"].(float64))
	os.Remove(gate) // B's render will hold

	c.obj(c.do("POST", "/me/videos/"+b+"/render", nil, ""))
	for !strings.Contains(string(must(get("/metrics"))), `reeld_queue_jobs{state="running"} 1`) {
		time.Sleep(20 * time.Millisecond)
	}
	p.signal(syscall.SIGTERM)
	for {
		code, _ := get("/readyz")
		if code == 503 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Fatalf("/healthz during the drain: %d", code)
	}
	if v := c.obj(c.do("GET", "/me/videos/"+b, nil, "")); v["status"] != "processing" {
		t.Fatalf("polling during the drain: %v", v["status"])
	}
	if !strings.HasPrefix(url, p.url+"/v/") {
		t.Fatalf("download URL %q is not on %s", url, p.url)
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("download during the drain: %v", err)
	}
	n, _ := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || int(n) != size {
		t.Fatalf("download during the drain: %d, %d of %d bytes", res.StatusCode, n, size)
	}

	os.WriteFile(gate, nil, 0o600) // let the running render finish
	if err := p.wait(5 * time.Minute); err != nil {
		t.Fatalf("reeld exit after the drain: %v", err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "reel.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	v, err := st.VideoByID(context.Background(), b)
	if err != nil || v.Status != model.StatusPublished {
		t.Fatalf("video rendered during the drain: %+v %v", v, err)
	}
}

func must(_ int, b []byte) []byte { return b }

// waitVideo polls a video until it reaches status.
func waitVideo(t *testing.T, c *apiClient, id, status string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		v := c.obj(c.do("GET", "/me/videos/"+id, nil, ""))
		if v["status"] == status {
			return v
		}
		if v["status"] == "failed" || time.Now().After(deadline) {
			t.Fatalf("video %s: %v, want %s", id, v, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func smallJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for y := range 36 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 7), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
