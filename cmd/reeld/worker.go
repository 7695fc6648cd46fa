package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"

	"github.com/reelkit/reel/server"
)

// worker is `reeld worker`: render workers and nothing of the API. It
// takes renders and previews (and delivers callbacks) from the queue in
// the PostgreSQL database that the `reeld serve` processes share, reads
// photos and music from and writes renditions to the shared S3 bucket,
// and listens on --addr only for /healthz, /readyz and /metrics. SIGTERM
// drains as serve does.
func worker(ctx context.Context, args []string, stdout, stderr io.Writer, h hooks) error {
	fs := flag.NewFlagSet("reeld worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var pf procFlags
	pf.define(fs, "127.0.0.1:0", "REEL_WORKER_ADDR", "concurrent renders in this process (at least 1)")
	fs.Lookup("addr").Usage = "listen address for /healthz, /readyz and /metrics only; the default port 0 takes a free port, printed at start, so several workers run on one machine (env REEL_WORKER_ADDR)"
	fs.Lookup("data").Usage = "directory for this process's render scratch files (DATA/work); nothing shared lives there (env REEL_DATA)"
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkWorkerFlags(&pf); err != nil {
		return err
	}
	return runProcess(ctx, process{
		role:    "worker",
		flags:   &pf,
		started: fmt.Sprintf("worker: %d render workers; /healthz, /readyz and /metrics only", pf.workers),
		apps: func() ([]server.App, error) {
			if pf.appID == "" {
				fmt.Fprintln(stdout, "reeld: no --app-id: renders finished by this worker send no callbacks (give it the API's --app-id, --app-secret and --callback-url)")
				return nil, nil
			}
			return []server.App{{ID: pf.appID, Secret: pf.appSecret, CallbackURL: pf.callback}}, nil
		},
		config:  func(*server.Config) {},
		handler: workerHandler,
	}, stdout, stderr, h)
}

// checkWorkerFlags refuses a worker that could not share the work of
// the API processes: it needs their PostgreSQL database and S3 bucket,
// at least one render worker, and, to send callbacks, the public URL the
// links in them point to. Every error is a usageError.
func checkWorkerFlags(pf *procFlags) error {
	if err := pf.check(); err != nil {
		return err
	}
	switch {
	case pf.db == "":
		return usageError{errors.New("reeld worker needs --db postgres://... (or REEL_DB): a worker takes its jobs from the PostgreSQL database the `reeld serve` processes share; the SQLite default under --data is one process's own (run `reeld` alone for that)")}
	case pf.blobs == "":
		return usageError{errors.New("reeld worker needs --blobs s3://... (or REEL_BLOBS), the bucket the `reeld serve` processes use: renditions written to this machine's --data would be invisible to them")}
	case pf.workers < 1:
		return usageError{fmt.Errorf("--workers %d: a worker process runs at least 1 render", pf.workers)}
	case pf.callback != "" && pf.appID == "":
		return usageError{errors.New("--callback-url needs --app-id and --app-secret: the app whose renders get callbacks")}
	case pf.callback != "" && pf.baseURL == "":
		return usageError{errors.New("--callback-url needs --base-url on a worker: callbacks carry download links, which must point at the API, not at this worker")}
	}
	return checkBlobFlags(pf.blobs, 0)
}

// workerHandler serves a worker's /healthz, /readyz and /metrics (the
// server's own handlers, with its request metrics and logs) and answers
// every other path with a JSON 404: a worker serves no API.
func workerHandler(s *server.Server) http.Handler {
	m := http.NewServeMux()
	for _, p := range []string{"GET /healthz", "GET /readyz", "GET /metrics"} {
		m.Handle(p, s.Handler())
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"message":"reeld worker serves only /healthz, /readyz and /metrics; the API is reeld serve"},"status":404}`+"\n")
	})
	return m
}
