package server

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// liveStream is one streamed preview being rendered: the bytes written so
// far, kept whole so that a second viewer of the same draft (a second tab,
// the browser re-opening the media request) starts at byte 0 and follows
// the same render instead of starting another. The render runs while at
// least one viewer reads it; once the last one has been gone for
// liveGrace it is cancelled.
type liveStream struct {
	mu      sync.Mutex
	buf     []byte
	done    bool
	err     error
	grew    chan struct{} // closed (and replaced) whenever buf grows or the render ends
	viewers int
	idle    *time.Timer
	cancel  context.CancelFunc
}

// liveGrace is how long a stream nobody reads keeps rendering: long
// enough for a browser that drops its media request and opens another.
const liveGrace = 3 * time.Second

func newLiveStream(cancel context.CancelFunc) *liveStream {
	return &liveStream{grew: make(chan struct{}), cancel: cancel}
}

// Write appends p to the stream and wakes its viewers; it never fails,
// so the render is not stopped by a viewer going away.
func (l *liveStream) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.buf = append(l.buf, p...)
	close(l.grew)
	l.grew = make(chan struct{})
	l.mu.Unlock()
	return len(p), nil
}

// finish ends the stream with the render's error (nil: complete) and
// returns the whole bytes.
func (l *liveStream) finish(err error) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done, l.err = true, err
	close(l.grew)
	l.grew = make(chan struct{})
	if l.idle != nil {
		l.idle.Stop()
	}
	return l.buf
}

// join counts a viewer in; leave counts it out, and cancels the render
// liveGrace after the last viewer left unless another joined meanwhile.
func (l *liveStream) join() {
	l.mu.Lock()
	l.viewers++
	if l.idle != nil {
		l.idle.Stop()
		l.idle = nil
	}
	l.mu.Unlock()
}

func (l *liveStream) leave() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.viewers--
	if l.viewers == 0 && !l.done {
		l.idle = time.AfterFunc(liveGrace, func() {
			l.mu.Lock()
			gone := l.viewers == 0
			l.mu.Unlock()
			if gone {
				l.cancel()
			}
		})
	}
}

// copyTo writes the stream to w from its first byte as it grows, flushing
// after each piece, until the render ends or ctx is done. It returns the
// bytes written and the render's error, or ctx's.
func (l *liveStream) copyTo(ctx context.Context, w http.ResponseWriter) (int, error) {
	l.join()
	defer l.leave()
	rc := http.NewResponseController(w)
	off := 0
	for {
		l.mu.Lock()
		chunk, done, err, grew := l.buf[off:], l.done, l.err, l.grew
		l.mu.Unlock()
		if len(chunk) > 0 {
			if _, werr := w.Write(chunk); werr != nil {
				return off, werr
			}
			rc.Flush() //nolint:errcheck // a writer that cannot flush still gets the bytes
			off += len(chunk)
			continue
		}
		if done {
			return off, err
		}
		select {
		case <-grew:
		case <-ctx.Done():
			return off, ctx.Err()
		}
	}
}
