// Package clip reads video clips for reel's slideshows: MP4 and QuickTime
// MOV files with H.264 or HEVC video, animated GIFs and animated WebPs.
//
// Probe describes a clip from its headers (container, codec, profile,
// display size, rotation, duration, frame rate, bit depth, HDR, audio).
// Open returns a Reader whose FrameAt gives the frame showing at a
// presentation time as an upright 8-bit 4:2:0 BT.709 limited-range
// image, scaled down to the size the caller asked for: clips are resampled
// to the output clock by presentation time, never by counting frames, so
// variable-frame-rate phone clips keep their timing.
//
// How a clip's samples are read (Info.Colour) comes from the MP4/MOV colr
// box, else from the colour description in the VUI of the stream's
// sequence parameter set (the avcC/hvcC record's, or the first sync
// sample's that carries one for avc3/hev1 tracks; an SPS that arrives
// in-band later governs the pictures from its own on), else from the
// picture size, as mpv and
// Chromium guess it: SD (width < 1280 and height < 720) is BT.601 (SMPTE
// 170M), larger is BT.709. FrameAt converts full range, the BT.601 matrix,
// BT.2020 primaries and HDR transfers to BT.709 limited range; BT.601
// primaries are taken as BT.709's, as players do.
//
// MP4/MOV files are demuxed in Go (internal/bmff). H.264 is decoded with
// Cisco's OpenH264 and HEVC with libde265, both loaded at run time like
// reel's libx264: when a library is missing, Open fails before decoding
// anything with a MissingDecoderError naming the Debian package to
// install, and Decoders reports what this machine can decode. GIFs are
// decoded with image/gif and animated WebPs with a small RIFF/ANMF parser
// over golang.org/x/image/webp; they need no library.
//
// Anything else (a photo, a file with no video track, a codec reel does
// not decode) is an error wrapping ErrUnsupported.
package clip
