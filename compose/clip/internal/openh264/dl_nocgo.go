//go:build !cgo

package openh264

import (
	"errors"
	"unsafe"
)

// Without cgo no library can be loaded: openLib always fails, so none of
// the other methods is ever reached.

type dlLib struct{}

func openLib(string) (lib dlLib, path string, err error, notFound bool) {
	return dlLib{}, "", errors.New("loading libopenh264 at run time needs a build with cgo"), false
}

func (dlLib) close()             {}
func (dlLib) version() [4]uint32 { return [4]uint32{} }
func (dlLib) newDecoder() (dlDecoder, error) {
	return dlDecoder{}, errors.New("built without cgo")
}

type dlDecoder struct{ d unsafe.Pointer }

func (dlDecoder) free() {}
func (dlDecoder) decode([]byte, uint64) (state int, pic rawPicture, ok bool) {
	return -1, rawPicture{}, false
}
func (dlDecoder) flushOne() (state int, pic rawPicture, ok bool) { return -1, rawPicture{}, false }
func (dlDecoder) setEndOfStream(bool)                            {}
func (dlDecoder) remaining() int                                 { return 0 }

// rawPicture mirrors the cgo build's picture description.
type rawPicture struct {
	ts        uint64
	w, h      int
	yStride   int
	cStride   int
	y, cb, cr unsafe.Pointer
	format    int
}

// cLayout has no C structs to report without cgo.
func cLayout() map[string]int { return nil }
