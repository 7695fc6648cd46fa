package main

import (
	"flag"
	"os"

	"github.com/reelkit/reel/encode"

	"github.com/reelkit/reel/engine"
)

// encodeFlags are the x264 settings of render, demo and bench.
type encodeFlags struct {
	crf     float64
	preset  string
	bitrate int
}

func (ef *encodeFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&ef.crf, "crf", 0, "x264 constant rate factor 1..51, lower is better and bigger (default 23, 21 from 1080p)")
	fs.StringVar(&ef.preset, "preset", "", "x264 preset: ultrafast ... veryslow (default veryfast)")
	fs.IntVar(&ef.bitrate, "bitrate", 0, "average video bitrate of the largest rendition in kbit/s instead of --crf")
}

// apply copies the flags into o and checks them: a bad value is a usage
// error (exit 2) before any work starts.
func (ef *encodeFlags) apply(o *engine.Options) error {
	o.CRF, o.Preset, o.Bitrate = ef.crf, engine.Preset(ef.preset), ef.bitrate
	o.X264 = os.Getenv(encode.X264Env) // the CLI's choice of x264 library: REEL_X264
	if ef.crf != 0 && ef.bitrate != 0 {
		return usagef("--crf and --bitrate exclude each other")
	}
	if err := o.CheckEncoding(); err != nil {
		return usagef("%v", err)
	}
	return nil
}
