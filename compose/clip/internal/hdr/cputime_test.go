package hdr

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// cpuTimer measures the CPU time of the benchmark's thread, which on a
// loaded machine is a steadier figure than the wall time of ns/op.
type cpuTimer struct{ start time.Duration }

const rusageThread = 1 // RUSAGE_THREAD

func threadCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startCPU locks the benchmark to its thread, resets the timer and
// starts measuring.
func startCPU(b *testing.B) cpuTimer {
	runtime.LockOSThread()
	b.ResetTimer()
	return cpuTimer{threadCPU(b)}
}

// report adds the thread's CPU time per op (cpu-ns/op) and frames/s.
func (c cpuTimer) report(b *testing.B) {
	used := threadCPU(b) - c.start
	runtime.UnlockOSThread()
	b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
}
