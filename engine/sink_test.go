package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abema/go-mp4"
)

// TestRenderToWriterFaststart: a render into an io.Writer gives the same
// bytes as the render to a path, its thumbnail goes to WithThumbnail's Writer,
// and TempDir is left empty.
func TestRenderToWriterFaststart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := render(t, quickProject(), Options{Output: ToFile(filepath.Join(dir, "v.mp4")), Renditions: []Quality{360}})
	want, err := os.ReadFile(file.Renditions[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	var video, thumb bytes.Buffer
	res := render(t, quickProject(), Options{Output: ToWriter(&video, Faststart).WithThumbnail(&thumb), TempDir: tmp, Renditions: []Quality{360}})
	if !bytes.Equal(video.Bytes(), want) {
		t.Fatalf("writer got %d bytes, the file has %d: not the same MP4", video.Len(), len(want))
	}
	r := res.Renditions[0]
	if r.Path != "" || r.Size != int64(video.Len()) {
		t.Errorf("rendition %+v, want no path and size %d", r, video.Len())
	}
	img, err := jpeg.Decode(&thumb)
	if err != nil || img.Bounds().Dx() != 640 || img.Bounds().Dy() != 360 {
		t.Fatalf("thumbnail: %v %v", img.Bounds(), err)
	}
	if names := listDir(t, tmp); len(names) != 0 {
		t.Errorf("TempDir holds %v", names)
	}
}

// TestRenderToWriterFragmented: a fragmented render is an fMP4 (one
// moof+mdat per 2 s GOP) that ffprobe reads without a word and ffmpeg
// decodes to every frame of the plan.
func TestRenderToWriterFragmented(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	var video bytes.Buffer
	p := quickProject()
	res := render(t, p, Options{Output: ToWriter(&video, Fragmented), Renditions: []Quality{360}})
	if res.Renditions[0].Size != int64(video.Len()) {
		t.Errorf("Result size %d, wrote %d", res.Renditions[0].Size, video.Len())
	}
	moofs, err := mp4.ExtractBox(bytes.NewReader(video.Bytes()), nil, mp4.BoxPath{mp4.BoxTypeMoof()})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "f.mp4")
	if err := os.WriteFile(path, video.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// One fragment per GOP: as many as there are keyframes (an IDR at
	// least every 2 s, plus x264's scene cuts).
	flags, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=flags", "-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if keys := strings.Count(string(flags), "K"); len(moofs) != keys || keys < (res.Frames+59)/60 {
		t.Errorf("%d fragments, %d keyframes in %d frames", len(moofs), keys, res.Frames)
	}
	cmd := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "framemd5", "-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("ffmpeg: %v: %s", err, stderr.String())
	}
	if n := strings.Count(string(out), "\n0,"); n != res.Frames {
		t.Errorf("ffmpeg decoded %d video frames, want %d", n, res.Frames)
	}
	streams := ffprobe(t, path)
	if len(streams) != 2 || streams[0].Width != 640 {
		t.Errorf("ffprobe streams %+v", streams)
	}
}

// cancelOnWrite cancels a context at its first Write.
type cancelOnWrite struct {
	buf    bytes.Buffer
	once   sync.Once
	cancel context.CancelFunc
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	c.once.Do(c.cancel)
	return c.buf.Write(p)
}

