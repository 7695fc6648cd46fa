package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The data directory of testdata/olddata (see its README.md): made by the
// reeld of commit 13e31a0, the last with the home-made SQLite job queue,
// and left as SIGKILL leaves it (WAL not checkpointed, a render running).
const (
	oldDataTar     = "../../testdata/olddata/olddata.tar.gz"
	oldUser        = "olduser"
	oldPassword    = "oldpass"
	oldCredits     = 2 // 5 minus the three renders queued at fixture time
	oldDraft       = "4zan6b3t3j3zposbphpqqk4xy4"
	oldPublished   = "yluylmgak4xa6d2pmargtjkuqq"
	oldRunning     = "5zbjqxb5mbty7exqhfuz5lahwa" // render job running when reeld was killed
	oldQueued      = "h3ciipqliolmlbkymuei5b5fbu" // render job queued
	oldPreview     = "q627r3d6lqf7ymbjsbnruqbcsa" // preview job queued
	oldPublishedMP = "blobs/videos/" + oldPublished + "/1-360.mp4"
	oldPreviewMP   = "blobs/videos/" + oldPublished + "/2-144.mp4"
)

// TestOldDataDir: today's reeld opens a data directory made by
// an older one and finds everything in it: the user and her credits, the
// photos, music and videos with their statuses, the published video's
// files; the render that was running when the old process died and the
// render and preview that were queued all run to completion, and none of
// them is charged a second time. Only behaviour is checked (HTTP answers,
// downloaded bytes, ffprobe), never the queue's tables.
func TestOldDataDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	untarGz(t, oldDataTar, dir)
	fixtureFile := func(rel string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// Read before reeld opens the directory: what the old reeld stored.
	publishedMP4, previewMP4 := fixtureFile(oldPublishedMP), fixtureFile(oldPreviewMP)

	// Renders wait for the gate, so the statuses found at open are stable.
	gate := filepath.Join(t.TempDir(), "gate")
	p := startReeldEnv(t, []string{gateEnv + "=" + gate}, dir)
	c := login(t, p, oldUser, oldPassword)
	checkCredits(t, c, oldCredits)

	list := c.obj(c.do("GET", "/me/videos?count=100", nil, ""))
	type state struct{ name, status string }
	got := map[string]state{}
	for _, v := range list["videos"].([]any) {
		v := v.(map[string]any)
		got[v["id"].(string)] = state{v["name"].(string), v["status"].(string)}
	}
	want := map[string]state{
		oldDraft:     {"draft", "initial"},
		oldPublished: {"published", "published"},
		oldRunning:   {"render-running", "processing"},
		oldQueued:    {"render-queued", "processing"},
		oldPreview:   {"preview-queued", "initial"},
	}
	if len(got) != len(want) {
		t.Errorf("listed %d videos %v, want %d", len(got), got, len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("video %s: listed as %+v, want %+v", id, got[id], w)
		}
	}

	// The published video and its preview download as the old files.
	pub := c.obj(c.do("GET", "/me/videos/"+oldPublished, nil, ""))
	if b := httpGet(t, fileURL(t, pub, "video", "360"), "", http.StatusOK); !bytes.Equal(b, publishedMP4) {
		t.Errorf("published 360p download: %d bytes, not the %d stored by the old reeld", len(b), len(publishedMP4))
	}
	if b := httpGet(t, fileURL(t, pub, "preview", "144"), "", http.StatusOK); !bytes.Equal(b, previewMP4) {
		t.Errorf("published preview download: %d bytes, not the %d stored by the old reeld", len(b), len(previewMP4))
	}
	// Photos and music are there, with the old bytes.
	photos := c.obj(c.do("GET", "/me/photos", nil, ""))["photos"].([]any)
	if len(photos) != 3 {
		t.Errorf("%d photos, want 3", len(photos))
	}
	for _, ph := range photos {
		ph := ph.(map[string]any)
		id := ph["id"].(string)
		if b := httpGet(t, ph["url"].(string), "", http.StatusOK); !bytes.Equal(b, fixtureFile("blobs/photos/"+id+".jpg")) {
			t.Errorf("photo %s: downloaded bytes differ from the stored file", id)
		}
	}
	musics := c.obj(c.do("GET", "/me/musics", nil, ""))["musics"].([]any)
	if len(musics) != 1 || musics[0].(map[string]any)["title"] != "Old Chord" {
		t.Errorf("musics: %v, want one titled Old Chord", musics)
	}

	// The queued and interrupted jobs run.
	if err := os.WriteFile(gate, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{oldRunning, oldQueued} {
		v := waitVideo(t, c, id, "published")
		b := httpGet(t, fileURL(t, v, "video", "360"), "", http.StatusOK)
		checkProbe(t, id, b, "640x360", v["duration"].(float64))
	}
	v := waitPreview(t, c, oldPreview)
	if v["status"] != "initial" {
		t.Errorf("preview-queued after its preview: status %v, want initial", v["status"])
	}
	checkProbe(t, oldPreview, httpGet(t, fileURL(t, v, "preview", "144"), "", http.StatusOK), "256x144", -1)
	// The queued renders were paid for by the old reeld: nothing more.
	checkCredits(t, c, oldCredits)

	// A new render after the migration takes exactly one credit.
	c.obj(c.do("POST", "/me/videos/"+oldDraft+"/render", nil, ""))
	waitVideo(t, c, oldDraft, "published")
	checkCredits(t, c, oldCredits-1)

	p.signal(syscall.SIGTERM)
	if err := p.wait(time.Minute); err != nil {
		t.Fatalf("reeld exit after SIGTERM: %v", err)
	}
}

// checkCredits fails unless the logged-in user has n credits left.
func checkCredits(t *testing.T, c *apiClient, n int) {
	t.Helper()
	me := c.obj(c.do("GET", "/me", nil, ""))
	if cr, ok := me["credits"].(float64); !ok || int(cr) != n {
		t.Fatalf("credits %v, want %d", me["credits"], n)
	}
}

// fileURL is the url of v[field][quality] (field "video" or "preview").
func fileURL(t *testing.T, v map[string]any, field, quality string) string {
	t.Helper()
	files, _ := v[field].(map[string]any)
	f, _ := files[quality].(map[string]any)
	u, _ := f["url"].(string)
	if u == "" {
		t.Fatalf("video %v has no %s %s", v["id"], field, quality)
	}
	return u
}

// waitPreview polls a video until it has a 144p preview.
func waitPreview(t *testing.T, c *apiClient, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		v := c.obj(c.do("GET", "/me/videos/"+id, nil, ""))
		if pv, _ := v["preview"].(map[string]any); pv["144"] != nil {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("video %s: no preview: %v", id, v)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkProbe has ffprobe (the independent oracle; skipped with a log line
// when absent) read mp4: H.264 at size plus AAC, and, when duration >= 0,
// a length within a second of it (the API rounds to whole seconds).
func checkProbe(t *testing.T, what string, mp4 []byte, size string, duration float64) {
	t.Helper()
	probe, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Logf("ffprobe not installed: %s not checked (apt-get install -y ffmpeg)", what)
		return
	}
	path := filepath.Join(t.TempDir(), "v.mp4")
	if err := os.WriteFile(path, mp4, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(probe, "-v", "error", "-show_entries", "stream=codec_name,width,height:format=duration", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("%s: ffprobe: %v", what, err)
	}
	var r struct {
		Streams []struct {
			CodecName     string `json:"codec_name"`
			Width, Height int
		}
		Format struct {
			Duration float64 `json:"duration,string"`
		}
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%s: ffprobe output: %v: %s", what, err, out)
	}
	var codecs []string
	for _, s := range r.Streams {
		c := s.CodecName
		if s.Width > 0 {
			c = fmt.Sprintf("%s %dx%d", c, s.Width, s.Height)
		}
		codecs = append(codecs, c)
	}
	if got := strings.Join(codecs, ", "); got != "h264 "+size+", aac" {
		t.Errorf("%s: streams %q, want h264 %s, aac", what, got, size)
	}
	if duration >= 0 && math.Abs(r.Format.Duration-duration) > 1 {
		t.Errorf("%s: ffprobe duration %.2f s, the API says %.0f s", what, r.Format.Duration, duration)
	}
}

// untarGz extracts the regular files and directories of a .tar.gz into dir.
func untarGz(t *testing.T, path, dir string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(name+string(filepath.Separator), filepath.Clean(dir)+string(filepath.Separator)) {
			t.Fatalf("%s: entry %q leaves the directory", path, h.Name)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(name, 0o700)
		case tar.TypeReg:
			var out *os.File
			if out, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, h.FileInfo().Mode().Perm()); err == nil {
				_, err = io.Copy(out, tr)
				if cerr := out.Close(); err == nil {
					err = cerr
				}
			}
		default:
			t.Fatalf("%s: unexpected entry %q (type %c)", path, h.Name, h.Typeflag)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
