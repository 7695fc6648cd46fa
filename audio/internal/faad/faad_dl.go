//go:build cgo && (linux || freebsd || darwin)

package faad

/*
#cgo linux LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

// The structs of neaacdec.h (faad2 2.8 .. 2.11) that reel uses; the
// handle is opaque.
typedef struct {
	unsigned char defObjectType;
	unsigned long defSampleRate;
	unsigned char outputFormat;
	unsigned char downMatrix;
	unsigned char useOldADTSFormat;
	unsigned char dontUpSampleImplicitSBR;
} reel_faad_config;

typedef struct {
	unsigned long bytesconsumed;
	unsigned long samples;
	unsigned char channels;
	unsigned char error;
	unsigned long samplerate;
	unsigned char sbr;
	unsigned char object_type;
	unsigned char header_type;
	unsigned char num_front_channels;
	unsigned char num_side_channels;
	unsigned char num_back_channels;
	unsigned char num_lfe_channels;
	unsigned char channel_position[64];
	unsigned char ps;
} reel_faad_frame_info;

#define REEL_FAAD_FMT_FLOAT 4

// reel_faad holds the entry points of a libfaad2 opened with dlopen.
typedef struct {
	void *handle;
	void *(*open)(void);
	reel_faad_config *(*get_config)(void *);
	unsigned char (*set_config)(void *, reel_faad_config *);
	char (*init2)(void *, unsigned char *, unsigned long, unsigned long *, unsigned char *);
	void *(*decode)(void *, reel_faad_frame_info *, unsigned char *, unsigned long);
	char *(*error_message)(unsigned char);
	void (*close)(void *);
	int (*get_version)(char **, char **);
	char path[4096];
} reel_faad;

// reel_faad_open loads soname privately and looks up every entry point.
// It returns NULL and sets *err (static) on failure.
static reel_faad *reel_faad_open(const char *soname, const char **err) {
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*err = dlerror();
		return NULL;
	}
	reel_faad *l = calloc(1, sizeof *l);
	if (!l) {
		dlclose(h);
		*err = "out of memory";
		return NULL;
	}
	l->handle = h;
#define SYM(field, name) \
	if (!(*(void **)&l->field = dlsym(h, name))) { *err = "missing symbol " name; goto fail; }
	SYM(open, "NeAACDecOpen")
	SYM(get_config, "NeAACDecGetCurrentConfiguration")
	SYM(set_config, "NeAACDecSetConfiguration")
	SYM(init2, "NeAACDecInit2")
	SYM(decode, "NeAACDecDecode")
	SYM(error_message, "NeAACDecGetErrorMessage")
	SYM(close, "NeAACDecClose")
	SYM(get_version, "NeAACDecGetVersion")
#undef SYM
	Dl_info info;
	if (dladdr((void *)l->open, &info) && info.dli_fname) {
		strncpy(l->path, info.dli_fname, sizeof l->path - 1);
	}
	return l;
fail:
	dlclose(h);
	free(l);
	return NULL;
}

static void reel_faad_unload(reel_faad *l) { dlclose(l->handle); free(l); }

static const char *reel_faad_version(reel_faad *l) {
	char *id = NULL, *copyright = NULL;
	l->get_version(&id, &copyright);
	return id ? id : "";
}

// reel_faad_new opens a decoder set to float output with 5.1 downmixed to
// stereo, and initialises it from an AudioSpecificConfig. It returns NULL
// with *code set: -1 no decoder, -2 configuration refused, -3 the ASC
// refused (the library's return value is then in *code2).
static void *reel_faad_new(reel_faad *l, unsigned char *asc, unsigned long n,
                           unsigned long *rate, unsigned char *channels, int *code) {
	void *d = l->open();
	if (!d) { *code = -1; return NULL; }
	reel_faad_config *c = l->get_config(d);
	if (!c) { l->close(d); *code = -2; return NULL; }
	c->outputFormat = REEL_FAAD_FMT_FLOAT;
	c->downMatrix = 1;
	c->dontUpSampleImplicitSBR = 1;
	if (l->set_config(d, c) != 1) { l->close(d); *code = -2; return NULL; }
	if (l->init2(d, asc, n, rate, channels) < 0) { l->close(d); *code = -3; return NULL; }
	*code = 0;
	return d;
}

static void *reel_faad_decode(reel_faad *l, void *d, reel_faad_frame_info *fi, unsigned char *buf, unsigned long n) {
	memset(fi, 0, sizeof *fi);
	return l->decode(d, fi, buf, n);
}

static const char *reel_faad_error(reel_faad *l, unsigned char code) {
	const char *s = l->error_message(code);
	return s ? s : "unknown error";
}

static void reel_faad_close(reel_faad *l, void *d) { l->close(d); }

// reel_faad_trim hands back to the system the memory glibc's malloc keeps
// free in its arenas: a decoder's buffers were malloc'd on whichever
// threads its calls ran, and each thread's arena would otherwise keep its
// high-water mark for the life of the process.
static void reel_faad_trim(void) {
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unsafe"
)

// Lib is libfaad2, loaded and checked.
type Lib struct {
	l       *C.reel_faad
	version string
	path    string
}

func soname() string {
	if runtime.GOOS == "darwin" {
		return "libfaad.2.dylib"
	}
	return Soname
}

// loadLib opens the library, checks its version and runs a probe decode.
func loadLib() (*Lib, error) {
	cname := C.CString(soname())
	defer C.free(unsafe.Pointer(cname))
	var cerr *C.char
	l := C.reel_faad_open(cname, &cerr)
	if l == nil {
		msg := C.GoString(cerr)
		if !strings.HasPrefix(msg, "missing symbol") {
			return nil, &MissingError{Err: errors.New(msg)}
		}
		return nil, fmt.Errorf("faad: %s: %s", soname(), msg)
	}
	lib := &Lib{l: l, version: C.GoString(C.reel_faad_version(l)), path: C.GoString(&l.path[0])}
	if err := checkVersion(lib.version); err != nil {
		C.reel_faad_unload(l)
		return nil, err
	}
	if err := probe(lib); err != nil {
		C.reel_faad_unload(l)
		return nil, fmt.Errorf("faad: %s %s failed its probe decode: %w", soname(), lib.version, err)
	}
	return lib, nil
}

// Decoder decodes one AAC stream. It is not safe for concurrent use;
// separate Decoders may run concurrently.
type Decoder struct {
	lib      *Lib
	h        unsafe.Pointer
	in       *C.uchar // C copy of the frame, with zero padding after it
	inCap    int
	fi       *C.reel_faad_frame_info
	rate     int
	channels int
	out      []float32
}

// inPad is the zeroed slack after a frame in the C input buffer: the
// bitstream reader fetches whole 32-bit words.
const inPad = 16

// NewDecoder returns a decoder initialised from an AudioSpecificConfig (the
// DecoderSpecificInfo of an MP4's esds).
func (l *Lib) NewDecoder(asc []byte) (*Decoder, error) {
	if len(asc) > 64 {
		return nil, fmt.Errorf("faad: AudioSpecificConfig of %d bytes", len(asc))
	}
	if _, err := ParseASC(asc); err != nil {
		return nil, err
	}
	casc := (*C.uchar)(C.CBytes(asc))
	defer C.free(unsafe.Pointer(casc))
	var rate C.ulong
	var ch C.uchar
	var code C.int
	h := C.reel_faad_new(l.l, casc, C.ulong(len(asc)), &rate, &ch, &code)
	if h == nil {
		switch code {
		case -1:
			return nil, errors.New("faad: NeAACDecOpen failed")
		case -2:
			return nil, errors.New("faad: the decoder refused float output")
		}
		return nil, fmt.Errorf("faad: AudioSpecificConfig % x not supported", asc)
	}
	if rate == 0 || rate > 192000 || ch == 0 {
		C.reel_faad_close(l.l, h)
		return nil, fmt.Errorf("faad: AudioSpecificConfig % x gives %d Hz, %d channels", asc, rate, ch)
	}
	d := &Decoder{lib: l, h: h, rate: int(rate), channels: int(ch)}
	d.fi = (*C.reel_faad_frame_info)(C.calloc(1, C.sizeof_reel_faad_frame_info))
	return d, nil
}

// SampleRate returns the output rate of the last decoded frame (before the
// first, the rate the AudioSpecificConfig announces; implicit SBR may
// double it from the first frame on).
func (d *Decoder) SampleRate() int { return d.rate }

// Channels returns the channel count of the last decoded frame (before the
// first, the configuration's; parametric stereo may turn 1 into 2).
func (d *Decoder) Channels() int { return d.channels }

// Decode decodes one raw AAC access unit and returns its samples,
// interleaved, Channels() per frame, full scale 1.0. The slice is reused by
// the next call. A frame the library rejects gives an error naming its
// reason; the decoder stays usable for the next frame.
func (d *Decoder) Decode(frame []byte) ([]float32, error) {
	if d.h == nil {
		return nil, errors.New("faad: decoder closed")
	}
	if len(frame) == 0 {
		return nil, errors.New("faad: empty frame")
	}
	if len(frame) > MaxFrameBytes {
		return nil, fmt.Errorf("faad: frame of %d bytes exceeds %d", len(frame), MaxFrameBytes)
	}
	if need := len(frame) + inPad; need > d.inCap {
		C.free(unsafe.Pointer(d.in))
		d.inCap = max(need, 1024)
		d.in = (*C.uchar)(C.malloc(C.size_t(d.inCap)))
	}
	buf := unsafe.Slice((*byte)(unsafe.Pointer(d.in)), d.inCap)
	copy(buf, frame)
	clear(buf[len(frame) : len(frame)+inPad])
	p := C.reel_faad_decode(d.lib.l, d.h, d.fi, d.in, C.ulong(len(frame)))
	if d.fi.error != 0 {
		return nil, fmt.Errorf("faad: %s", C.GoString(C.reel_faad_error(d.lib.l, d.fi.error)))
	}
	n, ch, rate := int(d.fi.samples), int(d.fi.channels), int(d.fi.samplerate)
	if p == nil || n == 0 {
		return d.out[:0], nil
	}
	if ch <= 0 || n%ch != 0 || n > 2048*64 || rate <= 0 || rate > 192000 {
		return nil, fmt.Errorf("faad: frame of %d samples, %d channels at %d Hz", n, ch, rate)
	}
	d.channels, d.rate = ch, rate
	if cap(d.out) < n {
		d.out = make([]float32, n)
	}
	d.out = d.out[:n]
	copy(d.out, unsafe.Slice((*float32)(p), n))
	return d.out, nil
}

// Close releases the decoder and returns the C heap's free memory to
// the system (malloc_trim with glibc); it is safe to call more than once.
func (d *Decoder) Close() {
	if d.h == nil && d.in == nil && d.fi == nil {
		return
	}
	if d.h != nil {
		C.reel_faad_close(d.lib.l, d.h)
		d.h = nil
	}
	C.free(unsafe.Pointer(d.in))
	d.in, d.inCap = nil, 0
	C.free(unsafe.Pointer(d.fi))
	d.fi = nil
	C.reel_faad_trim()
}
