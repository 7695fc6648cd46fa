package bmff

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// checkAgainstFFprobe compares a track's samples with ffprobe's packets:
// offsets, sizes, keyframes, decode times (relative to the first) and
// presentation times (ffmpeg applies the edit list the same way).
func checkAgainstFFprobe(t *testing.T, tr *Track, pk []probePacket) {
	t.Helper()
	if len(tr.Samples) != len(pk) {
		t.Fatalf("%d samples, ffprobe sees %d packets", len(tr.Samples), len(pk))
	}
	for i, s := range tr.Samples {
		p := pk[i]
		if s.Offset != p.pos || int64(s.Size) != p.size || s.Sync != p.key {
			t.Fatalf("sample %d: offset %d size %d sync %v; ffprobe: pos %d size %d key %v", i, s.Offset, s.Size, s.Sync, p.pos, p.size, p.key)
		}
		if s.DTS-tr.Samples[0].DTS != p.dts-pk[0].dts {
			t.Fatalf("sample %d: DTS %d (from %d), ffprobe %d (from %d)", i, s.DTS, tr.Samples[0].DTS, p.dts, pk[0].dts)
		}
		if s.PTS != p.pts {
			t.Fatalf("sample %d: PTS %d, ffprobe %d", i, s.PTS, p.pts)
		}
	}
}

func TestBFramesMoovAtEndMatchFFprobe(t *testing.T) {
	needFFmpeg(t)
	p := ffmpegClip(t, "b.mp4", "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=30:duration=1",
		"-f", "lavfi", "-i", "sine=sample_rate=44100:duration=1",
		"-c:v", "libx264", "-profile:v", "high", "-bf", "3", "-g", "12", "-c:a", "aac", "-ac", "2")
	f, _ := openFile(t, p)
	v := f.Video()
	if v == nil || v.Codec != "avc1" || v.Width != 96 || v.Height != 64 || v.Rotation != 0 {
		t.Fatalf("video track %+v", v)
	}
	if len(v.Config) < 7 || v.Config[0] != 1 || v.Config[1] != 100 {
		t.Fatalf("avcC %x: want version 1, High profile (100)", v.Config[:min(len(v.Config), 8)])
	}
	checkAgainstFFprobe(t, v, ffprobePackets(t, p, "v"))
	// B-frames: decode order differs from presentation order, and the
	// edit list puts the first shown frame at 0.
	pts := make([]int64, len(v.Samples))
	for i, s := range v.Samples {
		pts[i] = s.PTS
	}
	if slices.IsSorted(pts) {
		t.Fatal("PTS in decode order are sorted: no B-frames reordered")
	}
	if slices.Min(pts) != 0 {
		t.Fatalf("first shown frame at PTS %d, want 0", slices.Min(pts))
	}
	if d := v.Duration; d < 990*time.Millisecond || d > 1010*time.Millisecond {
		t.Fatalf("video duration %v, want 1s", d)
	}
	a := f.Audio()
	if a == nil || a.Codec != "mp4a" || a.SampleRate != 44100 || a.Channels != 2 {
		t.Fatalf("audio track %+v", a)
	}
	if rate, ch, ok := ascFormat(a.Config); !ok || rate != 44100 || ch != 2 {
		t.Fatalf("AudioSpecificConfig %x: %d Hz %d ch", a.Config, rate, ch)
	}
	checkAgainstFFprobe(t, a, ffprobePackets(t, p, "a"))
}

func TestFaststartAndNegativeCTSMatchFFprobe(t *testing.T) {
	needFFmpeg(t)
	for _, flags := range []string{"+faststart", "+negative_cts_offsets+faststart"} {
		p := ffmpegClip(t, "f.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25:duration=0.6",
			"-c:v", "libx264", "-bf", "2", "-movflags", flags)
		f, fh := openFile(t, p)
		v := f.Video()
		checkAgainstFFprobe(t, v, ffprobePackets(t, p, "v"))
		b, err := v.ReadSample(fh, v.Samples[0], nil)
		if err != nil || len(b) != int(v.Samples[0].Size) {
			t.Fatalf("%s: ReadSample: %d bytes, %v", flags, len(b), err)
		}
	}
}

func TestVariableFrameRateTimesMatchFFprobe(t *testing.T) {
	needFFmpeg(t)
	// Frame i is shown at i*i/100 s (frames n = i*i of a 100 fps source):
	// every gap is different.
	p := ffmpegClip(t, "vfr.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=100:duration=1",
		"-vf", "select='eq(pow(floor(sqrt(n)),2),n)'", "-vsync", "vfr", "-c:v", "libx264", "-bf", "0", "-video_track_timescale", "1000")
	f, _ := openFile(t, p)
	v := f.Video()
	checkAgainstFFprobe(t, v, ffprobePackets(t, p, "v"))
	for i, s := range v.Samples {
		if want := time.Duration(i*i) * 10 * time.Millisecond; v.Time(s.PTS) != want {
			t.Fatalf("frame %d shown at %v, want %v", i, v.Time(s.PTS), want)
		}
	}
}

