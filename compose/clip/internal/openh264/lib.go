package openh264

import (
	"errors"
	"fmt"
	"sync"
)

// Names of the library reel loads and of the Debian package that ships it.
const (
	Soname  = "libopenh264.so.7" // the file dlopen looks for
	Package = "libopenh264-7"    // the Debian package that installs Soname
	Library = "Cisco OpenH264"
)

// ErrNotInstalled is wrapped by Load's error when the library file
// cannot be opened at all (as opposed to a library that is present but
// refused).
var ErrNotInstalled = errors.New("openh264: library not installed")

// Lib is a loaded and checked OpenH264 library. It is safe for
// concurrent use; each Decoder is not.
type Lib struct {
	dl      dlLib
	version [4]uint32
	path    string
}

// loaded is the process-wide library: loaded at most once, immutable
// afterwards (a loaded library stays loaded for the life of the process).
var loaded = sync.OnceValues(func() (*Lib, error) { return loadFrom(Soname) })

// Load loads OpenH264 (Soname) with dlopen the first time it is called
// and returns the same library, or the same error, ever after. The
// library is accepted when WelsGetCodecVersionEx reports version 2.x
// with x >= 3 (the ABI whose declarations this package mirrors) and a
// probe picture decodes to the expected pixels. When the file is absent
// the error wraps ErrNotInstalled and names the Debian package.
func Load() (*Lib, error) { return loaded() }

// loadFrom loads and checks the library file soname.
func loadFrom(soname string) (*Lib, error) {
	dl, path, err, notFound := openLib(soname)
	if err != nil {
		if notFound {
			return nil, fmt.Errorf("%w: H.264 clips need %s (%s): install the Debian package %s: %v", ErrNotInstalled, Library, soname, Package, err)
		}
		return nil, fmt.Errorf("openh264: %s: %v", soname, err)
	}
	l := &Lib{dl: dl, version: dl.version(), path: path}
	if err := checkVersion(l.version); err != nil {
		dl.close()
		return nil, fmt.Errorf("openh264: %s: %w", soname, err)
	}
	if err := probe(l); err != nil {
		dl.close()
		return nil, fmt.Errorf("openh264: %s %s: probe decode: %w", soname, l.Version(), err)
	}
	return l, nil
}

// checkVersion accepts OpenH264 2.3 and later 2.x releases: the decoder
// API this package mirrors (SDecodingParam, SBufferInfo with time
// stamps, the ISVCDecoder vtable, DECODER_OPTION values up to
// NUM_OF_THREADS) has this layout throughout the 2.x series, and 2.3 is
// the first release whose B-frame output (FlushFrame, reordering) the
// package was tested with.
func checkVersion(v [4]uint32) error {
	if v[0] != 2 || v[1] < 3 {
		return fmt.Errorf("version %d.%d.%d is not supported (want 2.3 or a later 2.x)", v[0], v[1], v[2])
	}
	return nil
}

// Version returns the library's version, e.g. "2.3.1".
func (l *Lib) Version() string {
	return fmt.Sprintf("%d.%d.%d", l.version[0], l.version[1], l.version[2])
}

// Path returns the file the library was loaded from, when the dynamic
// loader reports it, else the soname.
func (l *Lib) Path() string {
	if l.path == "" {
		return Soname
	}
	return l.path
}
