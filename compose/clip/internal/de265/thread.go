package de265

import "runtime"

// osThread runs a Decoder's libde265 calls on one goroutine locked to its
// own OS thread. glibc's malloc serves each thread from its own arena:
// libde265 mallocs and frees megabytes per picture (its pictures when a
// stream uses SAO, the SAO copy, per-picture metadata), and a decoder
// whose calls wander over the Go runtime's threads leaves its high-water
// mark in several arenas at once (up to 90 MB more for a 4K stream with
// SAO, measured). On one thread its memory is freed and reused in one
// arena. When the decoder is closed the goroutine returns still locked,
// so its thread exits and glibc hands the arena to the next new thread.
type osThread struct {
	calls chan func()
	done  chan struct{}
}

// startThread starts the goroutine and its thread.
func startThread() *osThread {
	t := &osThread{calls: make(chan func()), done: make(chan struct{})}
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		for f := range t.calls {
			f()
			t.done <- struct{}{}
		}
	}()
	return t
}

// run calls f on the thread and returns when it has returned.
func (t *osThread) run(f func()) {
	t.calls <- f
	<-t.done
}

// stop ends the goroutine and its thread; t must not be used afterwards.
func (t *osThread) stop() { close(t.calls) }
