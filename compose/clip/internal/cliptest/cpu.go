package cliptest

import (
	"syscall"
	"time"
)

// CPUTime returns the user plus system CPU time the process has used
// (all threads), for benchmarks that report CPU cost on a shared machine.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
