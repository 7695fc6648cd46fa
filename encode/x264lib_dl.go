//go:build cgo && !extlib && (linux || freebsd || darwin)

package encode

/*
#cgo linux LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

// reel_x264 holds the entry points of a libx264 opened with dlopen. The
// struct types are opaque here: the Go side passes x264c's mirrors of
// x264.h, whose layout the X264_BUILD in the open symbol's name fixes.
typedef struct {
	void *handle;
	void (*param_default)(void *);
	int (*param_default_preset)(void *, const char *, const char *);
	int (*param_apply_profile)(void *, const char *);
	void *(*encoder_open)(void *);
	int (*encoder_headers)(void *, void **, int *);
	int (*encoder_encode)(void *, void **, int *, void *, void *);
	int (*encoder_delayed_frames)(void *);
	void (*encoder_close)(void *);
	int (*picture_alloc)(void *, int, int, int);
	void (*picture_clean)(void *);
	const int *chroma_format;
	char path[4096];
} reel_x264;

// reel_x264_open loads soname privately (RTLD_LOCAL: its symbols never
// mix with the bundled x264's) and looks up every entry point, the
// encoder's under its versioned name open_sym. It returns NULL and sets
// *err (static, from dlerror or a literal) on failure.
static reel_x264 *reel_x264_open(const char *soname, const char *open_sym, const char **err) {
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*err = dlerror();
		return NULL;
	}
	reel_x264 *l = calloc(1, sizeof *l);
	if (!l) {
		dlclose(h);
		*err = "out of memory";
		return NULL;
	}
	l->handle = h;
#define SYM(field, name) \
	if (!(*(void **)&l->field = dlsym(h, name))) { *err = "missing symbol " name; goto fail; }
	SYM(param_default, "x264_param_default")
	SYM(param_default_preset, "x264_param_default_preset")
	SYM(param_apply_profile, "x264_param_apply_profile")
	SYM(encoder_headers, "x264_encoder_headers")
	SYM(encoder_encode, "x264_encoder_encode")
	SYM(encoder_delayed_frames, "x264_encoder_delayed_frames")
	SYM(encoder_close, "x264_encoder_close")
	SYM(picture_alloc, "x264_picture_alloc")
	SYM(picture_clean, "x264_picture_clean")
	SYM(chroma_format, "x264_chroma_format")
#undef SYM
	if (!(*(void **)&l->encoder_open = dlsym(h, open_sym))) {
		*err = "no encoder entry point for this ABI";
		goto fail;
	}
	Dl_info info;
	if (dladdr((void *)l->encoder_open, &info) && info.dli_fname) {
		strncpy(l->path, info.dli_fname, sizeof l->path - 1);
	}
	return l;
fail:
	dlclose(h);
	free(l);
	return NULL;
}

static void reel_x264_close(reel_x264 *l) { dlclose(l->handle); free(l); }
static int reel_x264_chroma_format(reel_x264 *l) { return *l->chroma_format; }
static void reel_x264_param_default(reel_x264 *l, void *p) { l->param_default(p); }
static int reel_x264_param_default_preset(reel_x264 *l, void *p, const char *preset, const char *tune) {
	return l->param_default_preset(p, preset, tune);
}
static int reel_x264_param_apply_profile(reel_x264 *l, void *p, const char *profile) {
	return l->param_apply_profile(p, profile);
}
static void *reel_x264_encoder_open(reel_x264 *l, void *p) { return l->encoder_open(p); }
static int reel_x264_encoder_headers(reel_x264 *l, void *e, void **nals, int *n) {
	return l->encoder_headers(e, nals, n);
}
static int reel_x264_encoder_encode(reel_x264 *l, void *e, void **nals, int *n, void *in, void *out) {
	return l->encoder_encode(e, nals, n, in, out);
}
static int reel_x264_encoder_delayed_frames(reel_x264 *l, void *e) { return l->encoder_delayed_frames(e); }
static void reel_x264_encoder_close(reel_x264 *l, void *e) { l->encoder_close(e); }
static int reel_x264_picture_alloc(reel_x264 *l, void *pic, int csp, int w, int h) {
	return l->picture_alloc(pic, csp, w, h);
}
static void reel_x264_picture_clean(reel_x264 *l, void *pic) { l->picture_clean(pic); }
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"

	"github.com/gen2brain/x264-go/x264c"
)

// systemX264Soname is the file name of the libx264 whose ABI matches the
// bundled x264.h: the soname carries X264_BUILD.
func systemX264Soname() string {
	if runtime.GOOS == "darwin" {
		return fmt.Sprintf("libx264.%d.dylib", x264c.Build)
	}
	return fmt.Sprintf("libx264.so.%d", x264c.Build)
}

// loadSystemX264 loads the system libx264 at run time and accepts it only
// when its ABI is the one the driver was compiled against: the soname and
// the versioned x264_encoder_open_<BUILD> symbol must carry the bundled
// X264_BUILD, it must offer 4:2:0 at 8 bits, its x264_param_default must
// fill exactly the driver's x264_param_t with the same defaults, and a
// probe encoder with the driver's settings must open and give headers.
func loadSystemX264() (*x264Lib, error) {
	soname := systemX264Soname()
	csoname := C.CString(soname)
	defer C.free(unsafe.Pointer(csoname))
	csym := C.CString(fmt.Sprintf("x264_encoder_open_%d", x264c.Build))
	defer C.free(unsafe.Pointer(csym))
	var cerr *C.char
	l := C.reel_x264_open(csoname, csym, &cerr)
	if l == nil {
		return nil, fmt.Errorf("%s (x264 build %d): %s", soname, x264c.Build, C.GoString(cerr))
	}
	api := dlAPI{l}
	fail := func(err error) (*x264Lib, error) {
		C.reel_x264_close(l)
		return nil, fmt.Errorf("%s: %w", soname, err)
	}
	if cf := int(C.reel_x264_chroma_format(l)); cf != 0 && cf != x264c.CspI420 {
		return fail(fmt.Errorf("built for chroma format %d only, not 4:2:0", cf))
	}
	if err := checkParamLayout(api, x264cAPI{}); err != nil {
		return fail(err)
	}
	v, err := probeX264(api)
	if err != nil {
		return fail(err)
	}
	path := C.GoString(&l.path[0])
	return &x264Lib{api: api, info: X264Info{Library: X264System, Build: x264c.Build, Version: v, Path: path}}, nil
}

// dlAPI calls a libx264 loaded with dlopen.
type dlAPI struct{ l *C.reel_x264 }

func (d dlAPI) paramDefault(p *x264c.Param) { C.reel_x264_param_default(d.l, unsafe.Pointer(p)) }

func (d dlAPI) paramDefaultPreset(p *x264c.Param, preset, tune string) int32 {
	cp, ct := C.CString(preset), C.CString(tune)
	defer C.free(unsafe.Pointer(cp))
	defer C.free(unsafe.Pointer(ct))
	return int32(C.reel_x264_param_default_preset(d.l, unsafe.Pointer(p), cp, ct))
}

func (d dlAPI) paramApplyProfile(p *x264c.Param, profile string) int32 {
	cp := C.CString(profile)
	defer C.free(unsafe.Pointer(cp))
	return int32(C.reel_x264_param_apply_profile(d.l, unsafe.Pointer(p), cp))
}

func (d dlAPI) encoderOpen(p *x264c.Param) *x264c.T {
	return (*x264c.T)(C.reel_x264_encoder_open(d.l, unsafe.Pointer(p)))
}

func (d dlAPI) encoderHeaders(enc *x264c.T, nals []*x264c.Nal, n *int32) int32 {
	return int32(C.reel_x264_encoder_headers(d.l, unsafe.Pointer(enc), (*unsafe.Pointer)(unsafe.Pointer(&nals[0])), (*C.int)(unsafe.Pointer(n))))
}

func (d dlAPI) encoderEncode(enc *x264c.T, nals []*x264c.Nal, n *int32, in, out *x264c.Picture) int32 {
	return int32(C.reel_x264_encoder_encode(d.l, unsafe.Pointer(enc), (*unsafe.Pointer)(unsafe.Pointer(&nals[0])),
		(*C.int)(unsafe.Pointer(n)), unsafe.Pointer(in), unsafe.Pointer(out)))
}

func (d dlAPI) encoderDelayedFrames(enc *x264c.T) int32 {
	return int32(C.reel_x264_encoder_delayed_frames(d.l, unsafe.Pointer(enc)))
}

func (d dlAPI) encoderClose(enc *x264c.T) { C.reel_x264_encoder_close(d.l, unsafe.Pointer(enc)) }

func (d dlAPI) pictureAlloc(pic *x264c.Picture, csp, w, h int32) int32 {
	return int32(C.reel_x264_picture_alloc(d.l, unsafe.Pointer(pic), C.int(csp), C.int(w), C.int(h)))
}

func (d dlAPI) pictureClean(pic *x264c.Picture) { C.reel_x264_picture_clean(d.l, unsafe.Pointer(pic)) }
