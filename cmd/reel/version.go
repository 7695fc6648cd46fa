package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/compose/clip"
	"github.com/reelkit/reel/encode"
)

// cmdVersion prints reel's version, the Go toolchain and platform, the
// x264 library renders would use now (see encode.X264Env) and the video
// clip decoders (clip.Decoders) and clip sound decoders (audio.Decoders).
func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("version takes no arguments")
	}
	x, err := encode.X264()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reel  %s (%s, %s/%s)\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "x264  %s\n", x)
	for _, d := range clip.Decoders() {
		printDecoder(stdout, d.Codec, d.Library, d.Package, d.Available, d.Version, d.Path, d.Err)
	}
	for _, d := range audio.Decoders() {
		printDecoder(stdout, d.Codec, d.Library, d.Package, d.Available, d.Version, d.Path, d.Err)
	}
	return nil
}

// printDecoder writes one decoder library's line of reel version.
func printDecoder(w io.Writer, codec, library, pkg string, ok bool, version, path, why string) {
	if ok {
		fmt.Fprintf(w, "%-4s  %s %s (%s)\n", codec, library, version, path)
		return
	}
	fmt.Fprintf(w, "%-4s  unavailable: %s; install the Debian package %s (%s)\n", codec, library, pkg, why)
}

// buildVersion is the main module's version, or its VCS revision when
// built from a checkout ("devel" when neither is recorded).
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := bi.Main.Version
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev != "" && (v == "" || v == "(devel)") {
		return rev[:min(len(rev), 12)] + modified
	}
	if v == "" || v == "(devel)" {
		return "devel"
	}
	return v
}
