package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/reelkit/reel/audio"
	"github.com/reelkit/reel/compose"
	"github.com/reelkit/reel/compose/clip"
)

// probeResult is what reel probe reports about one file (the --json
// form; the text form prints the same fields).
type probeResult struct {
	File  string      `json:"file"`
	Kind  string      `json:"kind"` // "video", "photo", "music"
	Video *probeVideo `json:"video,omitempty"`
	Photo *probePhoto `json:"photo,omitempty"`
	Music *probeMusic `json:"music,omitempty"`
	Error string      `json:"error,omitempty"`
	err   error       // for the exit code
}

type probeVideo struct {
	Container         string       `json:"container"`
	Codec             string       `json:"codec"`
	Profile           string       `json:"profile,omitempty"`
	Width             int          `json:"width"`
	Height            int          `json:"height"`
	Rotation          int          `json:"rotation"`
	Duration          float64      `json:"duration"` // seconds
	FrameRate         float64      `json:"frame_rate"`
	VariableFrameRate bool         `json:"variable_frame_rate"`
	BitDepth          int          `json:"bit_depth"`
	HDR               string       `json:"hdr,omitempty"`
	Colour            *probeColour `json:"colour,omitempty"`
	Audio             *probeAudio  `json:"audio,omitempty"`
}

// probeColour is a clip's colour description, with ffmpeg's names for the
// H.273 codes.
type probeColour struct {
	Primaries string `json:"primaries"`
	Transfer  string `json:"transfer"`
	Matrix    string `json:"matrix"`
	Range     string `json:"range"`  // "limited" or "full"
	Source    string `json:"source"` // "colr", "vui", "guessed", "colr+guessed", "vui+guessed"
}

type probeAudio struct {
	Codec      string `json:"codec"`
	SampleRate int    `json:"sample_rate"`
	Channels   int    `json:"channels"`
}

