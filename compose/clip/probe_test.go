package clip

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// needFFmpeg skips the test when ffmpeg (the clip generator and oracle)
// is absent.
func needFFmpeg(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg not installed: it generates the test clips and is the oracle")
	}
}

// ffmpegClip runs ffmpeg with args and the output path last.
func ffmpegClip(t testing.TB, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("ffmpeg", append(append([]string{"-v", "error", "-nostdin", "-y"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, b)
	}
	return out
}

func probeFile(t *testing.T, path string) (Info, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Probe(bytes.NewReader(b), int64(len(b)))
}

func TestProbeMP4WithBFramesAndAAC(t *testing.T) {
	inf, err := probeFile(t, bframesMP4)
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Container: "mp4", Codec: "h264", Profile: "High", Width: 64, Height: 48, Duration: 500 * time.Millisecond,
		FrameRate: 30, BitDepth: 8, Audio: &AudioInfo{Codec: "aac", SampleRate: 48000, Channels: 1},
		Colour: Colour{Primaries: 6, Transfer: 6, Matrix: 6, Source: "guessed"}} // untagged SD
	if inf.Audio == nil || *inf.Audio != *want.Audio {
		t.Fatalf("audio %+v, want %+v", inf.Audio, want.Audio)
	}
	inf.Audio, want.Audio = nil, nil
	if inf != want {
		t.Fatalf("Probe:\n got %+v\nwant %+v", inf, want)
	}
}

func TestProbePortraitMOV(t *testing.T) {
	inf, err := probeFile(t, portraitMOV)
	if err != nil {
		t.Fatal(err)
	}
	if inf.Container != "mov" || inf.Width != 48 || inf.Height != 64 || inf.Rotation != 90 || inf.FrameRate != 25 ||
		inf.Audio == nil || inf.Audio.Codec != "pcm" || inf.Audio.SampleRate != 8000 {
		t.Fatalf("Probe: %+v audio %+v", inf, inf.Audio)
	}
}

func TestProbeHEVCMain10HLG(t *testing.T) {
	needFFmpeg(t)
	p := ffmpegClip(t, "hlg.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25:duration=0.2",
		"-c:v", "libx265", "-x265-params", "log-level=none", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1",
		"-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc")
	inf, err := probeFile(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if inf.Codec != "hevc" || inf.Profile != "Main 10" || inf.BitDepth != 10 || inf.HDR != "hlg" || inf.Audio != nil {
		t.Fatalf("Probe: %+v", inf)
	}
}

func TestProbeVariableFrameRate(t *testing.T) {
	needFFmpeg(t)
	p := vfrClip(t)
	inf, err := probeFile(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if !inf.VariableFrameRate {
		t.Fatalf("VFR clip not flagged: %+v", inf)
	}
	cfr, _ := probeFile(t, bframesMP4)
	if cfr.VariableFrameRate {
		t.Fatal("a 30 fps clip flagged as variable frame rate")
	}
}

// vfrClip makes a 64x64 H.264 clip whose frame i is shown at i*i/100 s.
func vfrClip(t testing.TB) string {
	return ffmpegClip(t, "vfr.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=100:duration=1",
		"-vf", "select='eq(pow(floor(sqrt(n)),2),n)'", "-vsync", "vfr",
		"-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-c:v", "libx264", "-bf", "0", "-video_track_timescale", "1000")
}

func TestFrameAtFollowsPresentationTimesOfVFRClips(t *testing.T) {
	needFFmpeg(t)
	r, _, _ := openFake(t, vfrClip(t), Options{}, 0, nil)
	for ms := 0; ms < 1000; ms += 7 {
		at := time.Duration(ms) * time.Millisecond
		want := 0
		for i := range 10 {
			if i*i*10 <= ms {
				want = i
			}
		}
		if got := frameRank(t, r, at); got != want {
			t.Fatalf("at %v: frame %d, want %d (frame i shows from i*i*10 ms)", at, got, want)
		}
	}
}

func TestNoVideoTrackIsUnsupported(t *testing.T) {
	needFFmpeg(t)
	p := ffmpegClip(t, "a.mp4", "-f", "lavfi", "-i", "sine=duration=0.2", "-c:a", "aac")
	if _, err := probeFile(t, p); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("audio-only MP4: %v, want ErrUnsupported", err)
	}
}

func TestOpenWithoutTheDecoderLibraryFailsBeforeAnyFrame(t *testing.T) {
	b, err := os.ReadFile(bframesMP4)
	if err != nil {
		t.Fatal(err)
	}
	missing := func(codec string) (codecLib, bool) {
		c := codecLib{codec: "h264", library: "Cisco's OpenH264 (libopenh264.so.7)", pkg: "libopenh264-7",
			load: func() (decoderLib, error) { return nil, errors.New("libopenh264.so.7: cannot open shared object file") }}
		return c, codec == "h264"
	}
	_, err = open(context.Background(), bytes.NewReader(b), int64(len(b)), Options{}, missing)
	var me *MissingDecoderError
	if !errors.As(err, &me) {
		t.Fatalf("Open: %v, want a MissingDecoderError", err)
	}
	const msg = "clip: h264 needs Cisco's OpenH264 (libopenh264.so.7): install the Debian package libopenh264-7"
	if err.Error() != msg || me.Err == nil {
		t.Fatalf("error %q (cause %v), want %q", err, me.Err, msg)
	}
	none := func(string) (codecLib, bool) { return codecLib{}, false }
	if _, err := open(context.Background(), bytes.NewReader(b), int64(len(b)), Options{}, none); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("a codec without a decoder: %v, want ErrUnsupported", err)
	}
}

func TestDecodersListsH264AndHEVC(t *testing.T) {
	ds := Decoders()
	if len(ds) != 2 || ds[0].Codec != "h264" || ds[1].Codec != "hevc" || ds[0].Package != "libopenh264-7" || ds[1].Package != "libde265-0" {
		t.Fatalf("Decoders() = %+v", ds)
	}
	for _, d := range ds {
		if d.Available == (d.Err != "") {
			t.Errorf("%s: Available %v with Err %q", d.Codec, d.Available, d.Err)
		}
	}
}
