// Package de265 decodes HEVC (H.265) video with libde265 (LGPL-3.0),
// loaded at run time with dlopen from the Debian package libde265-0
// (libde265.so.0): building reel needs neither the library nor its
// headers, and a machine without it still runs reel, with HEVC clips
// refused by a clear error naming the package. Loading the library
// dynamically also keeps the LGPL's relinking condition trivially met.
//
// The library is opened privately (RTLD_LOCAL), its version checked with
// de265_get_version_number (1.0.8 or a later 1.0.x) and a probe picture
// decoded and compared sample by sample before it is used. Access units
// go in as MP4 stores them (length-prefixed, the length size from the
// hvcC record) with their presentation time; pictures come out in display
// order (reordered by the package: libde265 1.0 returns them in
// decoding order), copied into Go memory: 8-bit streams in Y/Cb/Cr, Main 10 (and
// other >8-bit) streams in Y16/Cb16/Cr16. Only 4:2:0 is accepted.
// Each decoder makes its libde265 calls on an OS thread of its own, so
// that glibc's malloc serves it from one arena, and starts no libde265
// worker threads. Pictures of streams without SAO are allocated by the
// package (one mapped block per picture, from a per-decoder pool: handed
// back to the system when the decoder lets go of it); libde265 allocates
// the rest itself, and closing a decoder returns the C heap's free memory
// to the system (malloc_trim).
package de265
