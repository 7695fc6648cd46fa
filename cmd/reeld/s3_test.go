package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reelkit/reel/internal/tests3"
)

// TestS3BlobsFlow runs reeld with --blobs on a real S3 server
// (versitygw): photo and music uploads, a render, the download with a
// Range, all stored in the bucket and nothing under --data/blobs; then
// a second reeld with --blob-redirect answers /v/ with a 302 to a
// presigned URL the S3 server honours a Range on.
func TestS3BlobsFlow(t *testing.T) {
	t.Parallel()
	probe, err := exec.LookPath("ffprobe")
	if err != nil {
		t.Skip("ffprobe not installed: it is the test oracle for rendered files (apt-get install -y ffmpeg)")
	}
	gw := tests3.Start(t)
	gw.CreateBucket(t, "reel-media")
	env := []string{"AWS_ACCESS_KEY_ID=" + tests3.AccessKey, "AWS_SECRET_ACCESS_KEY=" + tests3.SecretKey}
	spec := "s3://reel-media/prod?endpoint=" + gw.Endpoint + "&region=" + tests3.Region
	dir := t.TempDir()
	addUser(t, dir, "s3user", "pw")
	p := startReeldWith(t, env, dir, "--blobs", spec)
	c := login(t, p, "s3user", "pw")

	ph := c.obj(c.do("PUT", "/me/photos", bytes.NewReader(smallJPEG(t)), ""))["id"].(string)
	mp3, err := os.ReadFile("../../testdata/music/chords48k_stereo_vbr.mp3")
	if err != nil {
		t.Fatal(err)
	}
	mu := c.obj(c.do("PUT", "/me/musics", bytes.NewReader(mp3), ""))["id"].(string)
	body := fmt.Sprintf(`{"name":"s3","style":"vanilla","quality":360,"assets":[{"name":"image","asset_id":%q,"start_time":0,"end_time":1},{"name":"music","asset_id":%q}]}`, ph, mu)
	id := c.obj(c.do("POST", "/me/videos", strings.NewReader(body), "application/json"))["id"].(string)
	c.obj(c.do("POST", "/me/videos/"+id+"/render", nil, ""))
	v := waitVideo(t, c, id, "published")
	rend := v["video"].(map[string]any)["360"].(map[string]any)
	url, size := rend["url"].(string), int(rend["size"].(float64))

	full := httpGet(t, url, "", http.StatusOK)
	if len(full) != size {
		t.Fatalf("download: %d bytes, size %d", len(full), size)
	}
	mp4 := filepath.Join(t.TempDir(), "v.mp4")
	os.WriteFile(mp4, full, 0o600)
	out, err := exec.Command(probe, "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", mp4).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "h264,640,360") || !strings.Contains(string(out), "aac") {
		t.Fatalf("ffprobe: %v: %s", err, out)
	}
	if part := httpGet(t, url, "bytes=1000-1999", http.StatusPartialContent); !bytes.Equal(part, full[1000:2000]) {
		t.Fatal("range from S3: wrong bytes")
	}
	// Everything is in the bucket, under the prefix; nothing on local disk.
	var objects []string
	filepath.Walk(filepath.Join(gw.Root, "reel-media"), func(path string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			rel, _ := filepath.Rel(filepath.Join(gw.Root, "reel-media"), path)
			objects = append(objects, rel)
		}
		return nil
	})
	joined := strings.Join(objects, " ")
	for _, want := range []string{"prod/photos/", "prod/music", "prod/videos/" + id + "/"} {
		if !strings.Contains(joined, want) {
			t.Errorf("bucket holds %v: nothing under %s", objects, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "blobs")); !os.IsNotExist(err) {
		t.Errorf("--data/blobs exists with S3 blobs: %v", err)
	}
	p.signal(syscall.SIGTERM)
	if err := p.wait(time.Minute); err != nil {
		t.Fatal(err)
	}

	// The same data behind --blob-redirect: /v/ is a 302 to S3.
	p = startReeldWith(t, env, dir, "--blobs", spec, "--blob-redirect", "5m")
	url = strings.Replace(url, url[:strings.Index(url, "/v/")], p.url, 1)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(loc, gw.Endpoint+"/reel-media/prod/videos/") || !strings.Contains(loc, "X-Amz-Signature=") {
		t.Fatalf("redirect: %d Location %q", res.StatusCode, loc)
	}
	if part := httpGet(t, loc, "bytes=1000-1999", http.StatusPartialContent); !bytes.Equal(part, full[1000:2000]) {
		t.Fatal("range from the presigned URL: wrong bytes")
	}
	if res, err := noFollow.Get(p.url + "/v/nonexistent/x.mp4"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Fatalf("missing video with redirect: %v %v", res.StatusCode, err)
	}
}

// TestBlobsFlagRefusesBadSpecs: a bad --blobs or --blob-redirect is a
// usage error that creates nothing (not even the data directory).
func TestBlobsFlagRefusesBadSpecs(t *testing.T) {
	t.Parallel()
	s3 := "s3://b?endpoint=http://127.0.0.1:1"
	for _, args := range [][]string{
		{"--blobs", "gs://bucket"},
		{"--blobs", "s3://b?bogus=1"},
		{"--blob-redirect", "5m"},
		{"--blobs", s3, "--blob-redirect", "-1m"},
		{"--blobs", s3, "--blob-redirect", "200h"},
	} {
		data := filepath.Join(t.TempDir(), "data")
		err := run(t.Context(), append([]string{"--addr", "127.0.0.1:0", "--data", data}, args...), io.Discard, io.Discard)
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Errorf("%v: data directory created (%v)", args, err)
		}
	}
}

func httpGet(t *testing.T, url, rng string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if rng != "" {
		req.Header.Set("Range", rng)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("GET %s (Range %q): %d, want %d: %s", url, rng, res.StatusCode, want, b)
	}
	return b
}
