package encode

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"testing"
)

// TestAVSync puts a white flash frame and a click at the same instant and
// checks that the decoded positions agree within one video frame.
func TestAVSync(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rate, channels, flash int
		fps                   Rational
	}{
		{48000, 2, 31, Rational{30, 1}},
		{44100, 1, 37, Rational{25, 1}},
		{48000, 2, 29, Rational{30000, 1001}},
	} {
		t.Run(fmt.Sprintf("%d_%dch_%d_%d", tc.rate, tc.channels, tc.fps.Num, tc.fps.Den), func(t *testing.T) {
			const w, h = 160, 90
			frames := 2 * tc.fps.Num / tc.fps.Den
			flashAt := float64(tc.flash) * float64(tc.fps.Den) / float64(tc.fps.Num)
			click := int(math.Round(flashAt * float64(tc.rate)))
			pcm := toneWithClicks(tc.rate, tc.channels, int(float64(frames)*float64(tc.fps.Den)/float64(tc.fps.Num)*float64(tc.rate)), click)
			audio, err := EncodeAAC(context.Background(), &pcmSource{s: pcm}, AudioOptions{SampleRate: tc.rate, Channels: tc.channels})
			if err != nil {
				t.Fatal(err)
			}
			path := encodeClip(t, VideoOptions{Width: w, Height: h, FrameRate: tc.fps}, audio, frames, func(img *imageYCbCr, i int) {
				if i == tc.flash {
					for j := range img.Y {
						img.Y[j] = 235
					}
					for j := range img.Cb {
						img.Cb[j], img.Cr[j] = 128, 128
					}
				}
			})

			raw := ffmpegDecode(t, path, "-map", "0:v", "-f", "rawvideo", "-pix_fmt", "gray")
			bright, best := -1, 0.0
			for i := 0; (i+1)*w*h <= len(raw); i++ {
				var sum float64
				for _, v := range raw[i*w*h : (i+1)*w*h] {
					sum += float64(v)
				}
				if mean := sum / float64(w*h); mean > best {
					bright, best = i, mean
				}
			}
			videoAt := float64(bright) * float64(tc.fps.Den) / float64(tc.fps.Num)

			pcmOut := ffmpegDecode(t, path, "-map", "0:a", "-f", "s16le", "-ac", "1")
			loud := -1
			for i := 0; 2*i+1 < len(pcmOut); i++ {
				if v := int16(binary.LittleEndian.Uint16(pcmOut[2*i:])); v > 10000 || v < -10000 {
					loud = i
					break
				}
			}
			audioAt := float64(loud) / float64(tc.rate)
			t.Logf("flash decoded at frame %d (%.4f s), click at sample %d (%.4f s), source %.4f s", bright, videoAt, loud, audioAt, flashAt)
			if bright < 0 || loud < 0 {
				t.Fatal("flash or click not found")
			}
			frame := float64(tc.fps.Den) / float64(tc.fps.Num)
			if math.Abs(videoAt-audioAt) >= frame {
				t.Errorf("A/V offset %.4f s, want < one frame (%.4f s)", videoAt-audioAt, frame)
			}
			if math.Abs(audioAt-flashAt) > 2.0/float64(tc.rate) {
				t.Errorf("click decoded at %.5f s, source %.5f s: priming not removed exactly", audioAt, flashAt)
			}
		})
	}
}
