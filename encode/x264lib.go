package encode

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"unsafe"

	"github.com/gen2brain/x264-go/x264c"
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

// X264 reports the x264 library that NewH264Encoder would use now, as
// chosen by X264Env. The system library is loaded and checked at most
// once per process; the choice is re-read from the environment on every
// call. It returns an error when the environment asks for a library that
// cannot be used.
func X264() (X264Info, error) {
	lib, err := chooseX264()
	if err != nil {
		return X264Info{}, err
	}
	return lib.info, nil
}

// x264API is the part of x264's C API the driver calls. The argument
// types are x264c's Go mirrors of x264.h's structs; every implementation
// must have been compiled against (or checked to match) the same
// X264_BUILD, which is what fixes their layout.
type x264API interface {
	paramDefault(p *x264c.Param)
	paramDefaultPreset(p *x264c.Param, preset, tune string) int32
	paramApplyProfile(p *x264c.Param, profile string) int32
	encoderOpen(p *x264c.Param) *x264c.T
	encoderHeaders(enc *x264c.T, nals []*x264c.Nal, n *int32) int32
	encoderEncode(enc *x264c.T, nals []*x264c.Nal, n *int32, in, out *x264c.Picture) int32
	encoderDelayedFrames(enc *x264c.T) int32
	encoderClose(enc *x264c.T)
	pictureAlloc(pic *x264c.Picture, csp, w, h int32) int32
	pictureClean(pic *x264c.Picture)
}

// x264Lib is one usable x264 library.
type x264Lib struct {
	api  x264API
	info X264Info
}

// Process-wide, load-once libraries. They are immutable once built: the
// only state is the result of loading and checking a library, which
// cannot change while the process runs (a loaded library stays loaded).
var (
	bundledX264 = sync.OnceValues(loadBundledX264)
	systemX264  = sync.OnceValues(loadSystemX264)
)

// chooseX264 applies X264Env.
func chooseX264() (*x264Lib, error) {
	mode := strings.ToLower(strings.TrimSpace(os.Getenv(X264Env)))
	switch mode {
	case "", "auto":
		sys, err := systemX264()
		if err == nil {
			return sys, nil
		}
		b, berr := bundledX264()
		if berr != nil {
			return nil, fmt.Errorf("encode: no usable x264: %w (system: %v)", berr, err)
		}
		withReason := *b
		withReason.info.Fallback = err.Error()
		return &withReason, nil
	case X264Bundled:
		return bundledX264()
	case X264System:
		return systemX264()
	}
	return nil, fmt.Errorf("%w: %s=%q: want auto, bundled or system", ErrInvalidOptions, X264Env, mode)
}

// probeX264 opens a tiny encoder with the driver's own settings through
// api, so that a library that cannot code 8-bit 4:2:0 High profile is
// refused before use, and returns the version string x264 writes into
// its SEI ("x264 - core 164 r3095 baee400").
func probeX264(api x264API) (string, error) {
	o, err := VideoOptions{Width: 64, Height: 64, Preset: "ultrafast", Threads: 1}.withDefaults()
	if err != nil {
		return "", err
	}
	e, err := openH264(&x264Lib{api: api}, o)
	if err != nil {
		return "", err
	}
	defer e.Close()
	return e.version, nil
}

// seiVersion extracts x264's identification from its user-data SEI
// payload: "x264 - core 164 r3095 baee400 - H.264/MPEG-4 AVC codec - ...".
func seiVersion(sei []byte) string {
	i := strings.Index(string(sei), "x264 - core")
	if i < 0 {
		return ""
	}
	s := string(sei[i:])
	if j := strings.Index(s, " - H.264"); j >= 0 {
		s = s[:j]
	}
	if j := strings.IndexByte(s, 0); j >= 0 {
		s = s[:j]
	}
	return s
}

// errParamLayout is wrapped when a library's x264_param_t does not look
// like the one the driver was compiled against.
var errParamLayout = errors.New("x264_param_t layout differs from the driver's")

// checkParamLayout calls paramDefault of a candidate library on a buffer
// larger than the driver's x264_param_t, fenced with a canary, and
// compares the defaults with the reference library's: the candidate must
// neither write past the struct the driver knows nor place a default
// anywhere else. Fields that legitimately differ between builds of the
// same ABI (CPU flags, the pointers to the default log function and
// to the 2-pass file name) are masked.
func checkParamLayout(candidate, reference x264API) error {
	const canary = 0xa5
	size := int(unsafe.Sizeof(x264c.Param{}))
	buf := make([]byte, size+256)
	for i := range buf {
		buf[i] = canary
	}
	got := (*x264c.Param)(unsafe.Pointer(&buf[0]))
	candidate.paramDefault(got)
	for i := size; i < len(buf); i++ {
		if buf[i] != canary {
			return fmt.Errorf("%w: x264_param_default wrote past byte %d", errParamLayout, size)
		}
	}
	var want x264c.Param
	reference.paramDefault(&want)
	a, b := *got, want
	for _, p := range []*x264c.Param{&a, &b} {
		p.Cpu = 0
		p.PfLog = nil
		p.Rc.PszStatOut, p.Rc.PszStatIn = nil, nil
	}
	ab := unsafe.Slice((*byte)(unsafe.Pointer(&a)), size)
	bb := unsafe.Slice((*byte)(unsafe.Pointer(&b)), size)
	for i := range ab {
		if ab[i] != bb[i] {
			return fmt.Errorf("%w: x264_param_default differs at byte %d", errParamLayout, i)
		}
	}
	return nil
}
