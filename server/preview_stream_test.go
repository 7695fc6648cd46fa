package server

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// boxTypes lists the top-level MP4 box types of b in order.
func boxTypes(b []byte) []string {
	var out []string
	for len(b) >= 8 {
		n := int(binary.BigEndian.Uint32(b))
		if n < 8 || n > len(b) {
			out = append(out, "truncated:"+string(b[4:8]))
			break
		}
		out = append(out, string(b[4:8]))
		b = b[n:]
	}
	return out
}

// TestPreviewStreamFlowsThenComesFromCache: the first GET of a draft's
// preview.mp4 streams a fragmented MP4 (ftyp, moov, then moof+mdat pairs)
// whose first bytes arrive long before the render ends; the same draft
// again is served whole from memory with byte ranges; an edit makes a new
// preview; a draft that cannot be planned is a 400 with its code.
func TestPreviewStreamFlowsThenComesFromCache(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.addUser("stream", -1)
	vid := studioProject(t, c, 3)
	path := "/me/videos/" + vid + "/preview.mp4"

	req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
	req.Header.Set("X-Access-Key", c.key)
	req.Header.Set("X-Access-Token", c.token)
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	first := make([]byte, 8)
	if _, err := io.ReadFull(res.Body, first); err != nil {
		t.Fatal(err)
	}
	ttfb := time.Since(start)
	rest, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	whole := append(first, rest...)
	t.Logf("first byte after %v, whole %d bytes after %v", ttfb, len(whole), time.Since(start))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "video/mp4" || res.Header.Get("X-Preview-Cache") != "miss" {
		t.Fatalf("first request: %d %v", res.StatusCode, res.Header)
	}
	if res.ContentLength != -1 {
		t.Errorf("a streamed preview has a Content-Length (%d): it was not streamed", res.ContentLength)
	}
	boxes := strings.Join(boxTypes(whole), " ")
	if !strings.HasPrefix(boxes, "ftyp moov moof mdat moof mdat") || strings.Contains(boxes, "truncated") {
		t.Fatalf("boxes %q: want a fragmented MP4", boxes)
	}

	// Again: whole, from the cache, and a byte range of it.
	r2 := c.do("GET", path, nil, nil)
	if r2.code != 200 || r2.hdr.Get("X-Preview-Cache") != "hit" || !bytes.Equal(r2.body, whole) {
		t.Fatalf("second request: %d cache %q, same bytes %v", r2.code, r2.hdr.Get("X-Preview-Cache"), bytes.Equal(r2.body, whole))
	}
	r3 := c.do("GET", path, nil, map[string]string{"Range": "bytes=100-199"})
	if r3.code != http.StatusPartialContent || !bytes.Equal(r3.body, whole[100:200]) {
		t.Fatalf("range request: %d, %d bytes", r3.code, len(r3.body))
	}

	// The file plays: ffprobe reads a 256x144 H.264 and an AAC stream.
	if _, err := exec.LookPath("ffprobe"); err == nil {
		f := filepath.Join(t.TempDir(), "p.mp4")
		os.WriteFile(f, whole, 0o644)
		out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", f).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "h264,256,144") || !strings.Contains(string(out), "aac") {
			t.Fatalf("ffprobe: %v %s", err, out)
		}
	} else {
		t.Log("ffprobe not installed: the stream's playability is not probed")
	}

	// An edit changes the draft: a new render.
	c.ok(c.form("POST", "/me/videos/"+vid, "name", "Frames, edited"))
	if r := c.do("GET", path, nil, nil); r.code != 200 || r.hdr.Get("X-Preview-Cache") != "miss" || bytes.Equal(r.body, whole) {
		t.Fatalf("after an edit: %d cache %q", r.code, r.hdr.Get("X-Preview-Cache"))
	}

	// An empty text slide cannot be planned: 400 with the project's code.
	c.ok(c.form("POST", "/me/videos/"+vid, "assets", `[{"name":"text","data":{}}]`))
	if r := c.do("GET", path, nil, nil); r.code != 400 || r.errorStatus(t) < 7400 {
		t.Fatalf("unplannable draft: %d %s", r.code, r.body)
	}
}

// TestWaveformOfLibraryTrack: the music lane's peaks cover the track at
// ten a second, are loud somewhere and quiet nowhere beyond 1, and the
// beats lie inside the track in order; an unknown id is a 404.
func TestWaveformOfLibraryTrack(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, nil)
	c := e.addUser("wave", -1)
	lib := c.ok(c.do("GET", "/musics", nil, nil))["musics"].([]any)[0].(map[string]any)
	w := c.ok(c.do("GET", "/me/musics/"+lib["id"].(string)+"/waveform", nil, nil))
	dur := w["duration"].(float64)
	peaks := w["peaks"].([]any)
	beats := w["beats"].([]any)
	if d := lib["duration"].(float64); dur < d-0.2 || dur > d+0.2 {
		t.Fatalf("waveform lasts %v s, the track %v s", dur, d)
	}
	if n := len(peaks); n < int(dur*10)-1 || n > int(dur*10)+1 {
		t.Fatalf("%d peaks for %v s", n, dur)
	}
	loud := 0.0
	for _, p := range peaks {
		f := p.(float64)
		if f < 0 || f > 1 {
			t.Fatalf("peak %v out of 0..1", f)
		}
		loud = max(loud, f)
	}
	if loud < 0.1 {
		t.Fatalf("loudest peak %v: a silent waveform", loud)
	}
	if len(beats) < 4 {
		t.Fatalf("%d beats", len(beats))
	}
	prev := -1.0
	for _, b := range beats {
		f := b.(float64)
		if f <= prev || f > dur {
			t.Fatalf("beats out of order or beyond the track: %v", beats)
		}
		prev = f
	}
	if r := c.do("GET", "/me/musics/nope/waveform", nil, nil); r.code != 404 {
		t.Fatalf("unknown music: %d", r.code)
	}
}
