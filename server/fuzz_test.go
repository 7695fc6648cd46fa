package server

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reelkit/reel/server/internal/httpx"
	"github.com/reelkit/reel/server/internal/membudget"
)

// FuzzParseBody feeds arbitrary bodies and content types through the
// request-body parser and the video update parser: errors, never panics.
func FuzzParseBody(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", []byte(`name=T&quality=720&assets=[{"name":"image","asset_id":"x","data":{"caption":"c"}}]&credit=[["a","b"]]`))
	f.Add("application/json", []byte(`{"name":null,"quality":"480","assets":[{"frames":[]}],"credit":[["x"]]}`))
	f.Add("", []byte(`{"assets":"[{\"name\":\"music\",\"asset_id\":7}]"}`))
	f.Add("multipart/form-data; boundary=X", []byte("--X\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nv\r\n--X--\r\n"))
	f.Add("text/plain", []byte("x"))
	f.Add("application/json", []byte(`{"assets":[{"name":"image","asset_id":"x","data":{"transition":"wipe","text_position":"sideways"}},{"name":"music","data":{"transition":"zoom-through"}}]}`))
	f.Add("application/json", []byte(`{"assets":[1,{"name":2},{"data":{"caption":[]}}],"credit":[[1,"b"],{"a":1}]}`))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		r := httptest.NewRequest("POST", "/me/videos/x", bytes.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		p, err := httpx.ParseParams(httptest.NewRecorder(), r, 1<<16)
		if err != nil {
			return
		}
		u, err := parseVideoUpdate(p)
		if err != nil {
			ae, ok := err.(*httpx.Error)
			if !ok {
				t.Fatalf("untyped error %T %v", err, err)
			}
			for _, bad := range []string{"json:", "Go ", "engine.", "interface {", "RawMessage"} {
				if strings.Contains(ae.Message, bad) {
					t.Fatalf("message %q shows %q", ae.Message, bad)
				}
			}
			return
		}
		if u.Quality != nil && *u.Quality != 360 && *u.Quality != 480 && *u.Quality != 720 {
			t.Fatalf("quality %d accepted", *u.Quality)
		}
		if len(u.Assets) > maxAssets {
			t.Fatal("too many assets accepted")
		}
	})
}

// FuzzUploadSniff feeds arbitrary bytes to the photo and music upload
// checks.
func FuzzUploadSniff(f *testing.F) {
	f.Add(testJPEG(f, 8, 8, 1))
	f.Add(testPNG(f, 4, 4))
	f.Add([]byte("ID3\x03\x00\x00\x00\x00\x00\x10\xff\xfb\x90\x00"))
	f.Add([]byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, b []byte) {
		if info, err := probeAudio(b); err == nil && info.Duration < minMusicSeconds {
			t.Fatalf("accepted audio with duration %v", info.Duration)
		}
		s := &Server{cfg: Config{MaxPixels: 1 << 20, MaxImageBytes: 8 << 20}, mem: membudget.New(8 << 20), metrics: newMetrics()}
		if sniffImage(b) == "" {
			return
		}
		// ingestPhoto up to the decode: no store needed for rejects.
		_, err := s.checkImage(context.Background(), bytes.NewReader(b), b[:min(len(b), spoolHead)])
		if err != nil {
			if ae, ok := err.(*httpx.Error); !ok || ae.Status == http.StatusInternalServerError {
				t.Fatalf("bad error %v", err)
			}
		}
	})
}
