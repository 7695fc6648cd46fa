package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	portraitClip = filepath.Join("..", "..", "internal", "bmff", "testdata", "portrait.mov")
	webpClip     = filepath.Join("..", "..", "compose", "clip", "testdata", "box.webp")
	photoFile    = filepath.Join("..", "..", "testdata", "photos", "01.jpg")
	musicFile    = filepath.Join("..", "..", "testdata", "music", "tagged.mp3")
)

func TestProbePrintsClipPhotoAndMusic(t *testing.T) {
	code, stdout, stderr := runCLI("probe", portraitClip, webpClip, photoFile, musicFile)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		portraitClip + "\n  kind       video (mov)\n  codec      h264 High, 8-bit\n  size       48x64 (rotated 90°)\n  duration   0.400 s\n  frames     25 fps\n  colour     smpte170m/smpte170m/smpte170m, limited range (guessed)\n  audio      pcm, 8000 Hz, 1 channel(s)\n",
		webpClip + "\n  kind       video (webp)\n",
		photoFile + "\n  kind       photo (jpeg)\n  size       1600x1000\n",
		musicFile + "\n  kind       music (mp3)\n  duration   6.000 s\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestProbeJSON(t *testing.T) {
	code, stdout, _ := runCLI("probe", "--json", portraitClip, photoFile)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got []probeResult
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if len(got) != 2 || got[0].Kind != "video" || got[0].Video.Rotation != 90 || got[0].Video.Width != 48 ||
		got[0].Video.Audio == nil || got[0].Video.Audio.SampleRate != 8000 || got[1].Kind != "photo" || got[1].Photo.Width != 1600 {
		t.Fatalf("JSON %s", stdout)
	}
	if !strings.Contains(stdout, `"frame_rate": 25`) || !strings.Contains(stdout, `"variable_frame_rate": false`) {
		t.Fatalf("JSON field names: %s", stdout)
	}
}

// TestProbeShowsTheColourDescriptionAndItsSource probes a clip tagged
// in its SPS VUI only (full-range BT.601, as x264 writes it) and an
// untagged HD one, in text and JSON.
func TestProbeShowsTheColourDescriptionAndItsSource(t *testing.T) {
	tagged := filepath.Join(clipDir(t, "tagged.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10", "-frames:v", "1",
		"-pix_fmt", "yuv420p", "-c:v", "libx264", "-x264-params", "colorprim=bt470bg:transfer=smpte170m:colormatrix=bt470bg:fullrange=on"),
		"clips", "tagged.mp4")
	hd := filepath.Join(clipDir(t, "hd.mp4", "-f", "lavfi", "-i", "testsrc2=size=1280x96:rate=10", "-frames:v", "1",
		"-pix_fmt", "yuv420p", "-c:v", "libx264"), "clips", "hd.mp4")
	code, stdout, stderr := runCLI("probe", tagged, hd)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"tagged.mp4\n  kind       video (mp4)\n  codec      h264 High, 8-bit\n  size       64x48\n  duration   0.100 s\n  frames     10 fps\n" +
			"  colour     bt470bg/smpte170m/bt470bg, full range (vui)\n",
		"hd.mp4\n  kind       video (mp4)\n  codec      h264 High, 8-bit\n  size       1280x96\n  duration   0.100 s\n  frames     10 fps\n" +
			"  colour     bt709/bt709/bt709, limited range (guessed)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runCLI("probe", "--json", tagged, hd)
	if code != exitOK {
		t.Fatalf("--json: exit %d", code)
	}
	var got []probeResult
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || len(got) != 2 {
		t.Fatalf("%v\n%s", err, stdout)
	}
	want := []probeColour{
		{Primaries: "bt470bg", Transfer: "smpte170m", Matrix: "bt470bg", Range: "full", Source: "vui"},
		{Primaries: "bt709", Transfer: "bt709", Matrix: "bt709", Range: "limited", Source: "guessed"},
	}
	for i, r := range got {
		if r.Video == nil || r.Video.Colour == nil || *r.Video.Colour != want[i] {
			t.Errorf("%s: colour %+v, want %+v", r.File, r.Video, want[i])
		}
	}
	if !strings.Contains(stdout, `"colour": {`) || !strings.Contains(stdout, `"source": "vui"`) {
		t.Errorf("JSON field names: %s", stdout)
	}
}

func TestProbeRefusesWhatItCannotRead(t *testing.T) {
	junk := filepath.Join(t.TempDir(), "notes.mp4")
	if err := os.WriteFile(junk, []byte("just some text, not a movie"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI("probe", photoFile, junk, "/nonexistent.mov")
	if code != exitValidation {
		t.Fatalf("exit %d, want %d", code, exitValidation)
	}
	if !strings.Contains(stdout, "photo (jpeg)") {
		t.Errorf("the readable file is still described: %q", stdout)
	}
	if !strings.Contains(stderr, junk+": not a video clip, photo or music file") || !strings.Contains(stderr, "/nonexistent.mov: open") ||
		!strings.Contains(stderr, "2 of 3 files") {
		t.Errorf("stderr %q", stderr)
	}
	code, stdout, _ = runCLI("probe", "--json", junk)
	if code != exitValidation || !strings.Contains(stdout, `"error": "not a video clip`) {
		t.Errorf("--json: exit %d, %s", code, stdout)
	}
	if code, _, stderr := runCLI("probe"); code != exitUsage || !strings.Contains(stderr, "at least one file") {
		t.Errorf("no file: exit %d, %q", code, stderr)
	}
}

// TestVersionListsClipDecoders: reel version has a line per decoder
// library clips need (H.264, HEVC, AAC sound), naming its file.
func TestVersionListsClipDecoders(t *testing.T) {
	code, stdout, _ := runCLI("version")
	if code != exitOK {
		t.Skipf("version fails here (x264): exit %d", code)
	}
	libs := map[string]string{"h264": "libopenh264.so.7", "hevc": "libde265.so.0", "aac": "libfaad.so.2"}
	for _, codec := range []string{"\nh264  ", "\nhevc  ", "\naac   "} {
		i := strings.Index(stdout, codec)
		if i < 0 {
			t.Fatalf("no %q line in %q", strings.TrimSpace(codec), stdout)
		}
		line := stdout[i+1:]
		line = line[:strings.Index(line, "\n")]
		if lib := libs[strings.TrimSpace(codec)]; !strings.Contains(line, lib) {
			t.Errorf("decoder line %q names no library", line)
		}
	}
}
