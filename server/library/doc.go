// Package library is reeld's built-in music: MP3 tracks embedded in the
// binary (this directory), listed by GET /musics, served under
// /f/musics/, usable as any project's music by their ids and opened by
// the render worker like a user's upload.
//
// Ids are stable across releases, because stored projects name them.
// The tracks are probed once, at Load, and then read from memory.
package library
