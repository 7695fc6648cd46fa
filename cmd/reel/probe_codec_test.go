package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestProbeRefusesAClipInACodecReelCannotDecode: an MPEG-4 Part 2 MP4
// (made by ffmpeg) is still described, but probe names the codec on
// stderr as one reel cannot decode and exits 3, as render does, naming
// the codec the same way.
func TestProbeRefusesAClipInACodecReelCannotDecode(t *testing.T) {
	dir := clipDir(t, "old.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=3", "-c:v", "mpeg4")
	file := filepath.Join(dir, "clips", "old.mp4")
	code, stdout, stderr := runCLI("probe", file)
	if code != exitValidation {
		t.Fatalf("exit %d, want %d; stderr %q", code, exitValidation, stderr)
	}
	if !strings.Contains(stdout, "kind       video (mp4)") || !strings.Contains(stdout, "64x48") {
		t.Errorf("the clip is still described: %q", stdout)
	}
	if !strings.Contains(stderr, file+": clip: not a video clip reel can read: the video is MPEG-4 Part 2 (mp4v); reel decodes H.264 and HEVC") {
		t.Errorf("stderr %q", stderr)
	}
	code, stdout, _ = runCLI("probe", "--json", file)
	if code != exitValidation || !strings.Contains(stdout, `"error": "clip: not a video clip reel can read: the video is MPEG-4 Part 2 (mp4v)`) ||
		!strings.Contains(stdout, `"width": 64`) {
		t.Errorf("--json: exit %d, %s", code, stdout)
	}
	code, _, stderr = runCLI("render", filepath.Join(dir, "project.json"), "-o", filepath.Join(dir, "out.mp4"), "--quiet")
	if code != exitValidation || !strings.Contains(stderr, "assets[0]") || !strings.Contains(stderr, "the video is MPEG-4 Part 2 (mp4v); reel decodes H.264 and HEVC") {
		t.Errorf("render: exit %d, %q", code, stderr)
	}
}
