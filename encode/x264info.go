package encode

import (
	"fmt"
	"os"
	"strings"
)

// X264Env is the environment variable that chooses the x264 library of
// every encoder opened after it is set: "auto" (or unset) uses a
// compatible system libx264 when one can be loaded and the bundled
// encoder otherwise; "bundled" forces the bundled encoder; "system"
// forces the system library and makes NewH264Encoder fail when it cannot
// be loaded. Binaries built with -tags extlib link libx264 and have no
// bundled encoder: there "system" and "auto" use the linked library and
// "bundled" is an error.
const X264Env = "REEL_X264"

// X264 library kinds reported by X264Info.Library.
const (
	X264Bundled = "bundled" // x264's portable C compiled into the binary (no assembly)
	X264System  = "system"  // the system's libx264 loaded at run time (with its assembly)
	X264Extlib  = "extlib"  // libx264 linked at build time (-tags extlib)
)

// X264Info describes the x264 library that encoders use.
type X264Info struct {
	Library string // X264Bundled, X264System or X264Extlib
	Build   int    // the X264_BUILD (ABI number) in use
	Version string // x264's own identification, e.g. "x264 - core 164 r3095 baee400"
	Path    string // the shared library's file, when known (X264System)
	// Deterministic: the same pictures and options always give the same
	// bytes. True of the bundled C build; Debian's libx264 (164) was
	// measured to vary by a few bytes from one encoder to the next, even
	// single-threaded, so it is reported false for system libraries.
	Deterministic bool
	// Fallback says why the system library is not in use when "auto"
	// chose the bundled encoder (empty otherwise).
	Fallback string
}

// String formats the information on one line.
func (i X264Info) String() string {
	s := fmt.Sprintf("%s (build %d", i.Library, i.Build)
	if i.Version != "" {
		s += ", " + i.Version
	}
	s += ")"
	if i.Path != "" {
		s += " " + i.Path
	}
	if i.Fallback != "" {
		s += "; system libx264 not used: " + i.Fallback
	}
	return s
}

// x264Mode returns the x264 library choice of a VideoOptions.X264 value:
// X264Env's value for "", and "auto" when that is unset too.
func x264Mode(choice string) (string, error) {
	mode, from := strings.ToLower(strings.TrimSpace(choice)), "x264 library"
	if choice == "" {
		mode, from = strings.ToLower(strings.TrimSpace(os.Getenv(X264Env))), X264Env
	}
	switch mode {
	case "", "auto":
		return "auto", nil
	case X264Bundled, X264System:
		return mode, nil
	}
	return "", fmt.Errorf("%w: %s %q: want auto, bundled or system", ErrInvalidOptions, from, mode)
}
