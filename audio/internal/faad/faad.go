package faad

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Library identifies the shared library and the Debian package that ships it.
const (
	Soname  = "libfaad.so.2"
	Package = "libfaad2"
)

// ErrMissing is wrapped by the error of [Load] when the library cannot be
// opened (not installed, or not this platform).
var ErrMissing = errors.New("faad: libfaad2 not available")

// MissingError reports that libfaad2 cannot be loaded. Its message names the
// Debian package to install.
type MissingError struct {
	Err error // what dlopen (or the platform) said
}

// Error implements error.
func (e *MissingError) Error() string {
	return fmt.Sprintf("AAC sound needs libfaad2 (%s): install the Debian package %s (%v)", Soname, Package, e.Err)
}

// Unwrap returns ErrMissing and the loader's error.
func (e *MissingError) Unwrap() []error { return []error{ErrMissing, e.Err} }

// load is the process-wide, load-once library: immutable once loaded (a
// loaded library stays loaded, and its check cannot change its answer).
var load = sync.OnceValues(loadLib)

// Load opens and checks libfaad2 (once per process; later calls return the
// same answer). Errors are a *MissingError when the library is absent, or
// say which check failed.
func Load() (*Lib, error) { return load() }

// Version returns the library's version string, e.g. "2.10.1".
func (l *Lib) Version() string { return l.version }

// Path returns the file the library was loaded from, when known.
func (l *Lib) Path() string { return l.path }

// checkVersion accepts faad2 2.8 and later 2.x releases: their
// NeAACDecConfiguration and NeAACDecFrameInfo have the layout declared in
// this package (the soname libfaad.so.2 promises as much; the version
// check catches a library that lies about it).
func checkVersion(v string) error {
	major, rest, _ := strings.Cut(v, ".")
	minor, _, _ := strings.Cut(rest, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("faad: unrecognised libfaad2 version %q", v)
	}
	if ma != 2 || mi < 8 {
		return fmt.Errorf("faad: libfaad2 %s is not supported (need 2.8 or a later 2.x)", v)
	}
	return nil
}
