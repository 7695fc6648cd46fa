package audio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Info describes an audio file, as found by Probe without decoding it.
type Info struct {
	Format     string  // "mp3" or "wav"
	Duration   float64 // seconds of audio (MP3: encoder delay and padding removed when a LAME tag gives them)
	Samples    int64   // sample frames (per channel) at SampleRate
	SampleRate int     // Hz
	Channels   int     // 1 or 2 in the file (decoded audio is always stereo)
	Bitrate    int     // average bit/s of the audio data
	VBR        bool    // MP3: a Xing or VBRI header announces variable bitrate
	Title      string  // ID3 title (TIT2, TT2 or ID3v1), "" if none
	Artist     string  // ID3 artist (TPE1, TP1 or ID3v1), "" if none
	Cover      bool    // an embedded picture (ID3 APIC/PIC) is present
	Truncated  bool    // the last frame or data chunk is incomplete; Duration counts whole frames only

	dataStart, dataEnd int64 // byte range of the audio data
	skip               int64 // MP3: decoded samples to drop at the start (header frame, delay)
	bits               int   // WAV: bits per sample
	float              bool  // WAV: IEEE float samples
	blockAlign         int   // WAV: bytes per sample frame
}

const (
	maxSyncSearch = 64 << 10 // bytes searched for the first MP3 frame after the tags
	mp3DecoderLag = 529      // samples of delay of a standard Layer III decoder (LAME convention)
)

// Probe reads the headers of an MP3 or WAV file and returns its duration,
// format and tags. MP3 duration comes from a Xing/Info/VBRI header when there
// is one, otherwise from a scan of the frame headers (no decoding). Errors
// are *FormatError values.
func Probe(r io.ReadSeeker) (Info, error) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return Info{}, fmt.Errorf("audio: probe: %w", err)
	}
	if size == 0 {
		return Info{}, formatErr("", ErrEmpty, -1, "0 bytes", nil)
	}
	var head [12]byte
	n, err := readAt(r, head[:], 0)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return Info{}, fmt.Errorf("audio: probe: %w", err)
	}
	switch {
	case n >= 4 && (string(head[:4]) == "RIFF" || string(head[:4]) == "RF64" || string(head[:4]) == "RIFX"):
		if n < 12 {
			return Info{}, formatErr("wav", ErrTruncated, int64(n), "RIFF header", nil)
		}
		if string(head[8:12]) != "WAVE" {
			return Info{}, formatErr("", ErrNotAudio, 8, fmt.Sprintf("RIFF form %q is not WAVE", head[8:12]), nil)
		}
		if string(head[:4]) != "RIFF" {
			return Info{}, formatErr("wav", ErrUnsupported, 0, string(head[:4])+" container", nil)
		}
		return probeWAV(r, size)
	}
	return probeMP3(r, size)
}

// readAt reads len(b) bytes at off.
func readAt(r io.ReadSeeker, b []byte, off int64) (int, error) {
	if _, err := r.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	return io.ReadFull(r, b)
}

