//go:build linux

package encode

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"
)

// browserColours are the solid colours painted into the centre of the
// browser test clip, one per half second, chosen so that a decoder
// converting with BT.601 instead of BT.709 would miss them by more than
// browserColourTol.
var browserColours = [][3]float64{
	{200, 40, 40},  // red
	{40, 180, 60},  // green
	{180, 40, 200}, // purple
	{40, 200, 200}, // cyan
}

// browserColourTol is the largest per-channel difference in 8-bit RGB
// accepted between a sampled pixel mean and the encoded colour
// (compression, chroma rounding and the browser's own conversion).
const browserColourTol = 12

// rgbToBT709 converts 8-bit full-range RGB to limited-range BT.709 YCbCr.
func rgbToBT709(c [3]float64) (y, cb, cr uint8) {
	r, g, b := c[0], c[1], c[2]
	l := 0.2126*r + 0.7152*g + 0.0722*b
	return uint8(math.Round(16 + l*219/255)),
		uint8(math.Round(128 + (b-l)/1.8556*224/255)),
		uint8(math.Round(128 + (r-l)/1.5748*224/255))
}

// ycbcrToRGB converts limited-range YCbCr to 8-bit RGB using luma weights
// kr, kb (BT.709: 0.2126, 0.0722; BT.601: 0.299, 0.114).
func ycbcrToRGB(y, cb, cr uint8, kr, kb float64) [3]float64 {
	l := (float64(y) - 16) * 255 / 219
	pb := (float64(cb) - 128) * 255 / 224
	pr := (float64(cr) - 128) * 255 / 224
	r := l + 2*(1-kr)*pr
	b := l + 2*(1-kb)*pb
	g := (l - kr*r - kb*b) / (1 - kr - kb)
	return [3]float64{r, g, b}
}

// maxDiff is the largest per-channel absolute difference of two colours.
func maxDiff(a, b [3]float64) float64 {
	return max(math.Abs(a[0]-b[0]), math.Abs(a[1]-b[1]), math.Abs(a[2]-b[2]))
}

// markColourBlock paints the centre half of the picture (each side) in the
// colour of frame i's half second, over the moving synthetic pattern.
func markColourBlock(fps int) func(img *imageYCbCr, i int) {
	return func(img *imageYCbCr, i int) {
		y, cb, cr := rgbToBT709(browserColours[(i*2/fps)%len(browserColours)])
		w, h := img.Rect.Dx(), img.Rect.Dy()
		for row := h / 4; row < 3*h/4; row++ {
			for x := w / 4; x < 3*w/4; x++ {
				img.Y[row*img.YStride+x] = y
			}
		}
		for row := h / 8; row < 3*h/8; row++ {
			for x := w / 8; x < 3*w/8; x++ {
				img.Cb[row*img.CStride+x] = cb
				img.Cr[row*img.CStride+x] = cr
			}
		}
	}
}

// clipServer serves the page at / and the clip at /clip.mp4 with
// http.ServeContent (Range requests, 206 answers), counting requests, and
// passes the page's POSTed report on to reports.
type clipServer struct {
	reports      chan []byte // what the page POSTs to /report
	mu           sync.Mutex
	clipRequests int
	rangeReqs    int
}

func (s *clipServer) handler(page string, clip []byte, modTime time.Time) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("POST /report", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		select {
		case s.reports <- body:
		default: // only the first report counts
		}
	})
	mux.HandleFunc("/clip.mp4", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.clipRequests++
		if r.Header.Get("Range") != "" {
			s.rangeReqs++
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "video/mp4")
		http.ServeContent(w, r, "clip.mp4", modTime, bytes.NewReader(clip))
	})
	return mux
}

