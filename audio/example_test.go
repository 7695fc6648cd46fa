package audio_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/reelkit/reel/audio"
)

// Read an MP3's or WAV's format and length from its headers, without
// decoding it.
func ExampleProbe() {
	f, err := os.Open("../testdata/music/tone22k_mono_cbr.mp3")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	info, err := audio.Probe(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Format, info.SampleRate, "Hz", info.Channels, "channel(s)")
	// Output: mp3 22050 Hz 1 channel(s)
}

// Place a track on a 3-second timeline starting at 1 s: the mix is
// trimmed (or looped) to fit, faded, normalised to -16 LUFS and delivered
// as 16-bit stereo PCM at the output rate.
func ExampleNewMix() {
	open := func() (io.ReadSeekCloser, error) { return os.Open("../testdata/music/tone22k_mono_cbr.mp3") }
	mix, err := audio.NewMix(context.Background(), []audio.Cue{{Open: open, Start: 1}},
		audio.MixOptions{SampleRate: 44100, Duration: 3})
	if err != nil {
		log.Fatal(err)
	}
	defer mix.Close()
	buf := make([]int16, 2*4096)
	var frames, loud int
	for {
		n, err := mix.ReadPCM(buf)
		for i := 0; i < n; i += 2 {
			if frames+i/2 < 44100 && buf[i] != 0 { // the first second is silent
				loud++
			}
		}
		frames += n / 2
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(frames, mix.Frames(), loud)
	// Output: 132300 132300 0
}
