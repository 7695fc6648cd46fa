package encode_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"log"
	"net/http"
	"time"

	"github.com/abema/go-mp4"
	"github.com/reelkit/reel/encode"
)

// grey paints a mid-grey limited-range picture.
func grey(img *image.YCbCr) {
	for i := range img.Y {
		img.Y[i] = 126
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 128, 128
	}
}

// Encode a faststart MP4 into any io.Writer (here a buffer). The coded
// video waits in a temporary file in TempDir until Close, which writes the
// whole file, moov first, to the Writer.
func ExampleCreateSink() {
	ctx := context.Background()
	var buf bytes.Buffer
	w, err := encode.CreateSink(encode.Sink{Writer: &buf, TempDir: ""}, encode.VideoOptions{Width: 320, Height: 180}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for range 30 {
		grey(w.Frame())
		if err := w.WriteFrame(ctx); err != nil {
			w.Abort()
			log.Fatal(err)
		}
	}
	fmt.Println("before Close:", buf.Len(), "bytes")
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	info, err := mp4.Probe(bytes.NewReader(buf.Bytes()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("faststart:", info.FastStart, "frames:", len(info.Tracks[0].Samples))
	// Output:
	// before Close: 0 bytes
	// faststart: true frames: 30
}

// Encode a fragmented MP4 into a buffer: ftyp and moov, then one moof+mdat
// per GOP (an IDR every second here).
func ExampleCreateSink_fragmented() {
	ctx := context.Background()
	var buf bytes.Buffer
	w, err := encode.CreateSink(encode.Sink{Writer: &buf, Fragmented: true, Frames: 90},
		encode.VideoOptions{Width: 320, Height: 180, KeyInterval: time.Second}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for range 90 {
		grey(w.Frame())
		if err := w.WriteFrame(ctx); err != nil {
			w.Abort()
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	boxes, err := mp4.ExtractBox(bytes.NewReader(buf.Bytes()), nil, mp4.BoxPath{mp4.BoxTypeMoof()})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("fragments:", len(boxes))
	// Output:
	// fragments: 3
}

// Stream a video into an HTTP response while it is encoded: each fragment
// is flushed to the client as soon as its GOP is coded, so a browser
// starts playing after the first second.
func ExampleCreateSink_http() {
	handler := func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "video/mp4")
		w, err := encode.CreateSink(encode.Sink{Writer: rw, Fragmented: true, Frames: 300},
			encode.VideoOptions{Width: 640, Height: 360, KeyInterval: time.Second}, nil)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusInternalServerError)
			return
		}
		for range 300 {
			grey(w.Frame())                                   // draw the next frame here
			if err := w.WriteFrame(r.Context()); err != nil { // the client went away
				w.Abort()
				return
			}
		}
		w.Close()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/live.mp4", handler)
	log.Fatal(http.ListenAndServe("localhost:8080", mux))
}
