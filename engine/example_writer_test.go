package engine_test

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/abema/go-mp4"
	"github.com/reelkit/reel/engine"
)

// Render straight into an HTTP response. With Fragmented, the MP4 flows
// while it renders: ftyp and moov as soon as the first GOP is coded, then
// one moof+mdat per GOP, each flushed to the client, so a browser starts
// playing after a couple of seconds of rendering instead of waiting for
// the whole video. (Without Fragmented the response would be a faststart
// MP4 sent once the render is done.)
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
		w.Header().Set("Content-Type", "video/mp4")
		_, err := engine.Render(r.Context(), p, resolver, engine.Options{
			Writer:     w,
			Fragmented: true,
			Preview:    true, // one small rendition, quick for the example
		})
		if err != nil {
			// Fragments may already be on their way: the status line is
			// gone, so log and cut the response short.
			log.Print(err)
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
