// Command reel renders Picovico-style video projects (photos, text slides,
// music, credits) into MP4 files with reel's engine, without ffmpeg.
//
//	reel render project.json -o out.mp4 [--quality 720] [--style NAME|FILE.json] [--renditions 1080,720,360]
//	                                    [--aspect 9:16 | --size 1080x1920]
//	reel render project.json --segment 1/3 -o part1.seg
//	reel join project.json part0.seg part1.seg part2.seg -o out.mp4
//	reel frame project.json --at 12.5 -o frame.png [--aspect 9:16 | --size 1080x1920]
//	reel styles
//	reel probe [--json] FILE...
//	reel demo [-o demo.mp4] [--quality Q] [--style NAME|FILE.json]
//	reel bench [--project testdata/projects/bench.json | --clips] [-o FILE]
//	reel version
//
// Exit codes: 0 success, 1 internal failure, 2 usage error (including a
// frame --at beyond the video), 3 a fault of the input: the project file
// (unreadable, malformed JSON with its line:column, a Picovico status code
// 74xx), one of its assets (missing, corrupt, too large), or a file reel
// probe cannot read.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/reelkit/reel/engine"
)

// Exit codes.
const (
	exitOK         = 0
	exitFailure    = 1
	exitUsage      = 2
	exitValidation = 3
)

const usage = `usage: reel <command> [arguments]

commands:
  render PROJECT.json -o OUT.mp4 [--quality 360|480|720|1080] [--style NAME|FILE.json]
         [--renditions 1080,720,360] [--aspect 16:9|9:16|1:1|4:5]
         [--size WxH[,WxH...]] [--preview] [--allow-http] [--quiet]
         [--crf N | --bitrate KBPS] [--preset NAME] [--fonts DIR]
         [--max-duration 30m] [--max-photos 500] [--max-clip-duration 10m]
                  render a project into exactly OUT.mp4 (one rendition at
                  --quality or the project's quality); with --renditions
                  or --size listing several the files are OUT-360.mp4,
                  OUT-480.mp4, ... (named by the short side); a JPEG
                  thumbnail is written beside each video (OUT.jpg,
                  OUT-360.jpg, ...)
         [--segment I/N | --split N]
                  --segment I/N renders only segment I (0-based) of N of a
                  split render into a segment file at -o (one rendition);
                  --split N renders N segments at once and joins them
  join PROJECT.json PART0 PART1 ... -o OUT.mp4 [render's project and
       encoding flags, the same as for the segments]
                  join the segment files of a split render, in order,
                  into OUT.mp4 (+ OUT.jpg); the music is encoded here
  frame PROJECT.json --at SECONDS -o FRAME.png [--quality Q] [--style NAME|FILE.json]
        [--renditions Q,...] [--aspect A | --size WxH] [--allow-http]
        [--fonts DIR] [--max-duration D] [--max-photos N]
        [--max-clip-duration D]
                  draw the single frame shown at SECONDS (largest
                  rendition; a time beyond the video's end is a usage error)
  styles          list the built-in styles
  probe [--json] FILE...
                  describe media files from their headers: video clips
                  (MP4, MOV, animated GIF/WebP: container, codec and
                  profile, size, rotation, duration, frame rate, bit
                  depth, HDR, audio), photos and music
  demo [-o demo.mp4] [--quality Q] [--style NAME|FILE.json] [--quiet]
       [--crf N | --bitrate KBPS] [--preset NAME]
                  render the embedded demo project
  bench [--project testdata/projects/bench.json] [-o FILE] [--size WxH]
        [--threads N] [--workers N] [--cpuprofile F] [--memprofile F]
        [--crf N | --bitrate KBPS] [--preset NAME] [--clips]
                  render the benchmark scenario (one rendition, 1280x720
                  unless --size says otherwise; --clips: the clips
                  scenario, testdata/projects/bench-clips.json, whose
                  clips testdata/clips/make.sh makes once) and
                  print fps, x-realtime, peak RSS and the time split
  version         print reel's version, the x264 library in use
                  (REEL_X264=auto|bundled|system chooses it) and the
                  video clip decoders (OpenH264, libde265) found here

characters no font has are drawn as boxes and reported on stderr as
"reel: warning: ..." lines (one per script); the exit code stays 0.

exit codes: 0 ok, 1 internal failure, 2 usage, 3 invalid input: project file,
            JSON (line:column), 74xx status, or an asset (missing, corrupt, too large)
`

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError marks errors that deserve exit code 2.
type usageError struct{ msg string }

// Error returns the message.
func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run executes one command and returns its exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "render":
		err = cmdRender(ctx, args[1:], stdout, stderr)
	case "frame":
		err = cmdFrame(ctx, args[1:], stdout, stderr)
	case "join":
		err = cmdJoin(ctx, args[1:], stdout, stderr)
	case "styles":
		err = cmdStyles(args[1:], stdout)
	case "probe":
		err = cmdProbe(args[1:], stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, args[1:], stdout, stderr)
	case "bench":
		err = cmdBench(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		err = cmdVersion(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "reel: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	return exitCode(err, stderr)
}

// exitCode prints err and maps it to an exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	var le *engine.LimitError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK // -h/--help: the usage has been printed
	case errors.As(err, &ue), errors.Is(err, engine.ErrOutOfRange), errors.Is(err, engine.ErrInvalidOptions):
		// The engine's options are the CLI's flags.
		fmt.Fprintf(stderr, "reel: %v\n(run 'reel help' for usage)\n", err)
		return exitUsage
	case errors.As(err, &le):
		fmt.Fprintf(stderr, "reel: %v\n", err)
		if f := limitFlag(le.Limit); f != "" {
			fmt.Fprintf(stderr, "(raise %s to allow it)\n", f)
		}
		return exitValidation
	case errors.Is(err, engine.ErrInvalidProject), errors.Is(err, errProjectFile), errors.Is(err, errProbeInput):
		fmt.Fprintf(stderr, "reel: %v\n", err)
		return exitValidation
	}
	fmt.Fprintf(stderr, "reel: %v\n", err)
	return exitFailure
}

// limitFlag names the flag that raises an engine limit ("" if none does).
// The frame limit follows --max-duration.
func limitFlag(limit string) string {
	switch limit {
	case engine.LimitPhotos:
		return "--max-photos"
	case engine.LimitDuration, engine.LimitFrames:
		return "--max-duration"
	case engine.LimitClipDuration:
		return "--max-clip-duration"
	}
	return ""
}

// parse parses flags that may come before or after positional arguments
// (reel render project.json -o out.mp4) and returns the positionals.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
