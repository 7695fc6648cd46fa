package de265

import (
	"errors"
	"fmt"
	"sync"
)

// Names of the library reel loads and of the Debian package that ships it.
const (
	Soname  = "libde265.so.0" // the file dlopen looks for
	Package = "libde265-0"    // the Debian package that installs Soname
	Library = "libde265"
)

// ErrNotInstalled is wrapped by Load's error when the library file
// cannot be opened at all (as opposed to a library that is present but
// refused).
var ErrNotInstalled = errors.New("de265: library not installed")

// Lib is a loaded and checked libde265. It is safe for concurrent use;
// each Decoder is not.
type Lib struct {
	dl      dlLib
	version string
	number  uint32
	path    string
}

// loaded is the process-wide library: loaded at most once, immutable
// afterwards (a loaded library stays loaded for the life of the process).
var loaded = sync.OnceValues(func() (*Lib, error) { return loadFrom(Soname) })

// Load loads libde265 (Soname) with dlopen the first time it is called
// and returns the same library, or the same error, ever after. The
// library is accepted when de265_get_version_number reports 1.0.x (the
// API this package declares) at 1.0.8 or later, and a probe picture
// decodes to the expected samples. When the file is absent the error
// wraps ErrNotInstalled and names the Debian package.
func Load() (*Lib, error) { return loaded() }

// loadFrom loads and checks the library file soname.
func loadFrom(soname string) (*Lib, error) {
	dl, path, err, notFound := openLib(soname)
	if err != nil {
		if notFound {
			return nil, fmt.Errorf("%w: HEVC clips need %s (%s): install the Debian package %s: %v", ErrNotInstalled, Library, soname, Package, err)
		}
		return nil, fmt.Errorf("de265: %s: %v", soname, err)
	}
	l := &Lib{dl: dl, version: dl.version(), number: dl.versionNumber(), path: path}
	if err := checkVersion(l.number); err != nil {
		dl.close()
		return nil, fmt.Errorf("de265: %s: %w", soname, err)
	}
	if err := probe(l); err != nil {
		dl.close()
		return nil, fmt.Errorf("de265: %s %s: probe decode: %w", soname, l.version, err)
	}
	return l, nil
}

// checkVersion accepts libde265 1.0.8 and later 1.0.x releases
// (LIBDE265_NUMERIC_VERSION 0x01000800 and up, below 0x01010000): the
// API declared here, with de265_push_NAL taking a PTS and the image
// accessors, is unchanged across 1.0.x, and 1.0.8 fixed the security
// bugs that earlier releases had in malformed-stream handling.
func checkVersion(n uint32) error {
	major, minor, maint := n>>24, n>>16&0xff, n>>8&0xff
	if major != 1 || minor != 0 || maint < 8 {
		return fmt.Errorf("version number %#08x is not supported (want 1.0.8 or a later 1.0.x)", n)
	}
	return nil
}

// Version returns the library's version, e.g. "1.0.11".
func (l *Lib) Version() string { return l.version }

// Path returns the file the library was loaded from, when the dynamic
// loader reports it, else the soname.
func (l *Lib) Path() string {
	if l.path == "" {
		return Soname
	}
	return l.path
}