type probePhoto struct {
	Format string `json:"format"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

type probeMusic struct {
	Format     string  `json:"format"`
	Duration   float64 `json:"duration"`
	SampleRate int     `json:"sample_rate"`
	Channels   int     `json:"channels"`
	Bitrate    int     `json:"bitrate"`
	Title      string  `json:"title,omitempty"`
	Artist     string  `json:"artist,omitempty"`
}

// errNotMedia is reported for a file that is no clip, photo or music.
var errNotMedia = errors.New("not a video clip, photo or music file reel can read")

// cmdProbe describes media files from their headers: video clips (MP4,
// MOV, animated GIF and WebP), photos and music.
func cmdProbe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON array")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("probe needs at least one file")
	}
	var results []probeResult
	var failed []string
	for _, name := range files {
		res := probeOne(name)
		if res.err != nil {
			failed = append(failed, name)
			if !*asJSON {
				fmt.Fprintf(stderr, "reel: %s: %v\n", name, res.err)
			}
		}
		results = append(results, res)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	} else {
		for _, res := range results {
			if res.err == nil || res.Video != nil {
				printProbe(stdout, res)
			}
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w %d of %d files: %s", errProbeInput, len(failed), len(files), strings.Join(failed, ", "))
	}
	return nil
}

// errProbeInput marks probe failures caused by the files (exit code 3).
var errProbeInput = errors.New("cannot probe")

// probeOne probes one file as a clip, then a photo, then music.
func probeOne(name string) probeResult {
	res := probeResult{File: name}
	fail := func(err error) probeResult {
		res.err, res.Error = err, err.Error()
		return res
	}
	f, err := os.Open(name)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	info, err := clip.Probe(f, st.Size())
	if err == nil {
		res.Kind, res.Video = "video", videoResult(info)
		if name, bad := clip.UndecodableCodec(info.Codec); bad {
			// Described, and refused: render would fail on it.
			return fail(fmt.Errorf("%w: the video is %s; reel decodes H.264 and HEVC video, GIF and animated WebP", clip.ErrUnsupported, name))
		}
		return res
	}
	if !errors.Is(err, clip.ErrUnsupported) {
		return fail(err)
	}
	if p, perr := compose.ProbePhoto(io.NewSectionReader(f, 0, st.Size()), compose.DecodeOptions{}); perr == nil {
		res.Kind, res.Photo = "photo", &probePhoto{Format: p.Format, Width: p.Width, Height: p.Height}
		return res
	}
	if m, merr := audio.Probe(io.NewSectionReader(f, 0, st.Size())); merr == nil {
		res.Kind, res.Music = "music", &probeMusic{Format: m.Format, Duration: m.Duration, SampleRate: m.SampleRate,
			Channels: m.Channels, Bitrate: m.Bitrate, Title: m.Title, Artist: m.Artist}
		return res
	}
	// Report the clip error when the file looks like a clip container.
	var head [12]byte
	n, _ := f.ReadAt(head[:], 0)
	if n >= 8 && (string(head[4:8]) == "ftyp" || string(head[4:8]) == "moov") {
		return fail(err)
	}
	return fail(errNotMedia)
}

func videoResult(i clip.Info) *probeVideo {
	v := &probeVideo{Container: i.Container, Codec: i.Codec, Profile: i.Profile, Width: i.Width, Height: i.Height,
		Rotation: i.Rotation, Duration: i.Duration.Seconds(), FrameRate: i.FrameRate,
		VariableFrameRate: i.VariableFrameRate, BitDepth: i.BitDepth, HDR: i.HDR}
	if c := i.Colour; c.Source != "" {
		rng := "limited"
		if c.FullRange {
			rng = "full"
		}
		v.Colour = &probeColour{Primaries: c.PrimariesName(), Transfer: c.TransferName(), Matrix: c.MatrixName(),
			Range: rng, Source: c.Source}
	}
	if a := i.Audio; a != nil {
		v.Audio = &probeAudio{Codec: a.Codec, SampleRate: a.SampleRate, Channels: a.Channels}
	}
	return v
}

// printProbe prints one result as aligned "key  value" lines.
func printProbe(w io.Writer, r probeResult) {
	fmt.Fprintf(w, "%s\n", r.File)
	line := func(k, format string, args ...any) { fmt.Fprintf(w, "  %-10s %s\n", k, fmt.Sprintf(format, args...)) }
	switch {
	case r.Video != nil:
		v := r.Video
		line("kind", "video (%s)", v.Container)
		codec := v.Codec
		if v.Profile != "" {
			codec += " " + v.Profile
		}
		line("codec", "%s, %d-bit", codec, v.BitDepth)
		size := fmt.Sprintf("%dx%d", v.Width, v.Height)
		if v.Rotation != 0 {
			size += fmt.Sprintf(" (rotated %d°)", v.Rotation)
		}
		line("size", "%s", size)
		line("duration", "%.3f s", v.Duration)
		fps := fmt.Sprintf("%.3g fps", v.FrameRate)
		if v.VariableFrameRate {
			fps += " (variable frame rate)"
		}
		line("frames", "%s", fps)
		if v.HDR != "" {
			line("hdr", "%s", v.HDR)
		}
		if c := v.Colour; c != nil {
			line("colour", "%s/%s/%s, %s range (%s)", c.Primaries, c.Transfer, c.Matrix, c.Range, c.Source)
		}
		if a := v.Audio; a != nil {
			line("audio", "%s, %d Hz, %d channel(s)", a.Codec, a.SampleRate, a.Channels)
		} else {
			line("audio", "none")
		}
	case r.Photo != nil:
		line("kind", "photo (%s)", r.Photo.Format)
		line("size", "%dx%d", r.Photo.Width, r.Photo.Height)
	case r.Music != nil:
		m := r.Music
		line("kind", "music (%s)", m.Format)
		line("duration", "%.3f s", m.Duration)
		line("audio", "%d Hz, %d channel(s), %d kbit/s", m.SampleRate, m.Channels, m.Bitrate/1000)
		if m.Title != "" || m.Artist != "" {
			line("tags", "%s — %s", m.Artist, m.Title)
		}
	}
}
