package clip_test

import (
	"context"
	"fmt"
	"os"

	"github.com/reelkit/reel/compose/clip"
)

// Probe describes a clip from its headers; Open and FrameAt deliver its
// frames by presentation time, upright and scaled to cover the size asked
// for. An animated WebP needs no decoder library.
func Example() {
	f, err := os.Open("testdata/box.webp")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	st, _ := f.Stat()

	info, err := clip.Probe(f, st.Size())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %dx%d, %v, %.0f fps\n", info.Container, info.Width, info.Height, info.Duration, info.FrameRate)

	r, err := clip.Open(context.Background(), f, st.Size(), clip.Options{Width: 16, Height: 16})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	img, err := r.FrameAt(context.Background(), info.Duration/2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("frame at the middle:", img.Rect.Size())
	// Output:
	// webp 32x32, 300ms, 10 fps
	// frame at the middle: (16,16)
}

// A clip whose codec library is missing fails at Open, before any frame,
// with an error naming the Debian package to install.
func ExampleMissingDecoderError() {
	err := error(&clip.MissingDecoderError{Codec: "h264", Library: "Cisco's OpenH264 (libopenh264.so.7)", Package: "libopenh264-7"})
	fmt.Println(err)
	// Output: clip: h264 needs Cisco's OpenH264 (libopenh264.so.7): install the Debian package libopenh264-7
}
