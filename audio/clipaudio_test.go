package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os/exec"
	"testing"
	"time"

	"github.com/reelkit/reel/audio/internal/faad"
)

// ffmpegOut runs the test oracle/generator with stdin and returns stdout.
func ffmpegOut(t testing.TB, stdin []byte, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg (test generator and oracle) not installed")
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command("ffmpeg", append([]string{"-hide_banner", "-loglevel", "error"}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, stderr.String())
	}
	return out.Bytes()
}

func f32leFloats(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// adtsTrack is an AAC track as an MP4 made by ffmpeg holds it: the ADTS
// stream's frames, 1024 frames each, the first 1024 being the encoder's
// priming (the edit list skips them: PTS -1024).
func adtsTrack(t testing.TB, adts []byte, rate int, dur time.Duration) *clipTrack {
	s, err := faad.SplitADTS(adts)
	if err != nil {
		t.Fatal(err)
	}
	tr := &clipTrack{codec: "mp4a", timescale: uint32(rate), config: s.ASC, rate: rate, chans: 2, duration: dur}
	for i, f := range s.Frames {
		tr.samples = append(tr.samples, clipSample{pts: int64(i-1) * 1024, size: uint32(len(f))})
	}
	tr.read = func(i int, buf []byte) ([]byte, error) { return append(buf[:0], s.Frames[i]...), nil }
	return tr
}

func readPCM(t testing.TB, s PCMSource) []float32 {
	t.Helper()
	var out []float32
	buf := make([]float32, 2*1000+2)
	for {
		n, err := s.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// bestLag finds the shift of got against ref (in frames, within +/-max)
// that correlates best, on the left channel.
func bestLag(got, ref []float32, maxLag int) (lag int, corr float64) {
	corr = math.Inf(-1)
	for l := -maxLag; l <= maxLag; l++ {
		var s, ga, ra float64
		for i := maxLag; i < len(got)/2-maxLag && i+l < len(ref)/2; i++ {
			g, r := float64(got[2*i]), float64(ref[2*(i+l)])
			s += g * r
			ga += g * g
			ra += r * r
		}
		if c := s / math.Sqrt(ga*ra); c > corr {
			lag, corr = l, c
		}
	}
	return lag, corr
}

// TestClipAudioTrimMatchesFFmpeg trims AAC at 2.5..5.5 s and compares with
// ffmpeg's decode of the same stream at the same presentation times
// (ffmpeg's ADTS decode keeps the 1024 priming frames: they are skipped
// here as the MP4 edit list would).
func TestClipAudioTrimMatchesFFmpeg(t *testing.T) {
	if _, err := faad.Load(); err != nil {
		t.Skipf("libfaad2 not usable: %v", err)
	}
	src := "aevalsrc=0.4*sin(2*PI*(200+300*t)*t)|0.3*sin(2*PI*523*t)*(0.5+0.5*sin(2*PI*2*t)):s=44100:d=7"
	adts := ffmpegOut(t, nil, "-f", "lavfi", "-i", src, "-c:a", "aac", "-b:a", "160k", "-f", "adts", "-")
	ref := f32leFloats(ffmpegOut(t, adts, "-f", "aac", "-i", "-", "-f", "f32le", "-"))[2*1024:]
	tr := adtsTrack(t, adts, 44100, 7*time.Second)
	for _, c := range []struct{ from, to time.Duration }{
		{2500 * time.Millisecond, 5500 * time.Millisecond},
		{0, 0},
		{1234567 * time.Microsecond, 0},
	} {
		s, err := openTrackAudio(tr, c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		got := readPCM(t, s)
		end := c.to
		if end == 0 {
			end = 7 * time.Second
		}
		wantFrames := int(math.Round((end - c.from).Seconds() * 44100))
		if len(got) != 2*wantFrames || s.Info().Samples != int64(wantFrames) || s.Info().SampleRate != 44100 {
			t.Fatalf("%v..%v: %d frames (Info %+v), want %d", c.from, c.to, len(got)/2, s.Info(), wantFrames)
		}
		off := int(math.Round(c.from.Seconds() * 44100))
		r := ref[2*off : 2*(off+wantFrames)]
		lag, corr := bestLag(got, r, 44)
		var maxErr float64
		for i := range got {
			maxErr = max(maxErr, math.Abs(float64(got[i]-r[i])))
		}
		t.Logf("%v..%v: lag %d frames, correlation %.6f, max abs error %.2g", c.from, c.to, lag, corr, maxErr)
		if lag != 0 || corr < 0.9999 || maxErr > 0.02 {
			t.Errorf("%v..%v: lag %d frames, correlation %.6f, max abs error %.3g against ffmpeg", c.from, c.to, lag, corr, maxErr)
		}
		s.Close()
	}
}

// pcmTrack is a sowt (16-bit little-endian) stereo track of a ramp, in
// chunks of 1000 frames, presented from startPTS.
func pcmTrack(frames int, startPTS int64) (*clipTrack, []int16) {
	ramp := make([]int16, 2*frames)
	for i := range frames {
		ramp[2*i], ramp[2*i+1] = int16(i%30000), int16(-(i % 30000))
	}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, ramp)
	data := b.Bytes()
	tr := &clipTrack{codec: "sowt", timescale: 48000, rate: 48000, chans: 2, bits: 16,
		duration: time.Duration(int64(frames)+startPTS) * time.Second / 48000}
	for off := 0; off < frames; off += 1000 {
		n := min(1000, frames-off)
		tr.samples = append(tr.samples, clipSample{pts: startPTS + int64(off), size: uint32(4 * n)})
	}
	tr.read = func(i int, buf []byte) ([]byte, error) {
		return append(buf[:0], data[4000*i:4000*i+int(tr.samples[i].size)]...), nil
	}
	return tr, ramp
}

// TestClipAudioPCMTrimIsSampleExact: a PCM track trimmed anywhere gives
// exactly the ramp's frames from round(start*rate) on.
func TestClipAudioPCMTrimIsSampleExact(t *testing.T) {
	tr, ramp := pcmTrack(96000, 0)
	for _, c := range []struct{ from, to time.Duration }{{0, 0}, {1 * time.Second / 3, 1500 * time.Millisecond}, {20833 * time.Microsecond, 21 * time.Millisecond}} {
		s, err := openTrackAudio(tr, c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		got := readPCM(t, s)
		end := c.to
		if end == 0 {
			end = 2 * time.Second
		}
		a, b := int(math.Round(c.from.Seconds()*48000)), int(math.Round(end.Seconds()*48000))
		if len(got) != 2*(b-a) {
			t.Fatalf("%v..%v: %d frames, want %d", c.from, c.to, len(got)/2, b-a)
		}
		for i := range got {
			if want := float32(ramp[2*a+i]) / 32768; got[i] != want {
				t.Fatalf("%v..%v: sample %d = %v, want %v", c.from, c.to, i, got[i], want)
			}
		}
	}
}

// TestClipAudioLateStartIsSilence: sound that starts after the clip's
// first frame (an initial empty edit) is preceded by silence.
func TestClipAudioLateStartIsSilence(t *testing.T) {
	tr, _ := pcmTrack(48000, 4800) // starts 100 ms in
	s, err := openTrackAudio(tr, 50*time.Millisecond, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := readPCM(t, s)
	if len(got) != 2*(48000+2400) {
		t.Fatalf("%d frames, want %d", len(got)/2, 48000+2400)
	}
	for i := 0; i < 2*2400; i++ {
		if got[i] != 0 {
			t.Fatalf("frame %d before the sound starts is %v", i/2, got[i])
		}
	}
	if got[2*2401] != float32(1)/32768 {
		t.Errorf("sound does not start at 100 ms: %v", got[2*2400:2*2403])
	}
}

func TestClipAudioErrors(t *testing.T) {
	tr, _ := pcmTrack(4800, 0)
	for name, c := range map[string]struct {
		mod      func(*clipTrack)
		from, to time.Duration
		kind     error
	}{
		"codec":         {func(t *clipTrack) { t.codec = "alac" }, 0, 0, ErrUnsupported},
		"bits":          {func(t *clipTrack) { t.bits = 12 }, 0, 0, ErrUnsupported},
		"no samples":    {func(t *clipTrack) { t.samples = nil }, 0, 0, ErrEmpty},
		"after the end": {func(*clipTrack) {}, time.Second, 0, ErrEmpty},
		"bad config":    {func(t *clipTrack) { t.codec, t.config = "mp4a", []byte{0xB9, 0x88} }, 0, 0, ErrUnsupported},
	} {
		tc := *tr
		c.mod(&tc)
		_, err := openTrackAudio(&tc, c.from, c.to)
		if !errors.Is(err, c.kind) {
			if name == "bad config" && errors.Is(err, faad.ErrMissing) {
				continue
			}
			t.Errorf("%s: %v, want %v", name, err, c.kind)
		}
	}
	if _, err := openTrackAudio(tr, time.Second, time.Second/2); err == nil {
		t.Error("end before start accepted")
	}
	readErr := errors.New("disk on fire")
	tc := *tr
	tc.read = func(int, []byte) ([]byte, error) { return nil, readErr }
	if _, err := openTrackAudio(&tc, 0, 0); !errors.Is(err, readErr) {
		t.Errorf("read failure: %v", err)
	}
}
