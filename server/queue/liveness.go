package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"time"

	"github.com/reelkit/reel/server/model"
)

// Liveness is the store's side of the liveness table: the SQL behind
// heartbeats and the rescue of jobs whose process died.
type Liveness interface {
	// Heartbeat records that p is alive (inserting its row the first
	// time).
	Heartbeat(ctx context.Context, p model.Process) error
	// ForgetProcess removes a stopped process's row.
	ForgetProcess(ctx context.Context, id string) error
	// PruneProcesses removes processes not seen since before (killed
	// ones never forget themselves).
	PruneProcesses(ctx context.Context, before time.Time) error
	// RescueOrphans makes running River jobs whose process (other than
	// self) was last seen before staleBefore, or never, available again.
	RescueOrphans(ctx context.Context, self string, staleBefore time.Time) (int, error)
}

// processRetention is how long a process that stopped heartbeating stays
// in the liveness table (for an operator's look) before it is pruned.
const processRetention = 24 * time.Hour

// NewProcessID names one reeld process in the liveness table and as its
// River client: role, host, pid and a random suffix (a pid is reused
// after a restart, the suffix is not).
func NewProcessID(role string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return role + "-" + hostname() + "-" + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b)
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "unknown"
	}
	return h
}
