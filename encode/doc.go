// Package encode turns raw pictures and PCM audio into a finished MP4 file.
//
// Video is H.264 (High profile, BT.709, limited range) from x264, driven
// through the low-level github.com/gen2brain/x264-go/x264c binding: the
// input planes are allocated once in C memory and handed to the caller as an
// *image.YCbCr, so a frame costs no Go allocation and no copy. The x264
// behind it is, by default, the system's libx264 loaded at run time when
// its ABI matches the bundled source (with its assembly, about 2.4x
// faster), else x264's portable C compiled into the binary; X264Env
// forces either and X264 reports which is in use. Audio is
// AAC-LC from the VisualOn encoder (github.com/gen2brain/aac-go/aacenc),
// encoded once per render under a process-wide lock because that binding
// keeps a single global encoder handle. The muxers write ISO BMFF boxes
// with github.com/abema/go-mp4.
//
// The encoders need cgo. Built with CGO_ENABLED=0 the package keeps
// everything else (muxers, fragments, segments, thumbnails, the options'
// checks); NewVideoEncoder, EncodeAAC and X264 then return ErrNoEncoder
// (HaveEncoders is false). Code that only needs "an H.264 encoder" takes a
// VideoEncoder.
//
// A Sink says where the MP4 goes:
//
//   - a path: "faststart" (moov before mdat, audio and video chunks
//     interleaved about every half second), atomic: the coded video is
//     spooled into a temporary file, the final file is assembled into a
//     second temporary file beside the target on Close and renamed into
//     place. Abort, a failed Close or a cancelled context leave nothing at
//     the target path.
//   - an io.Writer, faststart: the same file, written to the Writer in
//     Close (the spool lives in Sink.TempDir); nothing reaches the Writer
//     before Close.
//   - an io.Writer, fragmented (FragmentedMuxer): ftyp+moov, then one
//     moof+mdat per GOP written (and flushed) as soon as the GOP is coded,
//     for streaming into an http.ResponseWriter while the video renders.
//     Fragments already written stay written if the render fails.
//
// Temporary files are unlinked as soon as they are created where the
// system allows it, and errors name the caller's path or directory, never
// a temporary file.
//
// Samples are BT.709 limited range (Y 16..235, Cb/Cr 16..240); the
// image.YCbCr type is used only as a container of planes and strides.
//
// Timing conventions: the video track's media timescale is the frame-rate
// numerator scaled up to at least 10000 (30 fps -> 15360, 30000/1001 ->
// 30000), and the movie timescale equals it, so mvhd, tkhd and mdhd carry
// exact durations. B-frame reordering delay and AAC encoder priming are both
// removed with edit lists (elst media_time), the way ffmpeg writes them.
package encode
