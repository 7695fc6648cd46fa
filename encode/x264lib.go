//go:build cgo

package encode

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/gen2brain/x264-go/x264c"
)

// X264 reports the x264 library that NewH264Encoder would use now, as
// chosen by X264Env. The system library is loaded and checked at most
// once per process; the choice is re-read from the environment on every
// call. It returns an error when the environment asks for a library that
// cannot be used.
func X264() (X264Info, error) {
	return X264For("")
}

// X264For reports the x264 library a VideoOptions.X264 value chooses
// ("": X264Env's; see X264).
func X264For(choice string) (X264Info, error) {
	lib, err := chooseX264(choice)
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

// chooseX264 returns the library a VideoOptions.X264 value chooses (see
// x264Mode).
func chooseX264(choice string) (*x264Lib, error) {
	mode, err := x264Mode(choice)
	if err != nil {
		return nil, err
	}
	switch mode {
	case X264Bundled:
		return bundledX264()
	case X264System:
		return systemX264()
	}
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