// TestChromiumPlayback encodes a short clip with default options (High
// profile, B-frames) and AAC audio, serves it over HTTP and plays it in
// headless Chromium: the browser must accept the codecs, play without a
// media error, report the right size and duration, seek back and forth,
// and show the encoded colour at each seek target.
func TestChromiumPlayback(t *testing.T) {
	t.Parallel()
	needChromium(t)
	for _, c := range browserColours {
		y, cb, cr := rgbToBT709(c)
		if d := maxDiff(ycbcrToRGB(y, cb, cr, 0.2126, 0.0722), ycbcrToRGB(y, cb, cr, 0.299, 0.114)); d <= browserColourTol {
			t.Fatalf("colour %v reads only %.1f apart as BT.709 and BT.601: it cannot detect a matrix mix-up", c, d)
		}
	}
	const fps, frames, rate = 30, 60, 48000
	const w, h = 640, 360
	ctx := context.Background()

	audio, err := EncodeAAC(ctx, &pcmSource{s: toneWithClicks(rate, 2, frames*rate/fps)}, AudioOptions{SampleRate: rate, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	path := encodeClip(t, VideoOptions{Width: w, Height: h}, audio, frames, markColourBlock(fps))
	facts := readBack(t, path)
	if facts.video == nil || facts.video.AVC == nil || facts.audio == nil || facts.audio.MP4A == nil {
		t.Fatalf("clip lacks an avc1 or mp4a track: %+v", facts.probe)
	}
	if !facts.hasCtts {
		t.Fatal("default options produced no B-frames (no ctts); the test wants them")
	}
	// RFC 6381 codecs from the file's own avcC and esds.
	avc, aac := facts.video.AVC, facts.audio.MP4A
	codecs := fmt.Sprintf("avc1.%02x%02x%02x, mp4a.%x.%d", avc.Profile, avc.ProfileCompatibility, avc.Level, aac.OTI, aac.AudOTI)
	mime := fmt.Sprintf("video/mp4; codecs=%q", codecs)

	clip, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const sq = 32
	seeks := []float64{1.75, 0.25, 1.25, 0.75}
	page := playbackPage(pageConfig{Src: "/clip.mp4", Report: "/report", TimeoutMS: 20000, Type: mime, PlayTo: 0.3, Seeks: seeks, X: w/2 - sq/2, Y: h/2 - sq/2, Size: sq})
	srv := clipServer{reports: make(chan []byte, 1)}
	ts := httptest.NewServer(srv.handler(page, clip, time.Unix(1700000000, 0)))
	defer ts.Close()

	raw := chromiumReport(ctx, t, ts.URL+"/", srv.reports)
	var rep pageReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("page result %s: %v", raw, err)
	}
	t.Logf("codecs %s; browser report: %s", codecs, raw)
	srv.mu.Lock()
	t.Logf("clip requests %d (with Range %d)", srv.clipRequests, srv.rangeReqs)
	srv.mu.Unlock()

	if rep.CanPlayType != "probably" {
		t.Errorf("canPlayType(%s) = %q, want \"probably\"", mime, rep.CanPlayType)
	}
	if rep.MSESupported == nil || !*rep.MSESupported {
		t.Errorf("MediaSource.isTypeSupported(%s) = %v, want true", mime, rep.MSESupported)
	}
	if rep.Error != nil {
		t.Fatalf("media error %d %q; events %v", *rep.Error, rep.ErrorMessage, rep.Events)
	}
	if rep.Exception != "" || rep.TimedOut {
		t.Fatalf("playback failed: exception %q, timed out %v; events %v", rep.Exception, rep.TimedOut, rep.Events)
	}
	if rep.VideoWidth != w || rep.VideoHeight != h {
		t.Errorf("browser size %dx%d, want %dx%d", rep.VideoWidth, rep.VideoHeight, w, h)
	}
	if want := float64(frames) / fps; math.Abs(rep.Duration-want) > 1.0/fps {
		t.Errorf("browser duration %.4f s, want %.4f s within one frame", rep.Duration, want)
	}
	if rep.ReadyState < 2 {
		t.Errorf("readyState %d after seeking, want at least HAVE_CURRENT_DATA (2)", rep.ReadyState)
	}
	if rep.PlayedTo < 0.3 {
		t.Errorf("playback reached only %.3f s before pausing", rep.PlayedTo)
	}
	if rep.Seeked != len(seeks) || len(rep.Samples) != len(seeks) {
		t.Fatalf("%d seeked events and %d samples, want %d each; events %v", rep.Seeked, len(rep.Samples), len(seeks), rep.Events)
	}
	if rep.AudioDecodedBytes != nil && *rep.AudioDecodedBytes == 0 {
		t.Error("browser decoded no audio bytes")
	}
	if rep.TotalVideoFrames != nil && *rep.TotalVideoFrames == 0 {
		t.Error("browser decoded no video frames")
	}
	for _, s := range rep.Samples {
		if math.Abs(s.At-s.Target) > 1e-3 {
			t.Errorf("seek to %.3f s landed at %.3f s", s.Target, s.At)
		}
		// What a decoder shows for the encoded (rounded) samples.
		y, cb, cr := rgbToBT709(browserColours[int(s.Target*2)])
		want := ycbcrToRGB(y, cb, cr, 0.2126, 0.0722)
		as601 := ycbcrToRGB(y, cb, cr, 0.299, 0.114)
		d709, d601 := maxDiff(s.RGB, want), maxDiff(s.RGB, as601)
		t.Logf("at %.2f s: RGB %.0f, BT.709 reading %.0f (off %.1f), BT.601 reading %.0f (off %.1f)", s.Target, s.RGB, want, d709, as601, d601)
		if d709 > browserColourTol || d709 >= d601 {
			t.Errorf("at %.2f s the browser shows RGB %.0f, want %.0f (BT.709) within %d and nearer than the BT.601 reading %.0f",
				s.Target, s.RGB, want, browserColourTol, as601)
		}
	}
}
