//go:build linux

package encode

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// TestChromiumPlaysFragmentedWhileWritten serves a fragmented MP4 that is
// encoded inside the HTTP handler, straight into the ResponseWriter, and
// plays it in headless Chromium. The handler encodes the first four
// seconds, then waits until the page reports that playback has started
// before it encodes the rest: the browser must play the stream while it is
// still being written (if it waited for the end, it would never start).
// The page then plays on to the end, across every fragment written after
// it started, and reads back the colour of the last frame.
func TestChromiumPlaysFragmentedWhileWritten(t *testing.T) {
	t.Parallel()
	needChromium(t)
	const fps, frames, rate = 30, 240, 48000 // 8 s, a fragment per second
	const w, h = 640, 360
	ctx := context.Background()
	audio, err := EncodeAAC(ctx, &pcmSource{s: toneWithClicks(rate, 2, frames*rate/fps)}, AudioOptions{SampleRate: rate, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan string, 1)
	reports := make(chan []byte, 1)
	type streamResult struct {
		before, total int64 // bytes written before the page started, in all
		startedEarly  bool
		err           error
	}
	result := make(chan streamResult, 1)

	const sq = 32
	page := playbackPage(pageConfig{Src: "/live.mp4", Report: "/report", Started: "/started", PlayOn: true, TimeoutMS: 30000,
		Type: `video/mp4; codecs="avc1.640016, mp4a.40.2"`, PlayTo: 0.3, X: w/2 - sq/2, Y: h/2 - sq/2, Size: sq})
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, page)
	})
	mux.HandleFunc("POST /started", func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 100))
		select {
		case started <- string(b):
		default:
		}
	})
	mux.HandleFunc("POST /report", func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		select {
		case reports <- b:
		default:
		}
	})
	served := false
	mux.HandleFunc("/live.mp4", func(rw http.ResponseWriter, r *http.Request) {
		if served { // the stream is made once; a second request is refused
			http.Error(rw, "gone", http.StatusGone)
			return
		}
		served = true
		rw.Header().Set("Content-Type", "video/mp4")
		cw := &countWriter{w: rw}
		var res streamResult
		defer func() { res.total = cw.n; result <- res }()
		wr, err := CreateSink(Sink{Writer: cw, Fragmented: true, Frames: frames},
			VideoOptions{Width: w, Height: h, KeyInterval: time.Second}, audio)
		if err != nil {
			res.err = err
			return
		}
		mark := markColourBlock(fps)
		for i := range frames {
			if i == 4*fps {
				res.before = cw.n
				select {
				case <-started:
					res.startedEarly = true
				case <-time.After(25 * time.Second):
				}
			}
			fillSynthetic(wr.Frame(), i)
			mark(wr.Frame(), i)
			if res.err = wr.WriteFrame(r.Context()); res.err != nil {
				wr.Abort()
				return
			}
		}
		res.err = wr.Close()
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()

	raw := chromiumReport(ctx, t, ts.URL+"/", reports)
	var sr streamResult
	select {
	case sr = <-result:
	case <-time.After(30 * time.Second):
		t.Fatal("the stream handler did not finish")
	}
	t.Logf("browser report: %s", raw)
	t.Logf("bytes written before playback started: %d of %d", sr.before, sr.total)
	if sr.err != nil {
		t.Fatalf("stream: %v", sr.err)
	}
	if !sr.startedEarly || sr.before == 0 || sr.before >= sr.total {
		t.Fatalf("the browser did not start playing while the stream was being written (%d of %d bytes sent)", sr.before, sr.total)
	}
	var rep pageReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("page result %s: %v", raw, err)
	}
	if rep.Error != nil || rep.Exception != "" || rep.TimedOut {
		t.Fatalf("playback failed: error %v %q, exception %q, timed out %v; events %v", rep.Error, rep.ErrorMessage, rep.Exception, rep.TimedOut, rep.Events)
	}
	if rep.VideoWidth != w || rep.VideoHeight != h {
		t.Errorf("browser size %dx%d, want %dx%d", rep.VideoWidth, rep.VideoHeight, w, h)
	}
	// Chromium ignores the video edit list of a fragmented file (as ffmpeg
	// does), which may cost the reordering delay: allow a frame and a half.
	if want := float64(frames) / fps; math.Abs(rep.Duration-want) > 1.5/fps {
		t.Errorf("browser duration %.4f s, want %.4f s within 1.5 frames", rep.Duration, want)
	}
	if !slices.Contains(rep.Events, fmt.Sprintf("ended@%.3f", rep.Duration)) || len(rep.Samples) != 1 {
		t.Fatalf("playback did not reach the end; events %v", rep.Events)
	}
	// The last frame is in the colour of the last half second.
	y, cb, cr := rgbToBT709(browserColours[((frames-1)*2/fps)%len(browserColours)])
	if s, want := rep.Samples[0], ycbcrToRGB(y, cb, cr, 0.2126, 0.0722); maxDiff(s.RGB, want) > browserColourTol {
		t.Errorf("last frame at %.3f s: RGB %.0f, want %.0f within %d", s.At, s.RGB, want, browserColourTol)
	}
	if rep.TotalVideoFrames != nil && *rep.TotalVideoFrames < frames*9/10 {
		t.Errorf("browser decoded %d video frames of %d", *rep.TotalVideoFrames, frames)
	}
	if rep.AudioDecodedBytes != nil && *rep.AudioDecodedBytes == 0 {
		t.Error("browser decoded no audio bytes")
	}
}

// countWriter counts the bytes passed to w and forwards Flush.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Flush flushes w if it can (an http.ResponseWriter).
func (c *countWriter) Flush() {
	if f, ok := c.w.(http.Flusher); ok {
		f.Flush()
	}
}
