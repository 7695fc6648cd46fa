package clip

import (
	"fmt"
	"io"

	"github.com/reelkit/reel/compose/clip/internal/nalu"
	"github.com/reelkit/reel/compose/clip/internal/openh264"
	"github.com/reelkit/reel/internal/bmff"
)

// Colour is the colour description of an MP4/MOV clip's video: how its
// Y'CbCr samples are to be read, in ITU-T H.273 code points (the values
// of a colr box or an SPS VUI: 1 is BT.709, 5 and 6 are BT.601, 9 is
// BT.2020 primaries or matrix, 16 is PQ, 18 is HLG). FrameAt converts
// every picture from this description to BT.709 limited range.
//
// It is chosen in this order: the container's colr box (nclx or nclc);
// else the colour description in the VUI of the stream's sequence
// parameter set (from the avcC/hvcC record, or in-band in the first sync
// sample that carries one when the record has none, as in avc3/hev1
// tracks), which is
// where x264 and x265 (and so ffmpeg) write it; else a guess from the
// coded size, as mpv and Chromium do: SD (width < 1280 and height < 720)
// is BT.601 (SMPTE 170M), anything larger BT.709. Codes a description
// leaves unspecified (0 or 2) are guessed the same way. FullRange is set
// when the colr box or the VUI's video_full_range_flag says full range.
// This is the colour at the clip's start: an SPS that arrives in-band
// later, or a new one, governs the pictures from its own on (FrameAt
// reads each picture with the colour in effect; see inBandColour).
//
// Source tells where the description came from: "colr", "vui" or
// "guessed", with "+guessed" appended ("colr+guessed", "vui+guessed")
// when some of the codes were unspecified there and guessed. Colour is
// zero for GIF and WebP clips, which are RGB.
type Colour struct {
	Primaries, Transfer, Matrix int
	FullRange                   bool
	Source                      string
}

// String describes c as "primaries/transfer/matrix, range (source)",
// with ffmpeg's names, e.g. "bt709/bt709/bt709, limited range (colr)".
func (c Colour) String() string {
	if c.Source == "" {
		return "none"
	}
	rng := "limited"
	if c.FullRange {
		rng = "full"
	}
	return fmt.Sprintf("%s/%s/%s, %s range (%s)", c.PrimariesName(), c.TransferName(), c.MatrixName(), rng, c.Source)
}

// PrimariesName is the colour primaries' name as ffmpeg and ffprobe
// spell it ("bt709", "smpte170m", "bt2020", ...), or the code in
// decimal when it has none.
func (c Colour) PrimariesName() string {
	return codeName(c.Primaries, map[int]string{1: "bt709", 2: "unknown", 4: "bt470m", 5: "bt470bg", 6: "smpte170m",
		7: "smpte240m", 8: "film", 9: "bt2020", 10: "smpte428", 11: "smpte431", 12: "smpte432", 22: "ebu3213"})
}

// TransferName is the transfer characteristics' name as ffmpeg and
// ffprobe spell it ("bt709", "smpte170m", "smpte2084", "arib-std-b67",
// ...), or the code in decimal when it has none.
func (c Colour) TransferName() string {
	return codeName(c.Transfer, map[int]string{1: "bt709", 2: "unknown", 4: "bt470m", 5: "bt470bg", 6: "smpte170m",
		7: "smpte240m", 8: "linear", 9: "log100", 10: "log316", 11: "iec61966-2-4", 12: "bt1361e", 13: "iec61966-2-1",
		14: "bt2020-10", 15: "bt2020-12", 16: "smpte2084", 17: "smpte428", 18: "arib-std-b67"})
}

// MatrixName is the matrix coefficients' name as ffmpeg and ffprobe
// spell it ("bt709", "bt470bg", "smpte170m", "bt2020nc", ...), or the
// code in decimal when it has none.
func (c Colour) MatrixName() string {
	return codeName(c.Matrix, map[int]string{0: "gbr", 1: "bt709", 2: "unknown", 4: "fcc", 5: "bt470bg", 6: "smpte170m",
		7: "smpte240m", 8: "ycgco", 9: "bt2020nc", 10: "bt2020c", 11: "smpte2085", 12: "chroma-derived-nc",
		13: "chroma-derived-c", 14: "ictcp"})
}

func codeName(code int, names map[int]string) string {
	if n, ok := names[code]; ok {
		return n
	}
	return fmt.Sprint(code)
}

// specified reports whether an H.273 code says something: 0 is reserved
// (or, for the matrix, RGB, which no clip reel decodes carries) and 2 is
// "unspecified".
func specified(code int) bool { return code != 0 && code != 2 }

// guessColour is the colour players assume for a video that does not
// describe its own (mpv's and Chromium's rule): SD pictures, narrower
// than 1280 and shorter than 720 samples, are BT.601 as SMPTE 170M
// defines it; larger ones are BT.709.
func guessColour(width, height int) (primaries, transfer, matrix int) {
	if width < 1280 && height < 720 {
		return 6, 6, 6
	}
	return 1, 1, 1
}

