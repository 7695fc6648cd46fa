package engine_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reelkit/reel/engine"
)

// streamHandler streams a fragmented MP4 of p as the streaming Example
// does: a failure before the first byte is an HTTP error (422 for the
// project's fault), after it the response is aborted.
func streamHandler(p *engine.Project, verify engine.Verification, errs chan<- error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := &sentWriter{ResponseWriter: w}
		w.Header().Set("Content-Type", "video/mp4")
		_, err := engine.Render(r.Context(), p, nil, engine.Options{Output: engine.ToWriter(sw, engine.Fragmented), Preview: true, Verify: verify})
		errs <- err
		switch {
		case err == nil:
		case !sw.sent && errors.Is(err, engine.ErrInvalidProject):
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		case !sw.sent:
			http.Error(w, "internal error", http.StatusInternalServerError)
		default:
			panic(http.ErrAbortHandler) // the client must not see a clean end
		}
	}
}

// truncatedProject is a title card and eight good photos, then a JPEG cut
// in half (its header is intact): the render reaches it long after its
// first fragment has been sent.
func truncatedProject(t *testing.T) *engine.Project {
	t.Helper()
	p := &engine.Project{Name: "Truncated", Style: "vanilla"}
	for i := range 9 {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "photos", fmt.Sprintf("%02d.jpg", i%7+1)))
		if err != nil {
			t.Fatal(err)
		}
		if i == 8 {
			b = b[:len(b)/2]
		}
		p.Assets = append(p.Assets, engine.Asset{Kind: engine.KindImage, Bytes: b, End: 2 * time.Second})
	}
	return p
}

// TestStreamingTruncatedJPEG: over a real HTTP connection, full
// verification refuses a truncated JPEG before the first byte (422 with
// the asset named, no MP4 byte), while without it the failure comes after
// the response has started and the client's read fails instead of ending
// cleanly.
func TestStreamingTruncatedJPEG(t *testing.T) {
	t.Parallel()
	p := truncatedProject(t)
	for _, tc := range []struct {
		name   string
		verify engine.Verification
	}{{"full", engine.VerifyFull}, {"headers", engine.VerifyHeaders}} {
		t.Run(tc.name, func(t *testing.T) {
			errs := make(chan error, 1)
			srv := httptest.NewServer(streamHandler(p, tc.verify, errs))
			defer srv.Close()
			resp, err := http.Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			body, readErr := io.ReadAll(resp.Body)
			resp.Body.Close()
			renderErr := <-errs
			var ae *engine.AssetError
			if !errors.As(renderErr, &ae) || ae.Index != 8 || !errors.Is(renderErr, engine.ErrInvalidProject) {
				t.Fatalf("render error %v: want an *AssetError for assets[8]", renderErr)
			}
			if tc.verify == engine.VerifyFull {
				if resp.StatusCode != http.StatusUnprocessableEntity || readErr != nil || !strings.Contains(string(body), "assets[8]") {
					t.Fatalf("status %d, read error %v, body %q: want 422 naming assets[8]", resp.StatusCode, readErr, body)
				}
				return
			}
			if resp.StatusCode != http.StatusOK || len(body) == 0 {
				t.Fatalf("status %d with %d bytes: want 200 and the first fragments", resp.StatusCode, len(body))
			}
			if readErr == nil {
				t.Fatalf("the client read %d bytes and a clean end: want a failed transfer", len(body))
			}
			t.Logf("client got %d bytes, then %v", len(body), readErr)
		})
	}
}

// TestVerifyFullReportsLowestAsset: with several bad assets, full
// verification reports the first in the assets array, and finds a
// truncated MP3 as a 7402 status error naming the track.
func TestVerifyFullReportsLowestAsset(t *testing.T) {
	t.Parallel()
	p := truncatedProject(t)
	bad := p.Assets[8]
	bad.End = 2 * time.Second
	p.Assets = append(p.Assets[:3], append([]engine.Asset{bad}, p.Assets[3:]...)...)
	_, err := engine.Validate(context.Background(), p, nil, engine.Options{Preview: true, Verify: engine.VerifyFull})
	var ae *engine.AssetError
	if !errors.As(err, &ae) || ae.Index != 3 {
		t.Fatalf("err %v: want assets[3]", err)
	}
	if _, err := engine.Validate(context.Background(), p, nil, engine.Options{Preview: true, Verify: engine.VerifyHeaders}); err != nil {
		t.Fatalf("headers only: %v, want the truncated JPEGs to pass", err)
	}

	mp3, err := os.ReadFile(filepath.Join("..", "testdata", "music", "tone22k_mono_cbr.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	q := truncatedProject(t)
	q.Assets = append(q.Assets[:2], engine.Asset{Kind: engine.KindMusic, Bytes: cutInHalf(mp3)})
	_, err = engine.Validate(context.Background(), q, nil, engine.Options{Preview: true, Verify: engine.VerifyFull})
	if !errors.Is(err, &engine.StatusError{Code: engine.CodeMusicNotDefined}) || !errors.As(err, &ae) || ae.Index != 2 {
		t.Fatalf("err %v: want 7402 naming assets[2]", err)
	}
	if _, err := engine.Validate(context.Background(), q, nil, engine.Options{Preview: true, Verify: engine.VerifyHeaders}); err != nil {
		t.Fatalf("headers only: %v, want the damaged MP3 to pass", err)
	}
}

// cutInHalf returns b without its second half (but for 7 bytes, so that
// the cut falls inside a frame): an MP3 whose header and first frames are
// intact.
func cutInHalf(b []byte) []byte { return b[:len(b)/2+7] }
