package de265

/*
#cgo linux LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// The declarations below mirror libde265 1.0's de265.h for the entry
// points reel calls, so that building reel needs no libde265 headers.
// Every struct is opaque; the functions take and return scalars and
// pointers only, so the version check at load is the whole ABI check.

enum {
	REEL_DE265_OK = 0,
	REEL_DE265_ERROR_IMAGE_BUFFER_FULL = 9,
	REEL_DE265_ERROR_WAITING_FOR_INPUT_DATA = 13,
	REEL_DE265_CHROMA_420 = 1,
};

// reel_de265 holds the entry points of a libde265 opened with dlopen.
typedef struct {
	void *handle;
	const char *(*get_version)(void);
	uint32_t (*get_version_number)(void);
	void *(*new_decoder)(void);
	int (*free_decoder)(void *);
	int (*push_NAL)(void *, const void *, int, int64_t, void *);
	void (*push_end_of_frame)(void *);
	int (*flush_data)(void *);
	void (*reset)(void *);
	int (*decode)(void *, int *);
	const void *(*peek_next_picture)(void *);
	void (*release_next_picture)(void *);
	int (*get_image_width)(const void *, int);
	int (*get_image_height)(const void *, int);
	int (*get_chroma_format)(const void *);
	int (*get_bits_per_pixel)(const void *, int);
	const uint8_t *(*get_image_plane)(const void *, int, int *);
	int64_t (*get_image_PTS)(const void *);
	int (*isOK)(int);
	const char *(*get_error_text)(int);
	char path[4096];
} reel_de265;

static reel_de265 *reel_de265_open(const char *soname, const char **err, int *notfound) {
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*err = dlerror();
		*notfound = 1;
		return NULL;
	}
	reel_de265 *l = calloc(1, sizeof *l);
	if (!l) {
		dlclose(h);
		*err = "out of memory";
		return NULL;
	}
	l->handle = h;
#define SYM(field, name) \
	if (!(*(void **)&l->field = dlsym(h, name))) { *err = "missing symbol " name; goto fail; }
	SYM(get_version, "de265_get_version")
	SYM(get_version_number, "de265_get_version_number")
	SYM(new_decoder, "de265_new_decoder")
	SYM(free_decoder, "de265_free_decoder")
	SYM(push_NAL, "de265_push_NAL")
	SYM(push_end_of_frame, "de265_push_end_of_frame")
	SYM(flush_data, "de265_flush_data")
	SYM(reset, "de265_reset")
	SYM(decode, "de265_decode")
	SYM(peek_next_picture, "de265_peek_next_picture")
	SYM(release_next_picture, "de265_release_next_picture")
	SYM(get_image_width, "de265_get_image_width")
	SYM(get_image_height, "de265_get_image_height")
	SYM(get_chroma_format, "de265_get_chroma_format")
	SYM(get_bits_per_pixel, "de265_get_bits_per_pixel")
	SYM(get_image_plane, "de265_get_image_plane")
	SYM(get_image_PTS, "de265_get_image_PTS")
	SYM(isOK, "de265_isOK")
	SYM(get_error_text, "de265_get_error_text")
#undef SYM
	Dl_info info;
	if (dladdr(*(void **)&l->new_decoder, &info) && info.dli_fname) {
		strncpy(l->path, info.dli_fname, sizeof l->path - 1);
	}
	return l;
fail:
	dlclose(h);
	free(l);
	return NULL;
}

static void reel_de265_close(reel_de265 *l) { dlclose(l->handle); free(l); }
static const char *reel_de265_version(reel_de265 *l) { return l->get_version(); }
static uint32_t reel_de265_version_number(reel_de265 *l) { return l->get_version_number(); }
static void *reel_de265_new(reel_de265 *l) { return l->new_decoder(); }
static void reel_de265_free(reel_de265 *l, void *d) { l->free_decoder(d); }
static int reel_de265_push(reel_de265 *l, void *d, const void *p, int n, int64_t pts) { return l->push_NAL(d, p, n, pts, NULL); }
static void reel_de265_end_of_frame(reel_de265 *l, void *d) { l->push_end_of_frame(d); }
static int reel_de265_flush(reel_de265 *l, void *d) { return l->flush_data(d); }
static void reel_de265_reset(reel_de265 *l, void *d) { l->reset(d); }
static int reel_de265_decode(reel_de265 *l, void *d, int *more) { return l->decode(d, more); }
static const void *reel_de265_peek(reel_de265 *l, void *d) { return l->peek_next_picture(d); }
static void reel_de265_release(reel_de265 *l, void *d) { l->release_next_picture(d); }
static int reel_de265_width(reel_de265 *l, const void *img, int c) { return l->get_image_width(img, c); }
static int reel_de265_height(reel_de265 *l, const void *img, int c) { return l->get_image_height(img, c); }
static int reel_de265_chroma(reel_de265 *l, const void *img) { return l->get_chroma_format(img); }
static int reel_de265_bits(reel_de265 *l, const void *img, int c) { return l->get_bits_per_pixel(img, c); }
static const uint8_t *reel_de265_plane(reel_de265 *l, const void *img, int c, int *stride) { return l->get_image_plane(img, c, stride); }
static int64_t reel_de265_pts(reel_de265 *l, const void *img) { return l->get_image_PTS(img); }
static int reel_de265_ok(reel_de265 *l, int err) { return l->isOK(err); }
static const char *reel_de265_error_text(reel_de265 *l, int err) { return l->get_error_text(err); }
*/
import "C"

