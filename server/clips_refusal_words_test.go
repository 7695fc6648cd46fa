package server

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// TestClipRefusalsSpeakAUsersWords uploads the bad clips a user meets,
// made by ffmpeg: each is a 4xx whose message says what is wrong in
// words (no decoder prefixes said twice), and none leaves a row or a
// file. A video wider than 8192 pixels is a 413 as the README says, not
// a "corrupt" 400.
func TestClipRefusalsSpeakAUsersWords(t *testing.T) {
	t.Parallel()
	ff := needFFmpeg(t)
	e := newTestEnv(t, nil)
	c := e.loginApp("words")
	small := makeClip(t, ff, "s.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=1",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
	huge := append([]byte(nil), small...)
	k := bytes.Index(huge, []byte("stsd")) + 16 // the first sample entry's fourcc
	binary.BigEndian.PutUint16(huge[k+28:], 30000)
	binary.BigEndian.PutUint16(huge[k+30:], 30000)
	mp4v := makeClip(t, ff, "m.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=1", "-c:v", "mpeg4")
	audioOnly := makeClip(t, ff, "a.mp4", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac")
	hevc := makeClip(t, ff, "h.mov", "-f", "lavfi", "-i", "testsrc2=size=128x96:rate=10:duration=2",
		"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-movflags", "+faststart")

	before := len(blobFiles(t, e.dir))
	for _, tc := range []struct {
		name string
		body []byte
		code int
		msg  string
	}{
		{"30000x30000", huge, 413, "clip too large: the video is 30000x30000 pixels; reel reads clips up to 8192x8192"},
		{"mpeg-4 part 2", mp4v, 415, "unsupported clip type: the video is MPEG-4 Part 2 (mp4v); reel decodes H.264 and HEVC video"},
		{"audio only", audioOnly, 415, "unsupported clip type: the file has no video track; upload an MP4 or MOV"},
		{"truncated hevc", hevc[:len(hevc)/2], 400, "corrupt or truncated clip:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do("PUT", "/me/clips", bytes.NewReader(tc.body), nil)
			if r.code != tc.code || !strings.Contains(string(r.body), tc.msg) {
				t.Fatalf("want %d %q, got %d %s", tc.code, tc.msg, r.code, r.body)
			}
			if strings.Contains(string(r.body), "not a video clip reel can read") || strings.Contains(string(r.body), "not a clip reel can read") {
				t.Fatalf("the decoder's prefixes leak into the message: %s", r.body)
			}
		})
	}
	if n := len(blobFiles(t, e.dir)); n != before {
		t.Fatalf("refused clips left %d files", n-before)
	}
	if r := c.ok(c.do("GET", "/me/clips", nil, nil)); len(r["clips"].([]any)) != 0 {
		t.Fatalf("refused clips are listed: %v", r)
	}
}
