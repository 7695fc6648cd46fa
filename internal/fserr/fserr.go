// Package fserr trims file system errors for messages a caller reads.
package fserr

import (
	"errors"
	"io/fs"
	"os"
)

// Cause strips the path (or both paths of a rename) from a file system
// error, leaving its cause (permission denied, no space left...): the
// paths involved may be temporary names the caller never chose. Other
// errors are returned as they are.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