import (
	"errors"
	"unsafe"
)

const (
	errImageBufferFull = C.REEL_DE265_ERROR_IMAGE_BUFFER_FULL
	errWaitingForInput = C.REEL_DE265_ERROR_WAITING_FOR_INPUT_DATA
	chroma420          = C.REEL_DE265_CHROMA_420
)

// dlLib is one libde265 loaded with dlopen.
type dlLib struct{ l *C.reel_de265 }

func openLib(soname string) (lib dlLib, path string, err error, notFound bool) {
	cs := C.CString(soname)
	defer C.free(unsafe.Pointer(cs))
	var cerr *C.char
	var nf C.int
	l := C.reel_de265_open(cs, &cerr, &nf)
	if l == nil {
		return dlLib{}, "", errors.New(C.GoString(cerr)), nf != 0
	}
	return dlLib{l}, C.GoString(&l.path[0]), nil, false
}

func (d dlLib) close()                 { C.reel_de265_close(d.l) }
func (d dlLib) version() string        { return C.GoString(C.reel_de265_version(d.l)) }
func (d dlLib) versionNumber() uint32  { return uint32(C.reel_de265_version_number(d.l)) }
func (d dlLib) errorText(e int) string { return C.GoString(C.reel_de265_error_text(d.l, C.int(e))) }
func (d dlLib) ok(e int) bool          { return C.reel_de265_ok(d.l, C.int(e)) != 0 }

// dlDecoder is one libde265 decoder context.
type dlDecoder struct {
	lib dlLib
	ctx unsafe.Pointer
}

func (d dlLib) newDecoder() (dlDecoder, bool) {
	ctx := C.reel_de265_new(d.l)
	return dlDecoder{lib: d, ctx: ctx}, ctx != nil
}

func (d dlDecoder) free() { C.reel_de265_free(d.lib.l, d.ctx) }

func (d dlDecoder) pushNAL(u []byte, pts int64) int {
	return int(C.reel_de265_push(d.lib.l, d.ctx, unsafe.Pointer(&u[0]), C.int(len(u)), C.int64_t(pts)))
}

func (d dlDecoder) endOfFrame() { C.reel_de265_end_of_frame(d.lib.l, d.ctx) }
func (d dlDecoder) flush() int  { return int(C.reel_de265_flush(d.lib.l, d.ctx)) }
func (d dlDecoder) reset()      { C.reel_de265_reset(d.lib.l, d.ctx) }

func (d dlDecoder) decode() (err int, more bool) {
	var m C.int
	err = int(C.reel_de265_decode(d.lib.l, d.ctx, &m))
	return err, m != 0
}

// rawImage is a decoded picture still in libde265's memory: valid until
// it is released.
type rawImage struct {
	w, h, cw, ch int
	chroma       int
	bits         [3]int
	planes       [3]unsafe.Pointer
	strides      [3]int // in bytes
	pts          int64
}

// peek returns the next picture in display order, if one is ready.
func (d dlDecoder) peek() (rawImage, bool) {
	img := C.reel_de265_peek(d.lib.l, d.ctx)
	if img == nil {
		return rawImage{}, false
	}
	r := rawImage{
		w: int(C.reel_de265_width(d.lib.l, img, 0)), h: int(C.reel_de265_height(d.lib.l, img, 0)),
		cw: int(C.reel_de265_width(d.lib.l, img, 1)), ch: int(C.reel_de265_height(d.lib.l, img, 1)),
		chroma: int(C.reel_de265_chroma(d.lib.l, img)),
		pts:    int64(C.reel_de265_pts(d.lib.l, img)),
	}
	for c := range 3 {
		var stride C.int
		r.planes[c] = unsafe.Pointer(C.reel_de265_plane(d.lib.l, img, C.int(c), &stride))
		r.strides[c] = int(stride)
		r.bits[c] = int(C.reel_de265_bits(d.lib.l, img, C.int(c)))
	}
	return r, true
}

// release drops the picture peek returned.
func (d dlDecoder) release() { C.reel_de265_release(d.lib.l, d.ctx) }
