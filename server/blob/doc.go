// Package blob is reeld's storage of bytes: photos, musics, renditions,
// thumbnails and split-render segments, as opaque objects under
// slash-separated keys (Store). FS keeps them in a directory of the
// local filesystem (the embedded default); server/blob/s3 in
// S3-compatible object storage; server/blob/blobtest is the conformance
// suite both pass.
//
// A Put is atomic: readers see the old object or the new one, never a
// part, and a failed Put leaves the old one in place.
package blob
