package encode

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"
)

// TestEncodeRenditions encodes two seconds of moving synthetic content at
// each standard rendition size with audio, and checks the file with
// go-mp4, ffprobe and a full ffmpeg decode (PSNR against the source).
func TestEncodeRenditions(t *testing.T) {
	t.Parallel()
	const fps, frames, rate = 30, 60, 48000
	audio, err := EncodeAAC(context.Background(), &pcmSource{s: toneWithClicks(rate, 2, frames*rate/fps)}, AudioOptions{SampleRate: rate, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct{ w, h int }{{640, 360}, {854, 480}, {1280, 720}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			opts := VideoOptions{Width: size.w, Height: size.h, CRF: 18}
			path := encodeClip(t, opts, audio, frames, nil)

			facts := readBack(t, path)
			checkVideoTrack(t, facts, frames, Rational{fps, 1}, true)
			if facts.audio == nil {
				t.Fatal("no audio track")
			}
			if got := facts.audio.EditList; len(got) != 1 || got[0].MediaTime != aacPriming {
				t.Errorf("audio edit list %+v, want one entry with media_time %d", got, aacPriming)
			}
			// Chunks interleave every 0.5 s: 15 frames, then ~23 AUs.
			if n := len(facts.video.Chunks); n != frames/15 {
				t.Errorf("%d video chunks, want %d (0.5 s each)", n, frames/15)
			}
			if n := len(facts.audio.Chunks); n < frames/15 || n > frames/15+1 {
				t.Errorf("%d audio chunks, want about %d", n, frames/15)
			}
			if facts.video.Chunks[0].DataOffset > facts.audio.Chunks[0].DataOffset ||
				facts.audio.Chunks[0].DataOffset > facts.video.Chunks[1].DataOffset {
				t.Error("first chunks are not interleaved video, audio, video")
			}
			if facts.probe.Duration*uint64(fps) != uint64(frames)*uint64(facts.probe.Timescale) {
				t.Errorf("mvhd duration %d/%d s, want exactly %d/%d", facts.probe.Duration, facts.probe.Timescale, frames, fps)
			}
			if want := []string{"VideoHandler", "SoundHandler"}; fmt.Sprint(facts.hdlrNames) != fmt.Sprint(want) {
				t.Errorf("handler names %q, want %q", facts.hdlrNames, want)
			}

			pr := ffprobe(t, path)
			v, ok := pr.stream("video")
			if !ok {
				t.Fatal("ffprobe: no video stream")
			}
			want := probeStream{CodecType: "video", CodecName: "h264", Profile: "High", PixFmt: "yuv420p",
				Width: size.w, Height: size.h, AvgFrameRate: "30/1", ColorRange: "tv",
				ColorSpace: "bt709", ColorTransfer: "bt709", ColorPrimaries: "bt709",
				Duration: v.Duration, NbFrames: strconv.Itoa(frames)}
			if v != want {
				t.Errorf("ffprobe video\n got %+v\nwant %+v", v, want)
			}
			a, ok := pr.stream("audio")
			if !ok || a.CodecName != "aac" || a.Profile != "LC" || a.Channels != 2 || a.SampleRate != "48000" {
				t.Errorf("ffprobe audio %+v, want aac LC stereo 48000", a)
			}
			dur, _ := strconv.ParseFloat(pr.Format.Duration, 64)
			if want := float64(frames) / fps; math.Abs(dur-want) > 1.0/fps {
				t.Errorf("ffprobe duration %v s, want %v within one frame", dur, want)
			}

			if out := ffmpegDecode(t, path, "-f", "null"); len(out) != 0 {
				t.Errorf("ffmpeg null output: %q", out)
			}
			raw := ffmpegDecode(t, path, "-map", "0:v", "-f", "rawvideo", "-pix_fmt", "yuv420p")
			checkPSNR(t, raw, synthLuma(size.w, size.h, frames), size.w, size.h, 40)
		})
	}
}

// checkVideoTrack verifies the video track's sample count, keyframe
// spacing, exact durations and that ctts appears iff B-frames are used.
func checkVideoTrack(t *testing.T, facts mp4Facts, frames int, fps Rational, bframes bool) {
	t.Helper()
	if !facts.moovBefore || !facts.probe.FastStart {
		t.Error("moov does not precede mdat")
	}
	v := facts.video
	if v == nil {
		t.Fatal("no avc1 track")
	}
	if len(v.Samples) != frames {
		t.Errorf("%d video samples, want %d", len(v.Samples), frames)
	}
	// mdhd and tkhd durations equal frames/fps exactly.
	if v.Duration*uint64(fps.Num) != uint64(frames)*uint64(fps.Den)*uint64(v.Timescale) {
		t.Errorf("mdhd duration %d/%d s, want exactly %d*%d/%d", v.Duration, v.Timescale, frames, fps.Den, fps.Num)
	}
	if d := facts.tkhdDur[videoTrackID]; d*uint64(fps.Num) != uint64(frames)*uint64(fps.Den)*uint64(facts.probe.Timescale) {
		t.Errorf("tkhd duration %d/%d s, want exactly %d*%d/%d", d, facts.probe.Timescale, frames, fps.Den, fps.Num)
	}
	if len(facts.stss) == 0 || facts.stss[0] != 1 {
		t.Fatalf("stss %v must start with sample 1", facts.stss)
	}
	maxGap := int(2 * fps.Num / fps.Den)
	keys := append(append([]uint32{}, facts.stss...), uint32(frames+1))
	for i := 1; i < len(keys); i++ {
		if gap := int(keys[i] - keys[i-1]); gap > maxGap {
			t.Errorf("keyframes %d and %d are %d frames apart (> 2 s)", keys[i-1], keys[i], gap)
		}
	}
	reordered := false
	for _, s := range v.Samples {
		reordered = reordered || s.CompositionTimeOffset != v.Samples[0].CompositionTimeOffset
	}
	if facts.hasCtts != bframes || reordered != bframes {
		t.Errorf("ctts present %v, reordered samples %v; want both %v", facts.hasCtts, reordered, bframes)
	}
	if c := facts.colr; c == nil || string(c.ColourType[:]) != "nclx" || c.ColourPrimaries != 1 ||
		c.TransferCharacteristics != 1 || c.MatrixCoefficients != 1 || c.FullRangeFlag {
		t.Errorf("colr %+v, want nclx 1/1/1 limited range", c)
	}
}

// checkPSNR compares the luma of decoded yuv420p frames with the source.
func checkPSNR(t *testing.T, raw []byte, src [][]byte, w, h int, minDB float64) {
	t.Helper()
	frameSize := w * h * 3 / 2
	if len(raw) != frameSize*len(src) {
		t.Fatalf("decoded %d bytes, want %d frames of %d", len(raw), len(src), frameSize)
	}
	var total float64
	worst := math.Inf(1)
	for i, y := range src {
		dec := raw[i*frameSize : i*frameSize+w*h]
		var se float64
		for j := range y {
			d := float64(y[j]) - float64(dec[j])
			se += d * d
		}
		total += se
		worst = min(worst, psnr(se/float64(w*h)))
	}
	avg := psnr(total / float64(w*h*len(src)))
	t.Logf("Y-PSNR %.2f dB overall, worst frame %.2f dB", avg, worst)
	if avg < minDB {
		t.Errorf("Y-PSNR %.2f dB < %.0f dB", avg, minDB)
	}
}

func psnr(mse float64) float64 {
	if mse == 0 {
		return 99
	}
	return 10 * math.Log10(255*255/mse)
}