func probeMP3(r io.ReadSeeker, size int64) (Info, error) {
	info := Info{Format: "mp3"}
	var tag id3Tag
	pos := int64(0)
	var h10 [10]byte
	for {
		n, _ := readAt(r, h10[:], pos)
		tl := id3v2Size(h10[:n])
		if tl == 0 {
			if n >= 3 && string(h10[:3]) == "ID3" {
				return info, formatErr("mp3", ErrCorrupt, pos, "invalid ID3v2 header", nil)
			}
			break
		}
		if pos+tl > size {
			return info, formatErr("mp3", ErrTruncated, pos, fmt.Sprintf("ID3v2 tag of %d bytes runs past the end of the file", tl), nil)
		}
		readID3v2(r, pos, tl, &tag)
		pos += tl
	}
	end := size
	if end-pos >= 128 {
		var t [128]byte
		if _, err := readAt(r, t[:], end-128); err == nil && string(t[:3]) == "TAG" {
			parseID3v1(t[:], &tag)
			end -= 128
		}
	}
	if end-pos >= 32 {
		var a [32]byte
		if _, err := readAt(r, a[:], end-32); err == nil && string(a[:8]) == "APETAGEX" {
			n := int64(binary.LittleEndian.Uint32(a[12:]))
			if binary.LittleEndian.Uint32(a[20:])&(1<<31) != 0 {
				n += 32
			}
			if n > 0 && n <= end-pos {
				end -= n
			}
		}
	}
	info.Title, info.Artist, info.Cover = tag.Title, tag.Artist, tag.Cover
	if pos >= end {
		return info, formatErr("mp3", ErrEmpty, pos, "tags but no audio frames", nil)
	}

	first, h, err := findFirstFrame(r, pos, end)
	if err != nil {
		return info, err
	}
	if h.Layer != 3 {
		return info, formatErr("mp3", ErrUnsupported, first, fmt.Sprintf("MPEG Layer %d (only Layer III is decoded)", h.Layer), nil)
	}
	if h.Version == 25 {
		return info, formatErr("mp3", ErrUnsupported, first, "MPEG 2.5 (8-12 kHz) streams", nil)
	}
	info.SampleRate, info.Channels = h.SampleRate, h.Channels
	info.dataStart, info.dataEnd = first, end

	frame := make([]byte, h.Size)
	if _, err := readAt(r, frame, first); err != nil {
		return info, formatErr("mp3", ErrTruncated, first, "first frame", nil)
	}
	audioBytes := end - first
	if v, ok := parseVBRHeader(h, frame); ok {
		info.VBR = v.Kind != "Info"
		info.skip = int64(h.Samples) // the header frame decodes to silence
		audioBytes -= int64(h.Size)
		if v.Bytes > end-first { // the file is shorter than the header says: count what is there
			info.Truncated = true
			if v.Delay > 0 || v.Padding > 0 {
				info.skip += int64(v.Delay) + mp3DecoderLag
			}
		} else if v.Frames > 0 && v.Frames <= audioBytes/8 {
			total := v.Frames*int64(h.Samples) - int64(v.Delay) - int64(v.Padding)
			if v.Delay > 0 || v.Padding > 0 {
				info.skip += int64(v.Delay) + mp3DecoderLag
			}
			if total > 0 {
				info.Samples = total
			}
		}
	}
	if info.Samples == 0 {
		start := first
		if info.skip > 0 {
			start += int64(h.Size)
		}
		frames, trunc, err := countFrames(r, start, end, h)
		if err != nil {
			return info, err
		}
		info.Truncated = info.Truncated || trunc
		info.Samples = frames*int64(h.Samples) - max(0, info.skip-int64(h.Samples))
		switch {
		case frames == 0:
			return info, formatErr("mp3", ErrTruncated, start, "no complete audio frame", nil)
		case info.Samples <= 0: // fewer samples than the encoder delay
			info.Samples = 0
			kind := ErrEmpty
			if info.Truncated {
				kind = ErrTruncated
			}
			return info, formatErr("mp3", kind, start, fmt.Sprintf("%d frames hold no sample beyond the encoder delay", frames), nil)
		}
	}
	info.Duration = float64(info.Samples) / float64(info.SampleRate)
	if info.Duration > 0 {
		info.Bitrate = int(float64(audioBytes*8) / info.Duration)
	}
	return info, nil
}

// findFirstFrame returns the offset of the first frame in [pos, end): a
// valid header followed by another of the same stream (or by the end).
func findFirstFrame(r io.ReadSeeker, pos, end int64) (int64, mp3Header, error) {
	limit := min(end, pos+maxSyncSearch)
	buf := make([]byte, limit-pos)
	n, err := readAt(r, buf, pos)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, mp3Header{}, fmt.Errorf("audio: mp3: %w", err)
	}
	buf = buf[:n]
	sawHeader := int64(-1)
	for i := 0; i+4 <= len(buf); i++ {
		if buf[i] != 0xff {
			continue
		}
		h, ok := parseMP3Header(buf[i:])
		if !ok {
			continue
		}
		if h.Bitrate == 0 {
			return 0, h, formatErr("mp3", ErrUnsupported, pos+int64(i), "free-format bitrate", nil)
		}
		at := pos + int64(i)
		next := at + int64(h.Size)
		if next == end {
			return at, h, nil
		}
		if next > end {
			if sawHeader < 0 {
				sawHeader = at
			}
			continue
		}
		var nb [4]byte
		if _, err := readAt(r, nb[:], next); err != nil {
			continue
		}
		if h2, ok := parseMP3Header(nb[:]); ok && h2.sameStream(h) {
			return at, h, nil
		}
	}
	if sawHeader >= 0 {
		return 0, mp3Header{}, formatErr("mp3", ErrTruncated, sawHeader, "the first frame runs past the end of the file", nil)
	}
	what := "no MPEG audio frame sync"
	if bytes.HasPrefix(buf, []byte("ID3")) {
		what = "ID3 tag without audio"
	}
	return 0, mp3Header{}, formatErr("", ErrNotAudio, pos, what+fmt.Sprintf(" in the first %d bytes", len(buf)), nil)
}

// countFrames walks the frame headers from start to end (resynchronising
// over garbage) and returns the number of complete frames of h's stream.
func countFrames(r io.ReadSeeker, start, end int64, h mp3Header) (frames int64, truncated bool, err error) {
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return 0, false, fmt.Errorf("audio: mp3: %w", err)
	}
	br := bufio.NewReaderSize(io.LimitReader(r, end-start), 64<<10)
	pos := start
	var hb [4]byte
	for pos+4 <= end {
		b, err := br.Peek(4)
		if err != nil {
			break
		}
		copy(hb[:], b)
		fh, ok := parseMP3Header(hb[:])
		if !ok || !fh.sameStream(h) || fh.Size < 4 {
			br.Discard(1) // resync byte by byte
			pos++
			continue
		}
		if pos+int64(fh.Size) > end {
			truncated = true
			break
		}
		if _, err := br.Discard(fh.Size); err != nil {
			truncated = true
			break
		}
		pos += int64(fh.Size)
		frames++
	}
	return frames, truncated, nil
}
