//go:build !cgo

package de265

import (
	"errors"
	"unsafe"
)

// Without cgo no library can be loaded: openLib always fails, so none of
// the other methods is ever reached.

const (
	errImageBufferFull = -1
	errWaitingForInput = -2
	chroma420          = 1
)

type dlLib struct{}

func openLib(string) (lib dlLib, path string, err error, notFound bool) {
	return dlLib{}, "", errors.New("loading libde265 at run time needs a build with cgo"), false
}

func (dlLib) close()                        {}
func (dlLib) version() string               { return "" }
func (dlLib) versionNumber() uint32         { return 0 }
func (dlLib) errorText(int) string          { return "built without cgo" }
func (dlLib) ok(int) bool                   { return false }
func (dlLib) newDecoder() (dlDecoder, bool) { return dlDecoder{}, false }

type dlDecoder struct {
	lib dlLib
	ctx unsafe.Pointer
}

func (dlDecoder) free() pictureMemory          { return pictureMemory{} }
func (dlDecoder) pictureMemory() pictureMemory { return pictureMemory{} }
func (dlDecoder) pushNAL([]byte, int64) int    { return -1 }
func (dlDecoder) endOfFrame()                  {}
func (dlDecoder) flush() int                   { return -1 }
func (dlDecoder) reset()                       {}
func (dlDecoder) decode() (err int, more bool) { return -1, false }
func (dlDecoder) peek() (rawImage, bool)       { return rawImage{}, false }
func (dlDecoder) release()                     {}

// rawImage mirrors the cgo build's picture description.
type rawImage struct {
	w, h, cw, ch int
	chroma       int
	bits         [3]int
	planes       [3]unsafe.Pointer
	strides      [3]int
	pts          int64
}
