//go:build cgo

package de265

/*
#cgo linux LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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
	void (*set_image_allocation_functions)(void *, const void *, void *);
	void (*set_image_plane)(void *, int, void *, int, void *);
	void *(*get_image_plane_user_data)(const void *, int);
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
	SYM(set_image_allocation_functions, "de265_set_image_allocation_functions")
	SYM(set_image_plane, "de265_set_image_plane")
	SYM(get_image_plane_user_data, "de265_get_image_plane_user_data")
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

// reel_de265_pool allocates the pictures of one decoder context (libde265's
// get_buffer and release_buffer hooks): a picture's three planes share
// one block mapped with mmap, so that a block goes back to the operating
// system as soon as the decoder lets go of it (glibc's malloc keeps freed
// blocks of this size in its per-thread arenas, where another clip's
// decoder on another thread cannot use them), and the decoder's picture
// memory can be counted. libde265 frees a picture slot right before it
// allocates the picture that takes it, so one spare block of the same size
// is kept to serve that allocation without a new mapping. A pool serves
// one decoder, which starts no worker threads: its hooks are never called
// concurrently.
typedef struct {
	reel_de265 *lib;
	uint8_t *spare;
	size_t spare_size;
	int64_t live, peak, live_bytes, peak_bytes, maps;
} reel_de265_pool;

// reel_de265_spec mirrors struct de265_image_spec.
typedef struct {
	int format, width, height, alignment;
	int crop_left, crop_right, crop_top, crop_bottom;
	int visible_width, visible_height;
} reel_de265_spec;

// reel_de265_alloc mirrors struct de265_image_allocation.
typedef struct {
	int (*get_buffer)(void *ctx, reel_de265_spec *spec, void *img, void *userdata);
	void (*release_buffer)(void *ctx, void *img, void *userdata);
} reel_de265_alloc;

enum {
	REEL_BLOCK_HEADER = 64,  // the block's size, stored in front of its planes
	REEL_PLANE_ALIGN = 64,   // every plane starts on a cache line
	REEL_PLANE_PADDING = 64, // libde265's SIMD code reads up to 8 bytes past a plane
	REEL_MAX_SIDE = 1 << 16,
};

static size_t reel_round(size_t n, size_t a) { return (n + a - 1) / a * a; }

// reel_de265_get_buffer lays the planes out as libde265's own allocator
// does (strides of whole alignment units, in bytes for the API) in one
// mapped block.
static int reel_de265_get_buffer(void *ctx, reel_de265_spec *spec, void *img, void *userdata) {
	(void)ctx;
	reel_de265_pool *p = userdata;
	int w = spec->width, h = spec->height, cw, ch;
	switch (spec->format) {
	case 1: cw = 0; ch = 0; break;                   // monochrome
	case 2: cw = (w + 1) / 2; ch = (h + 1) / 2; break; // 4:2:0
	case 3: cw = (w + 1) / 2; ch = h; break;           // 4:2:2
	case 4: cw = w; ch = h; break;                     // 4:4:4
	default: return 0;
	}
	if (w <= 0 || h <= 0 || w > REEL_MAX_SIDE || h > REEL_MAX_SIDE) return 0;
	size_t a = spec->alignment > 0 ? (size_t)spec->alignment : 16;
	size_t by = (size_t)(p->lib->get_bits_per_pixel(img, 0) + 7) / 8;
	size_t bc = cw ? (size_t)(p->lib->get_bits_per_pixel(img, 1) + 7) / 8 : 0;
	if (by < 1 || by > 2 || (cw && (bc < 1 || bc > 2))) return 0;
	size_t ys = reel_round(w, a) * by, cs = reel_round(cw, a) * bc;
	size_t yn = reel_round(ys * h + REEL_PLANE_PADDING, REEL_PLANE_ALIGN);
	size_t cn = cw ? reel_round(cs * ch + REEL_PLANE_PADDING, REEL_PLANE_ALIGN) : 0;
	size_t size = REEL_BLOCK_HEADER + yn + 2 * cn;
	uint8_t *b;
	if (p->spare && p->spare_size == size) {
		b = p->spare;
		p->spare = NULL;
	} else {
		b = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b == MAP_FAILED) return 0;
		p->maps++;
	}
	*(size_t *)b = size;
	p->live++;
	p->live_bytes += size;
	if (p->live > p->peak) p->peak = p->live;
	if (p->live_bytes > p->peak_bytes) p->peak_bytes = p->live_bytes;
	uint8_t *y = b + REEL_BLOCK_HEADER;
	p->lib->set_image_plane(img, 0, y, (int)ys, b);
	p->lib->set_image_plane(img, 1, cw ? y + yn : NULL, (int)cs, b);
	p->lib->set_image_plane(img, 2, cw ? y + yn + cn : NULL, (int)cs, b);
	return 1;
}

// reel_de265_release_buffer keeps the block as the spare, or unmaps it.
static void reel_de265_release_buffer(void *ctx, void *img, void *userdata) {
	(void)ctx;
	reel_de265_pool *p = userdata;
	uint8_t *b = p->lib->get_image_plane_user_data(img, 0);
	if (!b) return;
	size_t size = *(size_t *)b;
	p->live--;
	p->live_bytes -= size;
	if (!p->spare) {
		p->spare = b;
		p->spare_size = size;
		return;
	}
	munmap(b, size);
}

static const reel_de265_alloc reel_de265_pool_alloc = {reel_de265_get_buffer, reel_de265_release_buffer};

// reel_de265_new makes a decoder context whose pictures come from a new
// pool, returned in *pool.
static void *reel_de265_new(reel_de265 *l, reel_de265_pool **pool) {
	reel_de265_pool *p = calloc(1, sizeof *p);
	if (!p) return NULL;
	p->lib = l;
	void *d = l->new_decoder();
	if (!d) {
		free(p);
		return NULL;
	}
	l->set_image_allocation_functions(d, &reel_de265_pool_alloc, p);
	*pool = p;
	return d;
}

// reel_de265_free_context frees a decoder context; it gives its pictures
// back to the pool as it goes.
static void reel_de265_free_context(reel_de265 *l, void *d) { l->free_decoder(d); }

// reel_de265_free_pool frees the pool after its context, and hands the
// memory glibc's malloc holds free in its arenas back to the system: the
// decoder's other buffers (per-picture metadata, the pictures of streams
// with SAO, which libde265 allocates itself, the SAO copy) were malloc'd
// in the arena of the thread the decoder ran on.

static void reel_de265_free_pool(reel_de265_pool *p) {
	if (p->spare) munmap(p->spare, p->spare_size);
	free(p);
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

static void reel_de265_close(reel_de265 *l) { dlclose(l->handle); free(l); }
static const char *reel_de265_version(reel_de265 *l) { return l->get_version(); }
static uint32_t reel_de265_version_number(reel_de265 *l) { return l->get_version_number(); }
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

// dlDecoder is one libde265 decoder context with its picture pool.
type dlDecoder struct {
	lib  dlLib
	ctx  unsafe.Pointer
	pool *C.reel_de265_pool
}

func (d dlLib) newDecoder() (dlDecoder, bool) {
	var pool *C.reel_de265_pool
	ctx := C.reel_de265_new(d.l, &pool)
	return dlDecoder{lib: d, ctx: ctx, pool: pool}, ctx != nil
}

// free frees the context and its pool and returns what the pool counted,
// read after the context gave its last picture back.
func (d dlDecoder) free() pictureMemory {
	C.reel_de265_free_context(d.lib.l, d.ctx)
	m := d.pictureMemory()
	C.reel_de265_free_pool(d.pool)
	return m
}

// pictureMemory reads the pool's counters.
func (d dlDecoder) pictureMemory() pictureMemory {
	p := d.pool
	return pictureMemory{Live: int(p.live), Peak: int(p.peak), LiveBytes: int64(p.live_bytes), PeakBytes: int64(p.peak_bytes), Maps: int(p.maps)}
}

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