// TestFragmentedFlowsWhileRendering: the first bytes of a fragmented MP4
// reach the Writer while frames are still being rendered: a render
// cancelled by that first Write stops early, leaving a playable prefix of
// fewer frames than the video has. A faststart Writer receives its bytes
// only after the last frame (the same cancel comes too late to stop it).
// The project has no music, so that the muxer can start at once (with
// music it starts when the AAC track is ready, which under load may come
// after the last frame).
func TestFragmentedFlowsWhileRendering(t *testing.T) {
	t.Parallel()
	needFFmpeg(t)
	p := quickProject()
	p.Assets[0].End = 12 * time.Second // long enough to need several fragments
	p.Assets = p.Assets[:3]            // no music
	pl, err := Validate(context.Background(), p, testResolver(), Options{Styles: testStyles(t), Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &cancelOnWrite{cancel: cancel}
	_, err = Render(ctx, p, testResolver(), Options{Styles: testStyles(t), Output: ToWriter(w, Fragmented), Preview: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Render returned %v, want context.Canceled from the first Write", err)
	}
	path := filepath.Join(t.TempDir(), "prefix.mp4")
	if err := os.WriteFile(path, w.buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:v", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("the prefix does not decode: %v", err)
	}
	n := strings.Count(string(out), "\n0,")
	if n < 20 || n >= pl.Frames {
		t.Errorf("the prefix decodes to %d frames, want at least a GOP (2 s at 10 fps) and fewer than the video's %d", n, pl.Frames)
	}
	t.Logf("cancelled at the first write: %d bytes, %d of %d frames", w.buf.Len(), n, pl.Frames)

	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	w2 := &cancelOnWrite{cancel: cancel2}
	res, err := Render(ctx2, p, testResolver(), Options{Styles: testStyles(t), Output: ToWriter(w2, Faststart), Preview: true})
	if err != nil {
		t.Fatalf("faststart render: %v", err)
	}
	if int64(w2.buf.Len()) != res.Renditions[0].Size {
		t.Errorf("faststart writer got %d bytes, result says %d", w2.buf.Len(), res.Renditions[0].Size)
	}
}

// TestRenderToWriterFailureWritesNothing: a faststart Writer of a failed
// render has received nothing.
func TestRenderToWriterFailureWritesNothing(t *testing.T) {
	t.Parallel()
	p := quickProject()
	p.Assets[2].AssetID = "photos/does-not-exist.jpg"
	var video, thumb bytes.Buffer
	_, err := Render(context.Background(), p, testResolver(), Options{Styles: testStyles(t), Output: ToWriter(&video, Faststart).WithThumbnail(&thumb), Renditions: []Quality{360}})
	if err == nil {
		t.Fatal("render with a missing photo succeeded")
	}
	if video.Len() != 0 || thumb.Len() != 0 {
		t.Fatalf("failed render wrote %d video and %d thumbnail bytes", video.Len(), thumb.Len())
	}
}

func TestSinkOptionErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"no output", Options{}, "no output"},
		{"writer with several renditions", Options{Output: ToWriter(io.Discard, Faststart), Renditions: []Quality{360, 480}}, "takes one rendition"},
		{"sink with both", Options{Output: ToSinks(func(Quality) Sink { return Sink{Path: "x.mp4", Writer: io.Discard} })}, "exactly one of Path and Writer"},
		{"fragmented path", Options{Output: ToSinks(func(Quality) Sink { return Sink{Path: "x.mp4", Mode: Fragmented} })}, "needs a Writer"},
		{"two thumbnails", Options{Output: ToSinks(func(Quality) Sink { return Sink{Writer: io.Discard, Thumbnail: "t.jpg", ThumbnailWriter: io.Discard} })}, "not both"},
		{"nil writer", Options{Output: ToWriter(nil, Fragmented), Renditions: []Quality{360}}, "nil Writer"},
		{"empty path", Options{Output: ToFile("")}, "empty path"},
		{"unknown mode", Options{Output: ToWriter(io.Discard, 7), Renditions: []Quality{360}}, "unknown writer mode"},
		{"missing folder", Options{Output: ToFile(filepath.Join(dir, "no", "out.mp4")), Renditions: []Quality{360}}, "no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Styles = testStyles(t)
			_, err := Render(context.Background(), quickProject(), testResolver(), tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			for _, leak := range []string{".h264", ".part", ".tmp", "reel-"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("error %q names a temporary file", err)
				}
			}
		})
	}
}

// wrappedResponse is middleware's ResponseWriter: no Flush of its own,
// only Unwrap (as http.ResponseController expects).
type wrappedResponse struct{ http.ResponseWriter }

func (w wrappedResponse) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// TestFragmentedFlushesThroughMiddleware: the fragments of a render into a
// wrapped http.ResponseWriter (no Flush method, only Unwrap) are flushed.
func TestFragmentedFlushesThroughMiddleware(t *testing.T) {
	t.Parallel()
	p := quickProject()
	p.Assets = p.Assets[:3] // no music: the first fragment leaves at once
	rec := httptest.NewRecorder()
	o := Options{Styles: testStyles(t), Output: ToWriter(wrappedResponse{rec}, Fragmented), Preview: true}
	if _, err := Render(context.Background(), p, testResolver(), o); err != nil {
		t.Fatal(err)
	}
	if !rec.Flushed || rec.Body.Len() == 0 {
		t.Fatalf("flushed %v, %d bytes", rec.Flushed, rec.Body.Len())
	}
}

// TestToFilesNamesEachRendition: ToFiles puts each rendition's video and
// thumbnail where its function says, ToFile adds "-<quality>" to its path
// for several renditions, and Result names the files.
func TestToFilesNamesEachRendition(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := func(q Quality) (string, string) {
		return filepath.Join(dir, fmt.Sprintf("v%d.mp4", q)), filepath.Join(dir, fmt.Sprintf("t%d.jpg", q))
	}
	res := render(t, quickProject(), Options{Output: ToFiles(name), Renditions: []Quality{360, 480}, Preset: "ultrafast"})
	for i, q := range []Quality{360, 480} {
		v, th := name(q)
		if r := res.Renditions[i]; r.Path != v || r.Thumbnail != th {
			t.Errorf("rendition %d: %s and %s, want %s and %s", q, r.Path, r.Thumbnail, v, th)
		}
		for _, f := range []string{v, th} {
			if _, err := os.Stat(f); err != nil {
				t.Error(err)
			}
		}
	}
	res = render(t, quickProject(), Options{Output: ToFile(filepath.Join(dir, "out.mp4")), Renditions: []Quality{360, 480}, Preset: "ultrafast"})
	for i, q := range []Quality{360, 480} {
		want := filepath.Join(dir, fmt.Sprintf("out-%d.mp4", q))
		if r := res.Renditions[i]; r.Path != want || r.Thumbnail != strings.TrimSuffix(want, ".mp4")+".jpg" {
			t.Errorf("rendition %d: %s and %s, want %s and its .jpg", q, r.Path, r.Thumbnail, want)
		}
	}
}
