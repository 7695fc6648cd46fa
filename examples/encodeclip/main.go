// Command encodeclip writes a short synthetic test clip (moving colour
// bars and a tone) with package encode, plus a JPEG thumbnail. It shows
// the whole encode API: EncodeAAC, Create, Frame, WriteFrame, Close and
// WriteThumbnail.
//
//	go run ./examples/encodeclip -o clip.mp4 -size 1280x720 -seconds 5
package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"io"
	"log"
	"math"
	"os"
	"os/signal"
	"strings"

	"github.com/reelkit/reel/encode"
)

func main() {
	out := flag.String("o", "clip.mp4", "output MP4 path (the thumbnail goes beside it as .jpg)")
	size := flag.String("size", "1280x720", "frame size WxH (even numbers)")
	seconds := flag.Float64("seconds", 5, "clip length in seconds")
	preset := flag.String("preset", "veryfast", "x264 preset")
	flag.Parse()

	var w, h int
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil {
		log.Fatalf("bad -size %q: %v", *size, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *out, w, h, *seconds, *preset); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, path string, w, h int, seconds float64, preset string) error {
	const fps, rate = 30, 48000
	frames := int(seconds * fps)
	audio, err := encode.EncodeAAC(ctx, &tone{left: int(seconds * rate)}, encode.AudioOptions{SampleRate: rate, Channels: 2})
	if err != nil {
		return err
	}
	wr, err := encode.Create(path, encode.VideoOptions{Width: w, Height: h, Preset: encode.Preset(preset)}, audio)
	if err != nil {
		return err
	}
	for i := range frames {
		draw(wr.Frame(), i)
		if err := wr.WriteFrame(ctx); err != nil {
			wr.Abort()
			return err
		}
	}
	if err := wr.Close(); err != nil {
		return err
	}

	thumb := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			thumb.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	f, err := os.Create(strings.TrimSuffix(path, ".mp4") + ".jpg")
	if err != nil {
		return err
	}
	if err := encode.WriteThumbnail(f, thumb, 0); err != nil {
		f.Close()
		return err
	}
	fmt.Printf("wrote %s: %d frames, %v of audio\n", path, frames, audio.Duration())
	return f.Close()
}

// draw writes frame i: vertical bars scrolling left, BT.709 limited range.
func draw(img *image.YCbCr, i int) {
	bw := img.Rect.Dx()
	for y := range img.Rect.Dy() {
		row := img.Y[y*img.YStride:]
		for x := range bw {
			row[x] = byte(16 + ((x+4*i)/(bw/8+1)%8)*31)
		}
	}
	for y := range img.Rect.Dy() / 2 {
		cb, cr := img.Cb[y*img.CStride:], img.Cr[y*img.CStride:]
		for x := range bw / 2 {
			cb[x], cr[x] = byte(16+(x+2*i)%224), byte(16+(y+i)%224)
		}
	}
}

// tone is a 440 Hz stereo sine as an encode.PCMReader.
type tone struct{ n, left int }

func (t *tone) ReadPCM(p []int16) (int, error) {
	k := 0
	for ; k+1 < len(p) && t.left > 0; k += 2 {
		v := int16(8000 * math.Sin(2*math.Pi*440*float64(t.n)/48000))
		p[k], p[k+1] = v, v
		t.n++
		t.left--
	}
	if t.left == 0 {
		return k, io.EOF
	}
	return k, nil
}
