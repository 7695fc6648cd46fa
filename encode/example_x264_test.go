package encode_test

import (
	"fmt"
	"log"

	"github.com/reelkit/reel/encode"
)

// ExampleX264 shows which x264 library encoders will use; set REEL_X264
// to "bundled" or "system" to force one.
func ExampleX264() {
	x, err := encode.X264()
	if err != nil {
		log.Fatal(err) // e.g. REEL_X264=system without a usable libx264
	}
	fmt.Println("x264:", x.Library, x.Build, x.Version)
	if x.Fallback != "" {
		fmt.Println("system libx264 not used:", x.Fallback)
	}
}