func TestHEVCMainTenHLGColour(t *testing.T) {
	needFFmpeg(t)
	p := ffmpegClip(t, "hlg.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25:duration=0.2",
		"-c:v", "libx265", "-x265-params", "log-level=none", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1",
		"-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc")
	f, _ := openFile(t, p)
	v := f.Video()
	if v.Codec != "hvc1" || len(v.Config) < 23 || v.Config[0] != 1 {
		t.Fatalf("codec %q config %x", v.Codec, v.Config)
	}
	if profile := v.Config[1] & 0x1f; profile != 2 {
		t.Fatalf("hvcC profile %d, want 2 (Main 10)", profile)
	}
	if v.ColourPrimaries != 9 || v.TransferCharacteristics != 18 || v.MatrixCoefficients != 9 {
		t.Fatalf("colr %d/%d/%d, want 9/18/9", v.ColourPrimaries, v.TransferCharacteristics, v.MatrixCoefficients)
	}
	checkAgainstFFprobe(t, v, ffprobePackets(t, p, "v"))
}

func TestMP3InMP4IsReportedAsMP3(t *testing.T) {
	needFFmpeg(t)
	p := ffmpegClip(t, "mp3.mp4", "-f", "lavfi", "-i", "sine=sample_rate=44100:duration=0.5", "-c:a", "libmp3lame")
	f, _ := openFile(t, p)
	if a := f.Audio(); a == nil || a.Codec != ".mp3" || a.SampleRate != 44100 {
		t.Fatalf("audio %+v", a)
	}
	if f.Video() != nil {
		t.Fatal("an audio-only file has a video track")
	}
}

func TestCheckedInPortraitMOV(t *testing.T) {
	f, fh := openFile(t, filepath.Join("testdata", "portrait.mov"))
	if f.Brand != "qt  " {
		t.Fatalf("brand %q", f.Brand)
	}
	v := f.Video()
	if v.Rotation != 90 || v.Width != 64 || v.Height != 48 || len(v.Samples) != 10 {
		t.Fatalf("video %dx%d rotation %d, %d samples", v.Width, v.Height, v.Rotation, len(v.Samples))
	}
	for i, s := range v.Samples {
		if s.PTS != int64(i)*v.Samples[1].PTS || !(s.Sync == (i == 0) || i > 0) {
			t.Fatalf("sample %d PTS %d", i, s.PTS)
		}
	}
	a := f.Audio()
	if a.Codec != "sowt" || !a.LittleEndian || a.SampleRate != 8000 || a.Channels != 1 || a.BitsPerSample != 16 {
		t.Fatalf("audio %+v", a)
	}
	// PCM is listed per chunk; the chunks hold 0.4 s of 16-bit mono.
	var bytes int64
	for i, s := range a.Samples {
		if _, err := a.ReadSample(fh, s, nil); err != nil {
			t.Fatalf("chunk %d: %v", i, err)
		}
		if i > 0 && a.Time(s.DTS) <= a.Time(a.Samples[i-1].DTS) {
			t.Fatalf("chunk %d DTS %d not after %d", i, s.DTS, a.Samples[i-1].DTS)
		}
		bytes += int64(s.Size)
	}
	if bytes != 8000*4/10*2 {
		t.Fatalf("%d PCM bytes, want %d", bytes, 8000*4/10*2)
	}
}

func TestCheckedInBFramesMP4(t *testing.T) {
	f, _ := openFile(t, filepath.Join("testdata", "bframes.mp4"))
	v := f.Video()
	if v.Codec != "avc1" || len(v.Samples) != 15 || !v.Samples[0].Sync {
		t.Fatalf("video %q %d samples", v.Codec, len(v.Samples))
	}
	// mp4a entries say 2 channels as the standard's template; the
	// AudioSpecificConfig says mono.
	if a := f.Audio(); a.Channels != 1 || a.SampleRate != 48000 {
		t.Fatalf("audio %d Hz %d channels, want 48000 Hz mono", a.SampleRate, a.Channels)
	}
	seen := map[int64]bool{}
	for _, s := range v.Samples {
		seen[s.PTS] = true
	}
	for i := range int64(15) {
		if !seen[i*512] { // 30 fps in ffmpeg's 15360 timescale
			t.Fatalf("no frame shown at PTS %d; have %v", i*512, seen)
		}
	}
}

