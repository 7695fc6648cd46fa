//go:build cgo

package openh264

/*
#cgo linux LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

// The declarations below mirror OpenH264 2.3's C API (codec_api.h,
// codec_app_def.h, codec_def.h) for the decoder entry points reel calls,
// so that building reel needs no OpenH264 headers. Their layout is
// checked against the real headers by a test when libopenh264-dev is
// installed, and the library's version by WelsGetCodecVersionEx at load.

// OpenH264Version.
typedef struct {
	unsigned int uMajor, uMinor, uRevision, uReserved;
} reel_oh_version;

// SVideoProperty.
typedef struct {
	unsigned int size;
	int eVideoBsType; // VIDEO_BITSTREAM_TYPE
} reel_oh_video_property;

// SDecodingParam.
typedef struct {
	char *pFileNameRestructed;
	unsigned int uiCpuLoad;
	unsigned char uiTargetDqLayer;
	int eEcActiveIdc; // ERROR_CON_IDC
	bool bParseOnly;
	reel_oh_video_property sVideoProperty;
} reel_oh_decoding_param;

// SSysMEMBuffer.
typedef struct {
	int iWidth, iHeight, iFormat;
	int iStride[2];
} reel_oh_sysmem_buffer;

// SBufferInfo.
typedef struct {
	int iBufferStatus;
	unsigned long long uiInBsTimeStamp;
	unsigned long long uiOutYuvTimeStamp;
	union {
		reel_oh_sysmem_buffer sSystemBuffer;
	} UsrData;
	unsigned char *pDst[3];
} reel_oh_buffer_info;

// ISVCDecoderVtbl: the C view of the C++ ISVCDecoder's virtual table.
// DecodeParser and DecodeFrameEx are never called; their slots keep the
// layout.
typedef struct reel_oh_vtbl reel_oh_vtbl;
typedef const reel_oh_vtbl *reel_oh_decoder; // ISVCDecoder
struct reel_oh_vtbl {
	long (*Initialize)(reel_oh_decoder *, const reel_oh_decoding_param *);
	long (*Uninitialize)(reel_oh_decoder *);
	int (*DecodeFrame)(reel_oh_decoder *, const unsigned char *, const int, unsigned char **, int *, int *, int *);
	int (*DecodeFrameNoDelay)(reel_oh_decoder *, const unsigned char *, const int, unsigned char **, reel_oh_buffer_info *);
	int (*DecodeFrame2)(reel_oh_decoder *, const unsigned char *, const int, unsigned char **, reel_oh_buffer_info *);
	int (*FlushFrame)(reel_oh_decoder *, unsigned char **, reel_oh_buffer_info *);
	void *DecodeParser;
	void *DecodeFrameEx;
	long (*SetOption)(reel_oh_decoder *, int, void *);
	long (*GetOption)(reel_oh_decoder *, int, void *);
};

// Values from codec_app_def.h.
enum {
	REEL_OH_VIDEO_BITSTREAM_AVC = 0,
	REEL_OH_ERROR_CON_DISABLE = 0,
	REEL_OH_OPTION_END_OF_STREAM = 1,
	REEL_OH_OPTION_TRACE_LEVEL = 9,
	REEL_OH_OPTION_NUM_OF_FRAMES_REMAINING_IN_BUFFER = 18,
	REEL_OH_OPTION_NUM_OF_THREADS = 19,
	REEL_OH_WELS_LOG_QUIET = 0,
	REEL_OH_VIDEO_FORMAT_I420 = 23,
};

// reel_oh_lib holds the entry points of a libopenh264 opened with dlopen.
typedef struct {
	void *handle;
	long (*create)(reel_oh_decoder **);
	void (*destroy)(reel_oh_decoder *);
	void (*version)(reel_oh_version *);
	char path[4096];
} reel_oh_lib;

// reel_oh_open loads soname privately (RTLD_LOCAL) and looks up the
// decoder's entry points. It returns NULL and sets *err (static, from
// dlerror or a literal) on failure; *notfound is set when dlopen itself
// failed.
static reel_oh_lib *reel_oh_open(const char *soname, const char **err, int *notfound) {
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*err = dlerror();
		*notfound = 1;
		return NULL;
	}
	reel_oh_lib *l = calloc(1, sizeof *l);
	if (!l) {
		dlclose(h);
		*err = "out of memory";
		return NULL;
	}
	l->handle = h;
#define SYM(field, name) \
	if (!(*(void **)&l->field = dlsym(h, name))) { *err = "missing symbol " name; goto fail; }
	SYM(create, "WelsCreateDecoder")
	SYM(destroy, "WelsDestroyDecoder")
	SYM(version, "WelsGetCodecVersionEx")
#undef SYM
	Dl_info info;
	if (dladdr(*(void **)&l->create, &info) && info.dli_fname) {
		strncpy(l->path, info.dli_fname, sizeof l->path - 1);
	}
	return l;
fail:
	dlclose(h);
	free(l);
	return NULL;
}

static void reel_oh_close(reel_oh_lib *l) { dlclose(l->handle); free(l); }

static void reel_oh_get_version(reel_oh_lib *l, reel_oh_version *v) { l->version(v); }

// reel_oh_new creates and initialises a single-threaded AVC decoder that
// logs nothing and conceals no errors. It returns 0 or a nonzero code.
static long reel_oh_new(reel_oh_lib *l, reel_oh_decoder **out) {
	reel_oh_decoder *d = NULL;
	long r = l->create(&d);
	if (r != 0 || d == NULL) return r ? r : -1;
	int quiet = REEL_OH_WELS_LOG_QUIET;
	(*d)->SetOption(d, REEL_OH_OPTION_TRACE_LEVEL, &quiet);
	int threads = 0;
	(*d)->SetOption(d, REEL_OH_OPTION_NUM_OF_THREADS, &threads);
	reel_oh_decoding_param p;
	memset(&p, 0, sizeof p);
	p.eEcActiveIdc = REEL_OH_ERROR_CON_DISABLE;
	p.sVideoProperty.size = sizeof p.sVideoProperty;
	p.sVideoProperty.eVideoBsType = REEL_OH_VIDEO_BITSTREAM_AVC;
	r = (*d)->Initialize(d, &p);
	if (r != 0) {
		l->destroy(d);
		return r;
	}
	*out = d;
	return 0;
}

// reel_oh_free frees the decoder and hands back to the system the memory
// glibc's malloc keeps free in its arenas: the decoder's buffers were
// malloc'd on whichever threads its calls ran, and each thread's arena
// would otherwise keep its high-water mark for the life of the process.
static void reel_oh_free(reel_oh_lib *l, reel_oh_decoder *d) {
	(*d)->Uninitialize(d);
	l->destroy(d);
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

// reel_oh_decode decodes one Annex B access unit (or, with src NULL,
// finishes the pending one) tagged with ts. On return info holds a
// picture when info->iBufferStatus == 1.
static int reel_oh_decode(reel_oh_decoder *d, const unsigned char *src, int n, unsigned long long ts, reel_oh_buffer_info *info) {
	unsigned char *dst[3] = {NULL, NULL, NULL};
	memset(info, 0, sizeof *info);
	info->uiInBsTimeStamp = ts;
	return (*d)->DecodeFrameNoDelay(d, src, n, dst, info);
}

// reel_oh_flush_one returns, in info, one of the pictures still held for
// reordering once the stream has ended.
static int reel_oh_flush_one(reel_oh_decoder *d, reel_oh_buffer_info *info) {
	unsigned char *dst[3] = {NULL, NULL, NULL};
	memset(info, 0, sizeof *info);
	return (*d)->FlushFrame(d, dst, info);
}

static long reel_oh_set_end_of_stream(reel_oh_decoder *d, int on) {
	return (*d)->SetOption(d, REEL_OH_OPTION_END_OF_STREAM, &on);
}

static int reel_oh_remaining(reel_oh_decoder *d) {
	int n = 0;
	if ((*d)->GetOption(d, REEL_OH_OPTION_NUM_OF_FRAMES_REMAINING_IN_BUFFER, &n) != 0) return -1;
	return n;
}

// Layout facts for the header check.
static size_t reel_oh_sizeof_buffer_info(void) { return sizeof(reel_oh_buffer_info); }
static size_t reel_oh_sizeof_decoding_param(void) { return sizeof(reel_oh_decoding_param); }
static size_t reel_oh_offsetof_pdst(void) { return offsetof(reel_oh_buffer_info, pDst); }
static size_t reel_oh_offsetof_usrdata(void) { return offsetof(reel_oh_buffer_info, UsrData); }
static size_t reel_oh_offsetof_video_property(void) { return offsetof(reel_oh_decoding_param, sVideoProperty); }
static size_t reel_oh_offsetof_set_option(void) { return offsetof(reel_oh_vtbl, SetOption); }
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// dlLib is one libopenh264 loaded with dlopen.
type dlLib struct{ l *C.reel_oh_lib }

// openLib opens soname; notFound reports that dlopen itself failed
// (typically: the file is not installed).
func openLib(soname string) (lib dlLib, path string, err error, notFound bool) {
	cs := C.CString(soname)
	defer C.free(unsafe.Pointer(cs))
	var cerr *C.char
	var nf C.int
	l := C.reel_oh_open(cs, &cerr, &nf)
	if l == nil {
		return dlLib{}, "", errors.New(C.GoString(cerr)), nf != 0
	}
	return dlLib{l}, C.GoString(&l.path[0]), nil, false
}

func (d dlLib) close() { C.reel_oh_close(d.l) }

// version returns the library's major, minor, revision and reserved
// (build) numbers.
func (d dlLib) version() [4]uint32 {
	var v C.reel_oh_version
	C.reel_oh_get_version(d.l, &v)
	return [4]uint32{uint32(v.uMajor), uint32(v.uMinor), uint32(v.uRevision), uint32(v.uReserved)}
}

// dlDecoder is one OpenH264 decoder instance.
type dlDecoder struct {
	lib dlLib
	d   *C.reel_oh_decoder
}

func (l dlLib) newDecoder() (dlDecoder, error) {
	var d *C.reel_oh_decoder
	if r := C.reel_oh_new(l.l, &d); r != 0 {
		return dlDecoder{}, fmt.Errorf("WelsCreateDecoder/Initialize failed with code %d", int(r))
	}
	return dlDecoder{lib: l, d: d}, nil
}

func (d dlDecoder) free() { C.reel_oh_free(d.lib.l, d.d) }

// rawPicture is a decoded picture still in OpenH264's memory: valid until
// the next call into the decoder.
type rawPicture struct {
	ts        uint64
	w, h      int
	yStride   int
	cStride   int
	y, cb, cr unsafe.Pointer
	format    int
}

// decode feeds one Annex B access unit (nil finishes the pending one at
// end of stream) and returns the decoding state and the picture that
// came out, if any.
func (d dlDecoder) decode(annexB []byte, ts uint64) (state int, pic rawPicture, ok bool) {
	var info C.reel_oh_buffer_info
	var src *C.uchar
	if len(annexB) > 0 {
		src = (*C.uchar)(unsafe.Pointer(&annexB[0]))
	}
	state = int(C.reel_oh_decode(d.d, src, C.int(len(annexB)), C.ulonglong(ts), &info))
	pic, ok = picture(&info)
	return state, pic, ok
}

// flushOne returns one picture held back for reordering, at end of stream.
func (d dlDecoder) flushOne() (state int, pic rawPicture, ok bool) {
	var info C.reel_oh_buffer_info
	state = int(C.reel_oh_flush_one(d.d, &info))
	pic, ok = picture(&info)
	return state, pic, ok
}

func (d dlDecoder) setEndOfStream(on bool) {
	v := C.int(0)
	if on {
		v = 1
	}
	C.reel_oh_set_end_of_stream(d.d, v)
}

// remaining is the number of pictures OpenH264 still holds for
// reordering (-1 when it cannot tell).
func (d dlDecoder) remaining() int { return int(C.reel_oh_remaining(d.d)) }

func picture(info *C.reel_oh_buffer_info) (rawPicture, bool) {
	if info.iBufferStatus != 1 || info.pDst[0] == nil || info.pDst[1] == nil || info.pDst[2] == nil {
		return rawPicture{}, false
	}
	sb := (*C.reel_oh_sysmem_buffer)(unsafe.Pointer(&info.UsrData))
	return rawPicture{
		ts:      uint64(info.uiOutYuvTimeStamp),
		w:       int(sb.iWidth),
		h:       int(sb.iHeight),
		format:  int(sb.iFormat),
		yStride: int(sb.iStride[0]),
		cStride: int(sb.iStride[1]),
		y:       unsafe.Pointer(info.pDst[0]),
		cb:      unsafe.Pointer(info.pDst[1]),
		cr:      unsafe.Pointer(info.pDst[2]),
	}, true
}

// cLayout reports the sizes and offsets of the mirrored declarations,
// for the test that compares them with OpenH264's headers.
func cLayout() map[string]int {
	return map[string]int{
		"sizeof(SBufferInfo)":                      int(C.reel_oh_sizeof_buffer_info()),
		"sizeof(SDecodingParam)":                   int(C.reel_oh_sizeof_decoding_param()),
		"offsetof(SBufferInfo, pDst)":              int(C.reel_oh_offsetof_pdst()),
		"offsetof(SBufferInfo, UsrData)":           int(C.reel_oh_offsetof_usrdata()),
		"offsetof(SDecodingParam, sVideoProperty)": int(C.reel_oh_offsetof_video_property()),
		"offsetof(ISVCDecoderVtbl, SetOption)":     int(C.reel_oh_offsetof_set_option()),
	}
}