// chooseColour picks a clip's colour from its colr box (colr, zero when
// the track has none), the video signal of its SPS VUI (vui, valid when
// vuiOK) and its coded size. It is the one place where reel decides how
// a clip's samples are read.
func chooseColour(colr videoSignal, vui videoSignal, vuiOK bool, width, height int) Colour {
	described := func(s videoSignal) bool {
		return specified(s.primaries) || specified(s.transfer) || specified(s.matrix)
	}
	var c Colour
	switch {
	case described(colr):
		c = Colour{Primaries: colr.primaries, Transfer: colr.transfer, Matrix: colr.matrix, Source: "colr"}
	case vuiOK && described(vui):
		c = Colour{Primaries: vui.primaries, Transfer: vui.transfer, Matrix: vui.matrix, Source: "vui"}
	}
	c.FullRange = colr.fullRange || (vuiOK && vui.fullRange)
	p, t, m := guessColour(width, height)
	if c.Source == "" {
		c.Primaries, c.Transfer, c.Matrix, c.Source = p, t, m, "guessed"
		return c
	}
	guessed := false
	for _, f := range []struct {
		code  *int
		guess int
	}{{&c.Primaries, p}, {&c.Transfer, t}, {&c.Matrix, m}} {
		if !specified(*f.code) {
			*f.code, guessed = f.guess, true
		}
	}
	if guessed {
		c.Source += "+guessed"
	}
	return c
}

// trackColour is the Colour of video track v of the file read by r (see
// Colour for the order of the sources).
func trackColour(v *bmff.Track, r io.ReaderAt) Colour {
	colr := videoSignal{primaries: v.ColourPrimaries, transfer: v.TransferCharacteristics, matrix: v.MatrixCoefficients,
		fullRange: v.FullRange}
	vui, ok := spsSignal(v, r)
	return chooseColour(colr, vui, ok, v.Width, v.Height)
}

// spsSignal reads the video signal type from the VUI of track v's first
// SPS that has one: those of the configuration record, else those
// in-band in the first of the first inBandSyncs sync samples that
// carries an SPS (a stream may start with keyframes whose parameter
// sets came before the cut). ok is false for other codecs and when no
// SPS gives a video signal type. An SPS that comes later, or a new one,
// governs the pictures from its own on (see inBandColour).
func spsSignal(v *bmff.Track, r io.ReaderAt) (s videoSignal, ok bool) {
	var read func(nal []byte) (videoSignal, bool)
	var fromConfig [][]byte
	var isSPS func(u []byte) bool
	lengthSize := 4
	switch v.Codec {
	case "avc1", "avc3":
		read = h264Signal
		fromConfig = avccSPS(v.Config)
		isSPS = func(u []byte) bool { return len(u) > 1 && u[0]&0x1f == 7 }
		if len(v.Config) >= 5 {
			lengthSize = int(v.Config[4]&3) + 1
		}
	case "hvc1", "hev1":
		read = func(nal []byte) (videoSignal, bool) {
			s, ok, err := parseHEVCVUI(nal)
			return s, ok && err == nil
		}
		fromConfig = hvccUnits(v.Config, 33)
		isSPS = func(u []byte) bool { return len(u) > 2 && u[0]>>1&0x3f == 33 }
		if len(v.Config) >= 22 {
			lengthSize = int(v.Config[21]&3) + 1
		}
	default:
		return s, false
	}
	for _, sps := range fromConfig {
		if s, ok := read(sps); ok {
			return s, true
		}
	}
	if len(fromConfig) > 0 {
		return s, false
	}
	syncs := 0
	for i := range v.Samples {
		if !v.Samples[i].Sync {
			continue
		}
		if syncs++; syncs > inBandSyncs {
			break
		}
		found := false
		for _, u := range inBandUnits(v, r, i, lengthSize) {
			if !isSPS(u) {
				continue
			}
			found = true
			if s, ok := read(u); ok {
				return s, true
			}
		}
		if found {
			break
		}
	}
	return s, false
}

// inBandSyncs is how many sync samples spsSignal looks into for an
// in-band SPS.
const inBandSyncs = 4

// h264Signal reads the video signal type of an H.264 SPS.
func h264Signal(nal []byte) (videoSignal, bool) {
	sig, err := openh264.SPSVideoSignal(nal)
	if err != nil || !sig.Present {
		return videoSignal{}, false
	}
	return videoSignal{primaries: sig.Primaries, transfer: sig.Transfer, matrix: sig.Matrix, fullRange: sig.FullRange}, true
}

// avccSPS returns the SPS NAL units of an avcC record body.
func avccSPS(c []byte) [][]byte {
	if len(c) < 6 {
		return nil
	}
	var out [][]byte
	p := c[6:]
	for range int(c[5] & 0x1f) {
		if len(p) < 2 {
			break
		}
		l := int(p[0])<<8 | int(p[1])
		if len(p)-2 < l {
			break
		}
		if l > 0 {
			out = append(out, p[2:2+l])
		}
		p = p[2+l:]
	}
	return out
}

// inBandPrefix bounds how much of the first sync sample is read for its
// parameter sets, which come first in an access unit.
const inBandPrefix = 64 << 10

// inBandUnits returns the NAL units that begin in the first inBandPrefix
// bytes of v's sample i (framed by lengthSize-byte lengths, or
// Annex B start codes when the track has no configuration record); a
// unit cut by the prefix is left out. Read errors give no units.
func inBandUnits(v *bmff.Track, r io.ReaderAt, i, lengthSize int) [][]byte {
	smp := v.Samples[i]
	buf := make([]byte, min(int64(smp.Size), inBandPrefix))
	n, _ := r.ReadAt(buf, smp.Offset)
	buf = buf[:n]
	if len(v.Config) == 0 && nalu.HasStartCode(buf) {
		units, _ := nalu.SplitAnnexB(nil, buf)
		return units
	}
	var units [][]byte
	for len(buf) >= lengthSize && len(units) < nalu.MaxNALUs {
		l := 0
		for _, b := range buf[:lengthSize] {
			l = l<<8 | int(b)
		}
		buf = buf[lengthSize:]
		if l > len(buf) {
			break
		}
		if l > 0 {
			units = append(units, buf[:l])
		}
		buf = buf[l:]
	}
	return units
}
