package engine_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/abema/go-mp4"
	"github.com/reelkit/reel/engine"
)

// sentWriter records whether any byte of the response has gone out (the
// status line included). Unwrap lets the engine flush each fragment
// through it.
type sentWriter struct {
	http.ResponseWriter
	sent bool
}

func (s *sentWriter) Write(p []byte) (int, error) {
	s.sent = true
	return s.ResponseWriter.Write(p)
}

func (s *sentWriter) WriteHeader(code int) {
	s.sent = true
	s.ResponseWriter.WriteHeader(code)
}

func (s *sentWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Render straight into an HTTP response. With engine.Fragmented, the MP4 flows
// while it renders: ftyp and moov as soon as the first GOP is coded, then
// one moof+mdat per GOP, each flushed to the client, so a browser starts
// playing after a couple of seconds of rendering instead of waiting for
// the whole video. (With engine.Faststart the response would be a faststart
// MP4 sent once the render is done.)
//
// VerifyFull decodes every photo and track before the first byte, so a
// corrupt or truncated upload is an HTTP error the client can act on.
// What can still fail after the first byte (an encoder or I/O fault, a
// cancelled request) must not look like a finished file: the handler
// then aborts the response (panic(http.ErrAbortHandler)), and the client
// sees a failed transfer instead of a clean end.
func ExampleRender_writer() {
	f, err := os.Open("../testdata/projects/short.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	p, err := engine.DecodeProject(f)
	if err != nil {
		log.Fatal(err)
	}
	resolver := engine.NewFileResolver("../testdata/projects/short.json")

	handler := func(w http.ResponseWriter, r *http.Request) {
		sw := &sentWriter{ResponseWriter: w}
		w.Header().Set("Content-Type", "video/mp4")
		_, err := engine.Render(r.Context(), p, resolver, engine.Options{
			Output:  engine.ToWriter(sw, engine.Fragmented),
			Verify:  engine.VerifyFull, // every asset decoded before the first byte
			Preview: true,              // one small rendition, quick for the example
		})
		switch {
		case err == nil:
		case !sw.sent && errors.Is(err, engine.ErrInvalidProject):
			http.Error(w, err.Error(), http.StatusUnprocessableEntity) // the user's input
		case !sw.sent:
			log.Print(err)
			http.Error(w, "internal error", http.StatusInternalServerError)
		default:
			// Fragments are on their way and the status line is gone:
			// cut the connection so the client sees a failed transfer.
			log.Print(err)
			panic(http.ErrAbortHandler)
		}
	}

	// A real server would do http.Handle("/video.mp4", ...); the example
	// calls the handler directly.
	rec := httptest.NewRecorder()
	handler(rec, httptest.NewRequest("GET", "/video.mp4", nil))
	var top []string
	_, err = mp4.ReadBoxStructure(bytes.NewReader(rec.Body.Bytes()), func(h *mp4.ReadHandle) (any, error) {
		if len(top) < 3 {
			top = append(top, h.BoxInfo.Type.String())
		}
		return nil, nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"), top)
	// Output:
	// 200 video/mp4 [ftyp moov moof]
}
