package membudget

import (
	"context"
	"runtime/debug"
)

// bigDecode is the reservation size whose release returns freed memory to
// the operating system.
const bigDecode = 32 << 20

// Reserve takes n bytes of the budget for one decode, counted by Waiting
// while it waits; release gives them back. Releasing a big reservation
// (at least bigDecode) also returns the freed heap to the operating
// system (debug.FreeOSMemory): a decode of hundreds of MB is garbage the
// moment it is released, and without a collection the next decode would
// stack its pages on top (measured: 456 MiB peak RSS instead of the
// budget). One forced collection costs milliseconds against the seconds
// such a decode takes. The error is ctx's, when it ends first.
func (b *Budget) Reserve(ctx context.Context, n int64) (release func(), err error) {
	b.reserving.Add(1)
	got, err := b.Acquire(ctx, n)
	b.reserving.Add(-1)
	if err != nil {
		return nil, err
	}
	return func() {
		if got >= bigDecode {
			debug.FreeOSMemory()
		}
		b.Release(got)
	}, nil
}

// Waiting counts the Reserve calls waiting for their bytes now (the
// /metrics gauge reeld_image_decodes_waiting).
func (b *Budget) Waiting() int64 { return b.reserving.Load() }
