// Package openh264 decodes H.264 video with Cisco's OpenH264 library
// (BSD-2-Clause), loaded at run time with dlopen from the Debian package
// libopenh264-7 (libopenh264.so.7): building reel needs neither the
// library nor its headers, and a machine without it still runs reel,
// with H.264 clips refused by a clear error naming the package.
//
// The library is opened privately (RTLD_LOCAL), its version checked with
// WelsGetCodecVersionEx (2.3 or a later 2.x) and a probe picture decoded
// and compared sample by sample before it is used. The C declarations
// this package needs are written out in the cgo preamble (they mirror
// OpenH264 2.3's codec_api.h); a test compares their layout with the
// real headers when libopenh264-dev is installed.
//
// Access units go in as MP4 stores them (length-prefixed, the length size
// from the avcC record) with their presentation time; pictures come out
// in display order, each exactly once, copied into Go memory. Display
// order is the decoder's own (by presentation time, holding back as many
// pictures as the SPS's max_num_reorder_frames allows), not OpenH264's,
// whose reordering buffer compares only the low bits of the picture
// order count. OpenH264 decodes Constrained Baseline, Main and High
// profile progressive 8-bit 4:2:0 streams; interlaced, 4:2:2/4:4:4 and
// 10-bit streams are refused with ErrUnsupported.
package openh264