func TestTruncatedMediaDataNamesWhatIsMissing(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "portrait.mov"))
	if err != nil {
		t.Fatal(err)
	}
	// portrait.mov has its moov at the end, after mdat.
	moov := bytes.Index(data, []byte("moov")) - 4
	if moov < 0 {
		t.Fatal("no moov")
	}
	if _, err := Open(bytes.NewReader(data), int64(len(data)), Limits{}); err != nil {
		t.Fatalf("intact file: %v", err)
	}
	// The moov alone: every sample offset points past the end.
	cut := append([]byte(nil), data[moov:]...)
	_, err = Open(bytes.NewReader(cut), int64(len(cut)), Limits{})
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "lie beyond the end of the file") {
		t.Fatalf("moov without its media data: %v", err)
	}
	_, err = Open(bytes.NewReader(data[:len(data)-100]), int64(len(data)-100), Limits{})
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "moov") {
		t.Fatalf("moov cut short: %v", err)
	}
}

func TestTruncatedFaststartFile(t *testing.T) {
	needFFmpeg(t)
	p := ffmpegClip(t, "fs.mp4", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=25:duration=1",
		"-c:v", "libx264", "-movflags", "+faststart")
	data, _ := os.ReadFile(p)
	n := int64(len(data) - 2000)
	_, err := Open(bytes.NewReader(data[:n]), n, Limits{})
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "video track") || !strings.Contains(err.Error(), "of 25 samples") {
		t.Fatalf("truncated mdat: %v", err)
	}
}

func TestNotAnMP4(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00")
	for name, b := range map[string][]byte{"png": png, "empty": nil, "text": []byte("hello world, not a movie")} {
		if _, err := Open(bytes.NewReader(b), int64(len(b)), Limits{}); !errors.Is(err, ErrNotBMFF) {
			t.Errorf("%s: %v, want ErrNotBMFF", name, err)
		}
	}
}

func TestAbsurdDimensionsAreRefused(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "bframes.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	k := bytes.Index(data, []byte("stsd")) + 16 // the first entry's fourcc
	// width and height sit 28 bytes after the entry's fourcc
	data[k+28], data[k+29], data[k+30], data[k+31] = 0x75, 0x30, 0x75, 0x30 // 30000x30000
	_, err = Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err == nil || !strings.Contains(err.Error(), "30000x30000") || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("30000x30000 video: %v", err)
	}
	var se *SizeError
	if !errors.As(err, &se) || se.Width != 30000 || se.Height != 30000 || se.MaxWidth != DefaultMaxWidth {
		t.Fatalf("30000x30000 video: %v is not a *SizeError with the size and the limit", err)
	}
	data, _ = os.ReadFile(filepath.Join("testdata", "bframes.mp4"))
	if _, err := Open(bytes.NewReader(data), int64(len(data)), Limits{MaxSamples: 10}); err == nil || !strings.Contains(err.Error(), "limit of 10") {
		t.Fatalf("sample limit: %v", err)
	}
}

func TestRotationFromMatrix(t *testing.T) {
	const one = 1 << 16
	for _, c := range []struct {
		m    [9]int32
		want int
	}{
		{[9]int32{one, 0, 0, 0, one, 0, 0, 0, 1 << 30}, 0},
		{[9]int32{0, one, 0, -one, 0, 0, 0, 0, 1 << 30}, 90},
		{[9]int32{-one, 0, 0, 0, -one, 0, 0, 0, 1 << 30}, 180},
		{[9]int32{0, -one, 0, one, 0, 0, 0, 0, 1 << 30}, 270},
		{[9]int32{}, 0},
	} {
		if got := rotation(c.m); got != c.want {
			t.Errorf("rotation(%v) = %d, want %d", c.m, got, c.want)
		}
	}
}

func TestQuickTimePCMFormats(t *testing.T) {
	needFFmpeg(t)
	for _, c := range []struct {
		codec, fourcc string
		bits          int
		little, float bool
	}{
		{"pcm_s16be", "twos", 16, false, false},
		{"pcm_s16le", "sowt", 16, true, false},
		{"pcm_s24le", "in24", 24, true, false},
		{"pcm_f32le", "fl32", 32, true, true},
	} {
		p := ffmpegClip(t, c.codec+".mov", "-f", "lavfi", "-i", "sine=sample_rate=22050:duration=0.3", "-ac", "2", "-c:a", c.codec)
		f, _ := openFile(t, p)
		a := f.Audio()
		if a.Codec != c.fourcc || a.BitsPerSample != c.bits || a.LittleEndian != c.little || a.Float != c.float || a.SampleRate != 22050 || a.Channels != 2 {
			t.Errorf("%s: %+v", c.codec, a)
			continue
		}
		var bytes int
		for _, s := range a.Samples {
			bytes += int(s.Size)
		}
		if want := 22050 * 3 / 10 * 2 * c.bits / 8; bytes != want {
			t.Errorf("%s: %d bytes of PCM, want %d", c.codec, bytes, want)
		}
		if d := a.Duration; d != 300*time.Millisecond {
			t.Errorf("%s: duration %v", c.codec, d)
		}
	}
}
