// Command reeld is reel's Picovico-compatible video API server.
//
// With no command (or `serve`) and no --db it is one self-contained
// process: SQLite and files under one data directory, a durable render
// queue, one render worker, no external services:
//
//	reeld [serve] [--addr 127.0.0.1:8080] [--data ./reel-data] [--workers 1] [--stall-timeout 30s] ...
//
// Beyond one machine, any number of API processes and render worker
// processes share one PostgreSQL database (--db) and one S3 bucket
// (--blobs); see docs/DEPLOY.md:
//
//	reeld serve  --db postgres://... --blobs s3://... --workers 0 ...   (API only)
//	reeld worker --db postgres://... --blobs s3://... [--workers 1] [--addr 127.0.0.1:0] ...
//
// A worker serves no API: its --addr answers only /healthz, /readyz and
// /metrics. Users are managed with:
//
//	reeld user add    --data DIR --username NAME --password PASS [--name N] [--credits N]
//	reeld user list   --data DIR
//	reeld user remove --data DIR --username NAME
//	reeld user revoke --data DIR --username NAME
//
// (each also takes --db, and remove --blobs). Apps come from
// --app-id/--app-secret (env REEL_APP_ID, REEL_APP_SECRET,
// REEL_CALLBACK_URL); with none configured `reeld serve` creates a
// bootstrap app, stores it in DATA/bootstrap-app.json (mode 0600) and
// prints its credentials once; later starts name the file without
// printing the secret. Processes that share a database must all be given
// the same app flags: workers build and send the callbacks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/reelkit/reel/server/render"
)

func main() {
	os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// exitCode reports err on stderr and returns the process status: 0 for
// success and -h/--help, 2 for a usage error (unknown subcommand, flag or
// stray argument: nothing was created), 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0 // -h/--help: the flag package has printed the usage
	}
	fmt.Fprintln(stderr, "reeld:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError is a command line that reeld does not understand.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runWith(ctx, args, stdout, stderr, hooks{})
}

// hooks are the seams tests use to run the real command with a
// controllable part; the zero value is production.
type hooks struct {
	// renderer wraps the engine renderer (nil: used as is).
	renderer func(render.Renderer) render.Renderer
}

func runWith(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) error {
	if len(args) > 0 {
		switch args[0] {
		case "user":
			return userCmd(ctx, args[1:], stdout)
		case "serve":
			return serve(ctx, args[1:], stdout, stderr, h)
		case "worker":
			return worker(ctx, args[1:], stdout, stderr, h)
		}
		if !strings.HasPrefix(args[0], "-") {
			return usageError{fmt.Errorf("unknown command %q (commands: serve, worker, user; or flags only, which is serve)", args[0])}
		}
	}
	return serve(ctx, args, stdout, stderr, h)
}

// parseFlags parses args into fs and refuses stray arguments: a flag
// error or leftover argument is a usageError.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q (flags go before nothing else)", fs.Arg(0))}
	}
	return nil
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
